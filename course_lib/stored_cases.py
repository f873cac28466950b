"""The instant checks' fixed cases, stored as JSON with their expected answers.

The student release has no reference answers, so the checks compare with
answers computed ahead of time by ``course_lib.reference.build_check_data``
and kept in ``course_lib/check_data/<notebook>.json``: for each case its
arguments, the expected result, the result of each classic mistake, and the
right answers to the probes that locate a mistake (``course_lib.probes``).
"""

import json
from pathlib import Path

import numpy as np

CHECK_DATA = Path(__file__).parent / "check_data"
LECTURE_CHAIN = "lecture_chain"  # check_data/lecture_chain.json: the lecture example's I, Q, K, V, A, A', O


def encode(value):
    """Arrays and numbers become {"shape", "data"} (and "dtype": "int64" or "bool" where not float); lists become lists."""
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    array = np.asarray(value)
    if array.dtype == bool:
        return {"shape": list(array.shape), "data": [bool(x) for x in array.ravel()], "dtype": "bool"}
    if np.issubdtype(array.dtype, np.integer):
        return {"shape": list(array.shape), "data": [int(x) for x in array.ravel()], "dtype": "int64"}
    array = array.astype(np.float64)
    return {"shape": list(array.shape), "data": [float(x) for x in array.ravel()]}


def decode(value):
    """The inverse of ``encode``: arrays, a Python int or numpy float for a single number, lists of them."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    array = np.array(value["data"], dtype=value.get("dtype", "float64")).reshape(value["shape"])
    if array.ndim == 0:
        return array.item() if value.get("dtype") == "int64" else array[()]
    return array


def path_for(notebook):
    return CHECK_DATA / f"{notebook}.json"


def load(notebook):
    """{exercise name: [case dict with its "label", "sizes" and decoded "args", "expected", "mistakes", "probes"]}
    for one notebook: the fixed cases of the exercise table, then the regime cases the hidden test asks for
    (``course_lib.reference.build_check_data.regime_cases``)."""
    stored = json.loads(path_for(notebook).read_text())
    return {
        name: [
            {
                "label": case["label"],
                "sizes": case.get("sizes"),
                "args": {arg: decode(value) for arg, value in case["args"].items()},
                "expected": decode(case["expected"]),
                "mistakes": {key: decode(parts) for key, parts in case["mistakes"].items()},
                "probes": {key: decode(parts) for key, parts in case.get("probes", {}).items()},
            }
            for case in stored_cases
        ]
        for name, stored_cases in stored.items()
    }
