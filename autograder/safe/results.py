"""Read back what the sandbox recorded, as untrusted data: no link followed, sizes capped, every value checked.

Student code runs in the same sandbox as the runner and may have replaced
``results/`` or any file in it: by a link (to a file of the grader's
machine), a FIFO, a huge file, or a forged record (a dtype such as
``U268435456`` that would allocate gigabytes, an output past the cap, text
with terminal escapes or lone surrogates). Here the folder and each file are
read with ``untrusted_files``, parsed with ``untrusted_json``, and each record
is rebuilt: every text escaped (``shown_block``) and capped, every encoded
array checked for its dtype (float64, int64 or bool), its shape (at most
``NDIM_LIMIT`` dimensions, ``ARRAY_LIMIT`` entries) and its data (that many
plain numbers), and the record for the runner's shape (``_shape_problem``).
A record that fails any check reads as None: the judge counts it as
tampering.
"""

import math

from .shown_text import shown_block
from .untrusted_files import Refused, entries, opened_folder, read_regular
from .untrusted_json import parse

# These two are also ``autograder.settings.SETTINGS``' (the worker of a cluster imports this module, not the settings)
CELL_OUTPUT_CHARACTERS = 20_000  # of a cell's output the runner keeps (job.json tells it; the rest counted, then dropped)
RESULTS_FILE_BYTES = 64 * 1024**2  # a results file the sandbox wrote larger than this is not read
TEXT_LIMIT = CELL_OUTPUT_CHARACTERS + 200  # characters of any text in a record (the runner's cap, and its closing remark)
ARRAY_LIMIT = 10**6  # entries of one recorded array
NDIM_LIMIT = 8
DTYPES = ("float64", "int64", "bool")
_ENTRY_TYPES = {"float64": (int, float), "int64": (int,), "bool": (bool,)}


class Forged(ValueError):
    """A record that no honest runner writes."""


def _array(value):
    dtype = value.get("dtype", "float64")
    if dtype not in DTYPES or set(value) - {"shape", "data", "dtype"}:
        raise Forged(f"an array of dtype {dtype!r}")
    shape, data = value["shape"], value["data"]
    if not (isinstance(shape, list) and len(shape) <= NDIM_LIMIT
            and all(type(size) is int and 0 <= size <= ARRAY_LIMIT for size in shape)):
        raise Forged("an array shape that is not a short list of sizes")
    if math.prod(shape) > ARRAY_LIMIT or not isinstance(data, list) or len(data) != math.prod(shape):
        raise Forged("an array whose data does not fit its shape")
    allowed = _ENTRY_TYPES[dtype]
    if not all(type(entry) in allowed for entry in data):
        raise Forged(f"array entries that are not {dtype}")
    return {"shape": shape, "data": data, **({"dtype": dtype} if "dtype" in value else {})}


def checked(value):
    """A copy of a decoded record with every text escaped and capped and every array checked; Forged if any is not."""
    if isinstance(value, str):
        return shown_block(value, TEXT_LIMIT)
    if isinstance(value, dict):
        if "shape" in value or "data" in value:
            return _array(value)
        return {shown_block(key, 200): checked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [checked(item) for item in value]
    return value  # a number, a boolean or null


def read_results(folder, count):
    """{cell index: record} for the cells the runner finished; a file that is unreadable or forged maps to None.

    ``folder`` is the scratch folder (the grader's own); its ``results/`` is the sandbox's and is not trusted:
    when it is anything but a plain folder, every cell's record is None.
    """
    records = {}
    with opened_folder(folder, follow=True) as scratch:
        try:
            kind = {entry.name: entry.kind for entry in entries(scratch)}.get("results")
            if kind is None:
                return records  # the runner ended before it wrote anything
            with opened_folder("results", dir_fd=scratch) as results:
                present = {entry.name for entry in entries(results)}
                for index in range(count):
                    name = f"{index:03d}.json"
                    if name in present:
                        records[index] = _record(results, name)
        except Refused:
            return {index: None for index in range(count)}
    return records


def _shape_problem(record):
    """"" when the record has the runner's shape: an object; its cases a list of objects, each one's value (if
    any) an object and its operand shapes lists of sizes (``course_lib.outcome.Outcome.to_record``); its
    ``tampered`` and ``helpers`` and each case's ``changed_args`` and ``warnings`` lists of text."""
    if not isinstance(record, dict):
        return "not an object"
    cases = record.get("cases", [])
    if not isinstance(cases, list) or not all(isinstance(case, dict) for case in cases):
        return "cases that are not a list of objects"
    lists_of_text = [record.get("tampered", []), record.get("helpers", [])]
    lists_of_text += [case.get(key, []) for case in cases for key in ("changed_args", "warnings")]
    if not all(isinstance(names, list) and all(isinstance(n, str) for n in names) for names in lists_of_text):
        return "names that are not a list of text"
    if not all(isinstance(case.get("value", {}), dict) for case in cases):
        return "a value that is not an object"
    shapes = [case.get("operand_shapes", []) for case in cases]
    if not all(isinstance(listed, list) and all(isinstance(shape, list) and all(type(n) is int for n in shape)
                                                for shape in listed) for listed in shapes):
        return "operand shapes that are not lists of sizes"
    return ""


def _record(results, name):
    try:
        record = checked(parse(read_regular(results, name, RESULTS_FILE_BYTES), name))
    except (Refused, Forged, KeyError, TypeError):
        return None
    return None if _shape_problem(record) else record
