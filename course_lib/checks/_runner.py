"""Run an instant check: the student's function on the stored cases, explained when wrong."""

from functools import lru_cache

from .. import stored_cases
from ..diagnosis import diagnose, run_student
from ..exercises import EXERCISES
from ..failure import CheckFailed


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
        verdict = diagnose(outcome, case["expected"], case["mistakes"], exercise.results)
        if not verdict.passed:
            raise CheckFailed(f"✗ {name} is not right yet", f"With {case['label']}: {verdict.message}")
    print(f"✓ {name} is right on all {len(cases)} check cases.")
