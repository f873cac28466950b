"""Run a student's function on one input and say, in the lecture's terms, what is wrong.

Used by the instant checks in the notebooks and by the hidden tests, so that a
student reads the same explanation in both. Nothing here writes to stderr:
warnings raised by the student's code are recorded, not shown, and what it
prints to sys.stderr is set aside (nbgrader takes any stderr output in a test
cell as a failure, and a right answer must not lose points for a warning).
"""

import contextlib
import copy
import io
import os
import sys
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

from .mistakes import MISTAKES

RTOL = 1e-7
ATOL = 1e-9


@dataclass
class Outcome:
    """What happened when the student's function ran on one input."""

    value: object = None
    error: str = ""              # one readable paragraph when the function raised
    error_type: str = ""
    changed_args: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@dataclass
class Verdict:
    """Whether the answer is right, and if not, the mistake's key and the explanation."""

    passed: bool
    mistake: str = ""
    message: str = ""


def run_student(function, args):
    """Call ``function`` with copies of ``args`` (a dict, passed in order) and record what happened."""
    originals = copy.deepcopy(args)
    passed_in = copy.deepcopy(args)
    outcome = Outcome()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("always")
        try:
            outcome.value = function(*passed_in.values())
        except Exception as error:  # the student's code may raise anything
            outcome.error_type = type(error).__name__
            outcome.error = _describe_exception(error)
    outcome.warnings = [str(w.message) for w in caught]
    outcome.changed_args = [name for name in args if not _same(originals[name], passed_in[name])]
    return outcome


def _same(before, after):
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(_same(b, a) for b, a in zip(before, after))
    before, after = np.asarray(before), np.asarray(after)
    return before.shape == after.shape and np.array_equal(before, after, equal_nan=True)


_LIBRARY = os.path.dirname(os.path.abspath(__file__))
# Not the student's code: this library, and everything installed with Python (numpy's own lines among them).
_NOT_STUDENT_CODE = tuple({_LIBRARY, *(os.path.abspath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)
                                        if os.path.abspath(p) != os.path.abspath(os.sep))})


def _describe_exception(error):
    """The exception, and the last line of the student's own code it passed through."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not os.path.abspath(frame.filename).startswith(_NOT_STUDENT_CODE)]
    where = frames[-1].line.strip() if frames and frames[-1].line else ""
    return describe_raised(type(error).__name__, str(error), where)


def describe_raised(type_name, message, where=""):
    """One readable paragraph about an exception raised by the student's function."""
    if type_name == "NotImplementedError":
        return "The function is not written yet: it still raises NotImplementedError. Replace that line with your code."
    at = f" The error happened at: `{where}`." if where else ""
    return f"Your function raised {type_name}: {message}.{at}"


def _parts(value, count):
    """Split a result into its ``count`` parts, or return None if it does not have that many."""
    if count == 1:
        return [value]
    if isinstance(value, (tuple, list)) and len(value) == count:
        return list(value)
    return None


def _as_number_array(part):
    try:
        array = np.asarray(part)
    except Exception:
        return None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        return None
    return array


def _close(got, expected, equal_nan=False):
    return got.shape == expected.shape and np.allclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=equal_nan)


def _matching_mistake(arrays, mistakes):
    """The key of the first mistake whose result equals ``arrays`` (nan where it has nan), or ""."""
    for key, mistaken_parts in mistakes.items():
        if len(mistaken_parts) == len(arrays) and all(
            _close(got, np.asarray(m, dtype=float), equal_nan=True) for got, m in zip(arrays, mistaken_parts)
        ):
            return key
    return ""


def _explain(key, detail=""):
    mistake = MISTAKES[key]
    text = f"{mistake.title[0].upper()}{mistake.title[1:]}. {mistake.explanation}"
    return f"{text} {detail}".strip()


def _shape_hint(got, expected):
    if len(expected) == 1 and got == (expected[0], 1):
        return (" In this course a vector is a 1-D array of shape (n,), read as a column;"
                " a 2-D array of shape (n, 1) is a matrix. Use a 1-D result.")
    if len(expected) == 2 and got == expected[::-1]:
        return (" That is the transposed shape: rows and columns are swapped (check which side of a product"
                " each matrix goes on, and that each position is a column).")
    if expected == () and got != ():
        return " A score is a single number."
    return ""


def diagnose(outcome, expected, mistakes, results, show_values=True, judge=None):
    """Compare one outcome with the expected parts and the mistaken ones.

    expected: list of arrays (one per result part); mistakes: {mistake key: list of arrays};
    results: ((part name, shape formula), ...) from the exercise table;
    show_values: False for hidden tests, whose expected numbers the feedback must not reveal;
    judge: for an answer that is right within a range rather than to the last digits (an
    exercise's ``judge``, see ``course_lib.exercises``): (arrays, expected arrays) -> "" when
    right, a mistake key when wrong in a way it recognises, None to compare as usual.
    """
    if outcome.error:
        return Verdict(False, "not_written" if outcome.error_type == "NotImplementedError" else "raised", outcome.error)
    if outcome.value is None:
        return Verdict(False, "wrong_shape", "Your function returned None: is the `return` statement missing?")
    parts = _parts(outcome.value, len(results))
    if parts is None:
        names = ", ".join(name for name, _ in results)
        return Verdict(False, "wrong_shape", f"Return {len(results)} results, as a tuple ({names}); got {type(outcome.value).__name__}.")
    arrays = []
    for part, (name, _) in zip(parts, results):
        array = _as_number_array(part)
        if array is None:
            return Verdict(False, "wrong_dtype", f"{name} should be numbers, got {type(part).__name__}.")
        arrays.append(array)
    for array, (name, formula), wanted in zip(arrays, results, expected):
        wanted_shape = np.shape(wanted)
        if array.shape != wanted_shape:
            mistake = _matching_mistake(arrays, mistakes)
            if mistake:
                return Verdict(False, mistake, _explain(mistake))
            return Verdict(False, "wrong_shape",
                           f"{name} should have shape {formula} = {wanted_shape}, but yours has shape {array.shape}."
                           + _shape_hint(array.shape, wanted_shape))

    wants_integers = [np.issubdtype(np.asarray(w).dtype, np.integer) for w in expected]
    wants_bools = [np.asarray(w).dtype == bool for w in expected]
    expected_arrays = [np.asarray(w, dtype=float) for w in expected]
    finite_expected = all(np.all(np.isfinite(e)) for e in expected_arrays)
    if finite_expected and not all(np.all(np.isfinite(a)) for a in arrays):
        key = _matching_mistake(arrays, mistakes)
        if not key:
            overflowed = any("overflow" in warning for warning in outcome.warnings)
            key = "softmax_overflow" if overflowed and "softmax_overflow" in mistakes else "not_finite"
        return Verdict(False, key, _explain(key))

    judged = judge(arrays, expected_arrays) if judge else None
    if judged:
        return Verdict(False, judged, _explain(judged))
    if judged == "" or all(_close(a, e) for a, e in zip(arrays, expected_arrays)):
        if outcome.changed_args:
            return Verdict(False, "changed_inputs", _explain("changed_inputs", f"Changed: {', '.join(outcome.changed_args)}."))
        for array, (name, _), integer, boolean in zip(arrays, results, wants_integers, wants_bools):
            if boolean:
                if array.dtype != bool:
                    return Verdict(False, "wrong_dtype", f"{name} has dtype {array.dtype}; a mask holds True and False (dtype bool).")
                continue
            if integer and not np.issubdtype(array.dtype, np.integer):
                return Verdict(False, "wrong_dtype", f"{name} has dtype {array.dtype}; it counts something, so it should be a whole number (int).")
            if not integer and array.dtype != np.float64:
                return Verdict(False, "wrong_dtype", f"{name} has dtype {array.dtype}; it should be float64.")
        return Verdict(True)

    mistake = _matching_mistake(arrays, mistakes)
    changed = f" Also, your function changed its inputs: {', '.join(outcome.changed_args)}." if outcome.changed_args else ""
    if mistake:
        return Verdict(False, mistake, _explain(mistake) + changed)
    return Verdict(False, "wrong_values", _explain("wrong_values", _first_difference(arrays, expected_arrays, results, show_values)) + changed)


def _first_difference(arrays, expected_arrays, results, show_values):
    for array, wanted, (name, _) in zip(arrays, expected_arrays, results):
        if not _close(array, wanted):
            gap = np.abs(array - wanted)
            index = np.unravel_index(int(np.argmax(gap)), gap.shape) if gap.ndim else ()
            at = f"[{', '.join(str(i) for i in index)}]" if index else ""
            if not show_values:
                return f"The largest difference is in {name}{at}."
            return f"The largest difference is in {name}{at}: expected {wanted[index]:.6g}, got {array[index]:.6g}."
    return ""
