"""Hidden tests: a student's function against the reference on fresh random inputs.

Each hidden test draws inputs with sizes that are all different (so a
transpose fails loudly), computes the reference answer and each classic
mistake's answer, and explains a wrong answer the way the instant checks do.
The feedback says which case failed and why, never the hidden test's code
or its expected values.
"""

from course_lib.cases import distinct_sizes
from course_lib.diagnosis import diagnose, run_student
from course_lib.exercises import EXERCISES
from course_lib.failure import CheckFailed
from course_lib.reference.answers import evaluate

from .seeding import grading_rng


def grade_exercise(exercise_key, function):
    """Run the hidden test of ``exercise_key`` on ``function``; raise CheckFailed if any case is wrong."""
    __tracebackhide__ = True
    exercise = EXERCISES[exercise_key]
    if not callable(function):
        raise CheckFailed(f"✗ hidden test of {exercise.name} failed", f"{exercise.name} is not a function or class.")
    rng = grading_rng(exercise_key)
    scales = exercise.hidden_scales
    for number, scale in enumerate(scales, start=1):
        sizes = distinct_sizes(rng)
        args = exercise.make_args(rng, sizes, scale)
        expected, mistakes = evaluate(exercise, args)
        outcome = run_student(exercise.as_function(function), args)
        verdict = diagnose(outcome, expected, mistakes, exercise.results, show_values=False)
        if not verdict.passed:
            described = ", ".join(f"{name} = {size}" for name, size in sizes.items())
            raise CheckFailed(
                f"✗ hidden test of {exercise.name} failed",
                f"Random case {number} of {len(scales)} ({described}, entries of size about {scale:g}): {verdict.message}",
            )
    print(f"✓ {exercise.name} passes the hidden tests ({len(scales)} random cases).")
