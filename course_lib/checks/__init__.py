"""Instant checks: ``check_<name>(name)`` right after each exercise, for every exercise in the series
(``check_<name>_<variant>(name)`` for a variant, e.g. check_softmax_columns_stable).

Each check runs the student's function (or class) on the stored cases of its
exercise and prints one line when all are right; otherwise it raises
CheckFailed, whose message names the mistake in the lecture's terms.
"""

from ..exercises import EXERCISES
from ._runner import run_check


def _make_check(exercise):
    def check(function):
        run_check(exercise.key, function)

    check.__name__ = check.__qualname__ = f"check_{exercise.label}"
    check.__doc__ = (f"Check your {exercise.name} (notebook {exercise.notebook}) on "
                     f"{len(exercise.checks)} fixed cases; explain what is wrong if it is not right.")
    return check


__all__ = []
for _exercise in EXERCISES.values():
    if _exercise.checks:
        globals()[f"check_{_exercise.label}"] = _make_check(_exercise)
        __all__.append(f"check_{_exercise.label}")
