"""Run an instant check: the student's function on the stored cases, explained when wrong."""

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import attempts, stored_cases
from ..diagnosis import diagnose, result_parts
from ..exercises import EXERCISES
from ..failure import CheckFailed
from ..inherited import inherited_mistake
from ..messages import case_label, say
from ..outcome import run_student


def _offer(name):
    """After a failed attempt, where the reference answer is (only where this copy has one)."""
    if importlib.util.find_spec(f"{__package__.rsplit('.', 1)[0]}.reference") is None:
        return ""  # the student release: no reference answers to offer
    if Path.cwd().parent.parent.name == "autograded":
        return ""  # nbgrader is grading: the feedback goes to a student of a class
    return "\n" + say("check.offer_reference", name=name)


@lru_cache(maxsize=None)
def _cases(notebook):
    return stored_cases.load(notebook)


def judge_check_case(exercise, function, case, number):
    """The Verdict on one stored case (``number`` counts from 0 in ``exercise.checks``)."""
    outcome = run_student(exercise.as_function(function), case["args"])
    sizes = case.get("sizes") or (exercise.checks[number].sizes if number < len(exercise.checks) else None)
    return diagnose(outcome, case["expected"], case["mistakes"], exercise.results, judge=exercise.judge,
                    sizes=sizes, args=case["args"], rows_are_positions=exercise.rows_are_positions,
                    probes=case.get("probes"), ask=_Asker(exercise, function))


class _Asker:
    """Asks ``function`` a probe (``course_lib.probes``): its parts on other arguments, or None when it fails
    there. After one probe runs out of time, no other is asked: the check returns within its limit."""

    def __init__(self, exercise, function):
        self.exercise, self.function, self.stopped = exercise, function, False
        self.name = exercise.name  # the function's name, for the messages that say "inside <name>"

    def __call__(self, args):
        if self.stopped:
            return None
        outcome = run_student(self.exercise.as_function(self.function), args, time_limit=PROBE_TIME_LIMIT)
        self.stopped = bool(outcome.timed_out)
        if outcome.raised or outcome.timed_out or outcome.unreadable or outcome.value is None:
            return None
        parts = result_parts(outcome.value, len(self.exercise.results))
        try:
            return None if parts is None else [np.asarray(part, dtype=float) for part in parts]
        except (TypeError, ValueError, OverflowError):
            return None


PROBE_TIME_LIMIT = 1.0  # seconds for one probe


def first_failure(exercise, function):
    """(case label, Verdict) of the first stored case ``function`` gets wrong, or None when all are right."""
    for number, case in enumerate(_cases(exercise.notebook)[exercise.label]):
        verdict = judge_check_case(exercise, function, case, number)
        if not verdict.passed:
            return case["label"], verdict
    return None


def run_check(exercise_key, function):
    """Check ``function`` against the stored cases of the exercise ``exercise_key`` (notebook/name[:variant]).

    Prints one line when every case is right; raises CheckFailed with the
    explanation of the first wrong case otherwise.
    """
    exercise = EXERCISES[exercise_key]
    notebook, name = exercise.notebook, exercise.name
    if not callable(function):
        raise CheckFailed(say("check.not_callable_heading", name=name),
                          say("check.not_callable", name=name, type=type(function).__name__))
    failure = first_failure(exercise, function)
    attempts.record(name)
    if failure:
        label, verdict = failure
        explanation = inherited_mistake(exercise, function, first_failure) or verdict.message
        raise CheckFailed(say("check.failed_heading", name=name),
                          say("check.failed", case=case_label(label), explanation=explanation) + _offer(name))
    print(say("check.passed", name=name, count=len(_cases(notebook)[exercise.label])))
