"""The judge: is one outcome of the student's function right, and if not, what is wrong, in the lecture's terms.

One comparison for the instant checks, the hidden tests and the safe
pipeline alike. ``course_lib.outcome.run_student`` calls the function and
records an ``Outcome`` (in the sandbox too, as plain data); ``diagnose``
compares it with the right answer and explains, in this order: an error
(numpy's sizes read back as symbols), a result of the wrong type or shape,
nan or inf, then a wrong value, named by one of the course's known mistakes
(``course_lib.messages.mistake``) or else by how it relates to the right answer
(``course_lib.relations``). Every sentence comes from ``course_lib.messages``.
"""

from dataclasses import dataclass

import numpy as np

from . import numpy_errors, relations
from . import probes as probes_module
from .messages import mistake as named_mistake
from .messages import say, sentence_start
from .symbols import shape_in_symbols, sizes_used

RTOL = 1e-7
ATOL = 1e-9


@dataclass
class Verdict:
    """Whether the answer is right; if not, the mistake's key, the explanation, and the relation that named it."""

    passed: bool
    mistake: str = ""
    message: str = ""
    relation: str = ""  # the relation (or numpy error) that explained it, when no listed mistake did


def describe_raised(type_name, message, where=""):
    """One readable paragraph about an exception raised by the student's function."""
    if type_name == "NotImplementedError":
        return say("judge.not_written")
    if where:
        return say("judge.raised_at", type=type_name, message=message, line=where)
    return say("judge.raised", type=type_name, message=message)


def result_parts(value, count):
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


def explain_mistake(key, detail=""):
    """The named mistake's title and explanation (``course_lib.messages.mistake``), with a detail after them."""
    mistake = named_mistake(key)
    title = sentence_start(mistake.title)
    if detail:
        return say("judge.mistake_detail", title=title, explanation=mistake.explanation, detail=detail)
    return say("judge.mistake", title=title, explanation=mistake.explanation)


ARGUMENT_CHANGES = {
    "reversed": "relation.argument_reversed", "shifted": "relation.argument_shifted",
    "first_left_out": "relation.argument_first_left_out", "last_left_out": "relation.argument_last_left_out",
    "zeroed": "relation.argument_zeroed", "transposed": "relation.argument_transposed",
    "inverted": "relation.argument_inverted", "plus_one": "relation.argument_plus_one",
    "minus_one": "relation.argument_minus_one", "one": "relation.argument_one",
    "all_allowed": "relation.argument_all_allowed",
}
REPLACED = "replaced_by_"  # "argument:replaced_by_Wq:Wk": W^q where W^k belongs


def _matched(key, arrays, expected_arrays, results, detail=""):
    """The Verdict for a match with a named mistake, or with the right answer on a misread argument."""
    if not key.startswith("argument:"):
        return Verdict(False, key, f"{explain_mistake(key)} {detail}".strip())
    _, change, argument = key.split(":", 2)
    name = next((name for a, e, (name, _) in zip(arrays, expected_arrays, results) if not _close(a, e)),
                results[0][0])
    if change.startswith(REPLACED):
        key, fields = "relation.argument_replaced", {"other": probes_module.results_name(change[len(REPLACED):])}
        argument = probes_module.results_name(argument)
    else:
        key, fields = ARGUMENT_CHANGES[change], {}
    text = f"{say(key, name=name, argument=argument, **fields)} {detail}".strip()
    return Verdict(False, "wrong_values", text, relation=key)


def _shape_hint(got, expected):
    if len(expected) == 1 and got == (expected[0], 1):
        return say("judge.hint_vector")
    if len(expected) == 2 and got == expected[::-1]:
        return say("judge.hint_transposed_shape")
    if expected == () and got != ():
        return say("judge.hint_scalar")
    return ""


def _is_scalar(formula):
    return formula.strip() == "()"


def _wrong_type(part, name, formula):
    """A message when a part that should be an array is a Python list or tuple (numbers inside or not)."""
    if not _is_scalar(formula) and isinstance(part, (list, tuple)):
        return Verdict(False, "wrong_dtype", say("judge.not_an_array", name=name, formula=formula,
                                                   type=type(part).__name__), relation="not_an_array")
    return None


def _where_not_finite(array):
    bad = ~np.isfinite(array)
    what = " and ".join(word for word, found in (("nan", np.isnan(array).any()), ("inf", np.isinf(array).any()))
                        if found)
    spots = np.argwhere(bad)
    if array.ndim == 2 and bad.all(axis=0).any() and bad[:, ~bad.all(axis=0)].sum() == 0:
        columns = np.flatnonzero(bad.all(axis=0))
        return what, say("judge.where_columns", columns=", ".join(str(c) for c in columns[:6]))
    if array.ndim == 0:
        return what, say("judge.where_only_entry")
    listed = ", ".join("[" + ", ".join(str(int(i)) for i in spot) + "]" for spot in spots[:4])
    if len(spots) > 4:
        return what, say("judge.where_more", listed=listed, more=len(spots) - 4)
    return what, listed


def _error_verdict(outcome, sizes):
    if outcome.error_type == "NotImplementedError":
        return Verdict(False, "not_written", describe_raised(outcome.error_type, outcome.error_message))
    message = describe_raised(outcome.error_type, outcome.error_message, outcome.error_line)
    explained = numpy_errors.explain(outcome.error_type, outcome.error_message, outcome.operand_shapes, sizes)
    if explained:
        key, params = explained
        message = f"{message} {say('judge.in_course_words', explanation=say(key, **params))}"
        return Verdict(False, "raised", message, relation=key)
    return Verdict(False, "raised", message)


def diagnose(outcome, expected, mistakes, results, show_values=True, judge=None, sizes=None, args=None,
             rows_are_positions=False, explain=True, probes=None, ask=None):
    """Compare one outcome with the expected parts and the mistaken ones.

    expected: list of arrays (one per result part); mistakes: {mistake key: list of arrays};
    results: ((part name, shape formula), ...) from the exercise table;
    show_values: False for hidden tests, whose expected numbers the feedback must not reveal;
    judge: for an answer that is right within a range rather than to the last digits (an
    exercise's ``judge``, see ``course_lib.exercises``): (arrays, expected arrays) -> "" when
    right, a mistake key when wrong in a way it recognises, None to compare as usual;
    sizes: {symbol: size} of the case, to say shapes and factors in symbols; args: its arguments;
    rows_are_positions: the exercise puts positions in rows (the other convention);
    explain: False to decide only whether the answer passes: a wrong shape or wrong values
    get no explanation (no search among the mistakes and relations), for speed;
    probes, ask: the right answers to the case's probes and a way to ask the student's function the same
    (``course_lib.probes``), where the function can be rerun (the instant checks), to locate what relations miss.
    """
    all_sizes = sizes
    sizes = sizes_used(sizes, args, expected)
    if outcome.timed_out:
        return Verdict(False, "timed_out", say("judge.timed_out", seconds=outcome.timed_out), relation="timed_out")
    if outcome.raised:
        return _error_verdict(outcome, sizes)
    if outcome.unreadable:
        return Verdict(False, "wrong_dtype", say("judge.unreadable", what=outcome.unreadable))
    if outcome.value is None:
        return Verdict(False, "wrong_shape", say("judge.returned_none"))
    parts = result_parts(outcome.value, len(results))
    if len(results) > 1 and isinstance(outcome.value, list):
        names = ", ".join(name for name, _ in results)
        return Verdict(False, "wrong_dtype", say("judge.not_a_tuple", count=len(results), names=names,
                                                   type=type(outcome.value).__name__), relation="not_a_tuple")
    if parts is None:
        names = ", ".join(name for name, _ in results)
        return Verdict(False, "wrong_shape", say("judge.part_count", count=len(results), names=names,
                                                   type=type(outcome.value).__name__))
    arrays = []
    for part, (name, formula) in zip(parts, results):
        array = _as_number_array(part)
        if array is None:
            return Verdict(False, "wrong_dtype", say("judge.not_numbers", name=name, type=type(part).__name__))
        arrays.append(array)
    expected_arrays = [np.asarray(w, dtype=float) for w in expected]
    for array, (name, formula), wanted in zip(arrays, results, expected):
        wanted_shape = np.shape(wanted)
        if array.shape != wanted_shape:
            if not explain:
                return Verdict(False, "wrong_shape", "")
            mistake = _matching_mistake(arrays, mistakes)
            if mistake:
                return _matched(mistake, arrays, expected_arrays, results)
            if array.dtype.kind in "fiub":
                related = relations.relate_shapes(array.astype(float), np.asarray(wanted, dtype=float), name,
                                                  formula, sizes, args)
                if related:
                    key, params = related
                    return Verdict(False, "wrong_shape", say(key, name=name, formula=formula, got=array.shape,
                                                               wanted=wanted_shape, **params), relation=key)
            symbols = shape_in_symbols(array.shape, sizes) if sizes and array.shape else ""
            if symbols and any(c.isalpha() for c in symbols):
                text = say("judge.wrong_shape_symbols", name=name, formula=formula, wanted=wanted_shape,
                           got=array.shape, symbols=symbols)
            else:
                text = say("judge.wrong_shape", name=name, formula=formula, wanted=wanted_shape, got=array.shape)
            hint = _shape_hint(array.shape, wanted_shape)
            return Verdict(False, "wrong_shape", f"{text} {hint}".strip(), relation="shape" if symbols else "")
    for part, (name, formula) in zip(parts, results):
        wrong_type = _wrong_type(part, name, formula)
        if wrong_type:
            return wrong_type

    wants_integers = [np.issubdtype(np.asarray(w).dtype, np.integer) for w in expected]
    wants_bools = [np.asarray(w).dtype == bool for w in expected]
    finite_expected = all(np.all(np.isfinite(e)) for e in expected_arrays)
    if finite_expected and not all(np.all(np.isfinite(a)) for a in arrays):
        key = _matching_mistake(arrays, mistakes)
        if key:
            return _matched(key, arrays, expected_arrays, results)
        overflowed = any("overflow" in warning for warning in outcome.warnings)
        key = "softmax_overflow" if overflowed and "softmax_overflow" in mistakes else "not_finite"
        name, array = next((name, a) for a, (name, _) in zip(arrays, results) if not np.all(np.isfinite(a)))
        what, where = _where_not_finite(array)
        return Verdict(False, key, explain_mistake(key, say("judge.not_finite_where", name=name, what=what, where=where)),
                       relation="not_finite")

    judged = judge(arrays, expected_arrays) if judge else None
    if judged:
        return Verdict(False, judged, explain_mistake(judged))
    if judged == "" or all(_close(a, e) for a, e in zip(arrays, expected_arrays)):
        if outcome.changed_args:
            return Verdict(False, "changed_inputs",
                           explain_mistake("changed_inputs", say("judge.changed", names=", ".join(outcome.changed_args))))
        for array, (name, _), integer, boolean in zip(arrays, results, wants_integers, wants_bools):
            if boolean:
                if array.dtype != bool:
                    return Verdict(False, "wrong_dtype", say("judge.dtype_mask", name=name, dtype=array.dtype))
                continue
            if integer and not np.issubdtype(array.dtype, np.integer):
                return Verdict(False, "wrong_dtype", say("judge.dtype_integer", name=name, dtype=array.dtype))
            if not integer and array.dtype != np.float64:
                return Verdict(False, "wrong_dtype", say("judge.dtype_float", name=name, dtype=array.dtype))
        return Verdict(True)

    if not explain:
        return Verdict(False, "wrong_values", "")
    mistake = _matching_mistake(arrays, mistakes)
    changed = say("judge.also_changed", names=", ".join(outcome.changed_args)) if outcome.changed_args else ""
    if mistake:
        return _matched(mistake, arrays, expected_arrays, results, changed)
    swapped = _swapped_parts(arrays, expected_arrays, results)
    if swapped:
        return swapped
    for array, wanted, (name, formula) in zip(arrays, expected_arrays, results):
        if _close(array, wanted):
            continue
        related = relations.relate(array.astype(float), wanted, name, formula, sizes, args, rows_are_positions)
        if related:
            key, params = related
            where = _first_difference(arrays, expected_arrays, results, show_values=False)
            text = f"{say(key, name=name, formula=formula, **params)} {where} {changed}"
            return Verdict(False, "wrong_values", " ".join(text.split()), relation=key)
    name = next(name for a, e, (name, _) in zip(arrays, expected_arrays, results) if not _close(a, e))
    located = None
    if ask:
        asked = {**(probes or {}), **probes_module.zeroed_answers(mistakes)}
        with np.errstate(all="ignore"):
            located = probes_module.explain(asked, ask, args, all_sizes, arrays, expected_arrays, results)
    if located is None:
        located = _some_parts(arrays, expected_arrays, results)
    if located:
        key, params = located
        text = f"{say(key, **{'name': name, **params})} {changed}"
        return Verdict(False, "wrong_values", " ".join(text.split()), relation=key)
    detail = _first_difference(arrays, expected_arrays, results, show_values)
    return Verdict(False, "wrong_values", f"{explain_mistake('wrong_values', detail)} {changed}".strip())


def _some_parts(arrays, expected_arrays, results):
    """(message id, parameters) when some of several returned parts are right and others wrong, or None."""
    right = [name for a, e, (name, _) in zip(arrays, expected_arrays, results) if _close(a, e)]
    if len(results) < 2 or not right:
        return None
    wrong = [name for a, e, (name, _) in zip(arrays, expected_arrays, results) if not _close(a, e)]
    return "relation.some_parts", {"right": ", ".join(right), "wrong": ", ".join(wrong),
                                   "names": ", ".join(name for name, _ in results)}


def _swapped_parts(arrays, expected_arrays, results):
    """A Verdict when one returned part is another part's right value (the results in the wrong order)."""
    names = ", ".join(name for name, _ in results)
    for i, array in enumerate(arrays):
        if _close(array, expected_arrays[i]):
            continue
        for j, wanted in enumerate(expected_arrays):
            if j != i and array.shape == wanted.shape and _close(array, wanted) and not _close(wanted, expected_arrays[i]):
                return Verdict(False, "wrong_values", say("relation.parts_swapped", got_name=results[i][0],
                                                           wanted_name=results[j][0], names=names),
                               relation="relation.parts_swapped")
    return None


def _distinct(expected, got):
    """The two numbers with enough digits to tell them apart (6 when that is enough, up to 17)."""
    for digits in range(6, 18):
        left, right = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if left != right:
            return left, right
    return f"{expected!r}", f"{got!r}"


def _first_difference(arrays, expected_arrays, results, show_values):
    for array, wanted, (name, _) in zip(arrays, expected_arrays, results):
        if not _close(array, wanted):
            gap = np.abs(array - wanted)
            index = np.unravel_index(int(np.argmax(gap)), gap.shape) if gap.ndim else ()
            at = f"[{', '.join(str(i) for i in index)}]" if index else ""
            if not show_values:
                return say("judge.difference_at", name=name, index=at)
            shown_expected, shown_got = _distinct(float(wanted[index]), float(array[index]))
            return say("judge.difference_values", name=name, index=at, expected=shown_expected, got=shown_got)
    return ""
