"""Run an instant check: the student's function on the stored cases, explained when wrong."""

import importlib.util
from functools import lru_cache
from pathlib import Path

from .. import stored_cases
from ..diagnosis import diagnose, run_student
from ..exercises import EXERCISES
from ..failure import CheckFailed


def _offer(name):
    """After a failed attempt, where the reference answer is (only where this copy has one)."""
    if importlib.util.find_spec(f"{__package__.rsplit('.', 1)[0]}.reference") is None:
        return ""  # the student release: no reference answers to offer
    if Path.cwd().parent.parent.name == "autograded":
        return ""  # nbgrader is grading: the feedback goes to a student of a class
    return f"\nWhen you want to compare with the reference answer: course_lib.show_reference(\"{name}\")"


@lru_cache(maxsize=None)
def _cases(notebook):
    return stored_cases.load(notebook)


def run_check(exercise_key, function):
    """Check ``function`` against the stored cases of the exercise ``exercise_key`` (notebook/name[:variant]).

    Prints one line when every case is right; raises CheckFailed with the
    explanation of the first wrong case otherwise.
    """
    exercise = EXERCISES[exercise_key]
    notebook, name = exercise.notebook, exercise.name
    if not callable(function):
        raise CheckFailed(f"✗ {name}: not a function",
                          f"Pass the function itself, e.g. check_{name}({name}), not {type(function).__name__}.")
    cases = _cases(notebook)[exercise.label]
    for case in cases:
        outcome = run_student(exercise.as_function(function), case["args"])
        verdict = diagnose(outcome, case["expected"], case["mistakes"], exercise.results, judge=exercise.judge)
        if not verdict.passed:
            raise CheckFailed(f"✗ {name} is not right yet", f"With {case['label']}: {verdict.message}" + _offer(name))
    print(f"✓ {name} is right on all {len(cases)} check cases.")
