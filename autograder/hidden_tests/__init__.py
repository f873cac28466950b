"""Hidden tests, called from the notebooks' hidden test cells: ``grade_<name>(name)``.

One per exercise of ``course_lib.exercises`` (``grade_<name>_<variant>`` for a
variant, e.g. grade_softmax_columns_stable), each a call of
``autograder.judge.grade_exercise`` on that exercise's fresh random inputs.
"""

from course_lib.exercises import EXERCISES

from ..judge import grade_exercise


def _make_grader(exercise):
    def grade(function):
        __tracebackhide__ = True
        grade_exercise(exercise.key, function)

    name = f"grade_{exercise.label}"
    grade.__name__ = grade.__qualname__ = name
    grade.__doc__ = f"Hidden test of {exercise.key} on {len(exercise.hidden_plan)} random cases."
    return name, grade


GRADERS = dict(_make_grader(exercise) for exercise in EXERCISES.values())
globals().update(GRADERS)
__all__ = sorted(GRADERS)
