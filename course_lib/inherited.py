"""Mistakes inherited from an earlier exercise: the student's function calls their own earlier function, which is wrong.

A later exercise often reuses an earlier one (self_attention calls the
student's softmax_columns). When the later result is wrong because the earlier
function is, the student should hear about the earlier one first, not rewrite
code that is right.
"""

import types

from .exercises import EXERCISES
from .messages import case_label, say


def _code_names(code):
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _code_names(constant)
    return names


def _functions_of(written):
    if isinstance(written, type):
        return [member for member in vars(written).values() if isinstance(member, types.FunctionType)]
    function = getattr(written, "__func__", written)
    return [function] if isinstance(function, types.FunctionType) else []


def helpers_called(exercise, written):
    """[(earlier Exercise, the student's function for it)] that ``written`` calls by name, in series order."""
    functions = _functions_of(written)
    names = set().union(*(_code_names(f.__code__) for f in functions)) if functions else set()
    scope = {}
    for function in functions:
        scope.update(function.__globals__)
    found = []
    for other in EXERCISES.values():
        if other.name == exercise.name:
            break  # only exercises that come before this one
        helper = scope.get(other.name)
        if (other.variant or not other.checks or other.name not in names or not callable(helper)
                or str(getattr(helper, "__module__", "")).startswith("course_lib")):
            continue
        found.append((other, helper))
    return found


def inherited_mistake(exercise, written, first_failure):
    """The message about the first earlier function ``written`` calls that is wrong, or "".

    first_failure(exercise, function) -> (case label, Verdict) or None: how the earlier function is judged
    (its own instant check's cases).
    """
    for helper, function in helpers_called(exercise, written):
        failure = first_failure(helper, function)
        if failure:
            label, verdict = failure
            return say("judge.inherited", name=exercise.name, helper=helper.name, notebook=helper.notebook,
                       explanation=say("check.failed", case=case_label(label), explanation=verdict.message))
    return ""
