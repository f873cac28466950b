"""The expected answer and each classic mistake's answer for one exercise's arguments.

Used to build the instant checks' stored cases and, at grading time, by the
hidden tests on fresh random arguments.
"""

import importlib

import numpy as np

from ..probes import probe_args, probe_keys
from .mistaken import MISTAKEN


def _reference_function(name):
    return getattr(importlib.import_module(__package__), name)


def as_parts(value, count):
    """A result as a list of its parts (a pair (q, k) has two, everything else one)."""
    return list(value) if count > 1 else [value]


def changed_arguments(args):
    """(key, arguments) for each way one argument can be misread: reversed, shifted by one position, its first or
    last position left out, left out altogether, transposed, replaced by another argument of its shape; a mask
    transposed, inverted or allowing everything; a whole number off by one. The key is "argument:<change>:<name>" (see ``course_lib.diagnosis``): no entry per exercise is needed."""
    for name, value in args.items():
        changes = []
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim >= 1 and value.shape[-1] > 1:
            first, last = value.copy(), value.copy()
            first[..., 0] = 0.0
            last[..., -1] = 0.0
            changes = [("reversed", value[..., ::-1].copy()), ("shifted", np.roll(value, 1, axis=-1)),
                       ("first_left_out", first), ("last_left_out", last), ("zeroed", np.zeros_like(value))]
            if value.ndim == 2 and value.shape[0] == value.shape[1]:
                changes.append(("transposed", value.T.copy()))
        elif isinstance(value, np.ndarray) and value.dtype == bool and value.ndim == 2:
            changes = [("transposed", value.T.copy()), ("inverted", ~value), ("all_allowed", np.ones_like(value))]
        elif isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > 1:
            changes = [("plus_one", int(value) + 1), ("minus_one", int(value) - 1), ("one", 1)]
        changes += [(f"replaced_by_{other}", other_value.copy()) for other, other_value in args.items()
                    if other != name and _same_kind_of_array(value, other_value)]
        for change, changed in changes:
            yield f"argument:{change}:{name}", {**args, name: changed}


def _same_kind_of_array(value, other):
    """Two float arrays of one shape: one can stand where the other belongs (W^q for W^k, Q for K)."""
    return all(isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.ndim >= 1 for v in (value, other)) \
        and value.shape == other.shape


def _differs(parts, others):
    return all(not (len(parts) == len(other) and all(
        np.shape(p) == np.shape(o) and np.allclose(np.asarray(p, dtype=float), np.asarray(o, dtype=float),
                                                   equal_nan=True) for p, o in zip(parts, other)))
        for other in others)


def evaluate(exercise, args):
    """The expected parts and each mistake's parts for one set of arguments.

    ``exercise.name`` is looked up among the reference answers (a class is
    called through ``exercise.as_function``, see ``course_lib.exercises``).
    After the named mistakes come the reference's results on misread
    arguments (``changed_arguments``), where they differ from everything before.
    """
    count = len(exercise.results)
    reference = exercise.as_function(_reference_function(exercise.name))
    expected = as_parts(reference(*args.values()), count)
    mistakes = {}
    for key, wrong in MISTAKEN.get(exercise.base_key, {}).items():
        try:
            with np.errstate(all="ignore"):
                mistakes[key] = as_parts(wrong(*args.values()), count)
        except ValueError:
            pass  # this mistake cannot even be computed at these sizes (e.g. A' V when N != d_v)
    # Not for a lone number (any misreading may hit it by chance), nor for a gradient check (too slow to rerun).
    if exercise.judge is None and any(np.size(part) > 1 for part in expected):
        for key, changed in changed_arguments(args):
            try:
                with np.errstate(all="ignore"):
                    parts = as_parts(reference(*changed.values()), count)
            except Exception:
                continue  # the reference refuses the misread arguments (e.g. a size of 1)
            all_zeros = all(not np.any(np.asarray(part, dtype=float)) for part in parts)
            if _differs(parts, [expected, *mistakes.values()]) and not all_zeros:
                mistakes[key] = parts
    return expected, mistakes


def probe_answers(exercise, args, sizes, expected):
    """{probe key: the reference's parts} for the probes of one case (``course_lib.probes``), where the
    reference accepts the probe's arguments."""
    if exercise.judge is not None:
        return {}  # a gradient check is too slow to rerun, and right within a range only
    count = len(exercise.results)
    reference = exercise.as_function(_reference_function(exercise.name))
    answers = {}
    for key in probe_keys(args, expected, sizes):
        try:
            with np.errstate(all="ignore"):
                answers[key] = as_parts(reference(*probe_args(key, args, sizes).values()), count)
        except Exception:
            continue
    return answers
