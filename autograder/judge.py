"""Hidden tests: a student's function against the reference on fresh random inputs.

Each hidden test draws inputs with sizes that are all different (so a
transpose fails loudly), computes the reference answer and each classic
mistake's answer, and explains a wrong answer the way the instant checks do.
The feedback says which case failed and why, never the hidden test's code
or its expected values.

Two ways to use them: in the notebook's hidden test cells (``grade_exercise``,
for plain ``nbgrader autograde`` and the pytest path), and in the safe
pipeline, which draws the same ``hidden_cases`` and judges outside the
student's process (``autograder.safe``).
"""

from dataclasses import dataclass

import numpy as np

from course_lib.cases import distinct_sizes
from course_lib.diagnosis import diagnose, run_student
from course_lib.exercises import EXERCISES, Exercise
from course_lib.failure import CheckFailed
from course_lib.reference.answers import evaluate

from .seeding import grading_rng


@dataclass
class HiddenCase:
    number: int
    total: int
    sizes: dict
    scale: float
    args: dict
    every_size: bool = False  # name every size, not only those the arguments' shapes show

    def describe(self):
        """"Random case 2 of 3 (d_k = 5, N = 8, ...)": the sizes the arguments have (all sizes differ), or all."""
        used = set()
        for value in self.args.values():
            for part in value if isinstance(value, list) else [value]:
                used.update(np.shape(part) or ([part] if isinstance(part, int) else []))
            if isinstance(value, list):
                used.add(len(value))
        sizes = ", ".join(f"{name} = {size}" for name, size in self.sizes.items()
                          if self.every_size or size in used)
        has_entries = any(np.asarray(part).dtype.kind == "f" for value in self.args.values()
                          for part in (value if isinstance(value, list) else [value]))
        entries = f", entries of size about {self.scale:g}" if has_entries else ""
        return f"Random case {self.number} of {self.total} ({sizes}{entries})"


def hidden_cases(exercise_key, student=None):
    """The hidden test's inputs for one student: distinct random sizes, then random entries."""
    exercise = EXERCISES[exercise_key]
    rng = grading_rng(exercise_key, student)
    scales = exercise.hidden_scales
    cases = []
    for number, scale in enumerate(scales, start=1):
        sizes = distinct_sizes(rng, exercise.sizes)
        cases.append(HiddenCase(number, len(scales), sizes, scale, exercise.make_args(rng, sizes, scale),
                                every_size=exercise.sizes != Exercise.sizes))
    return cases


def grade_exercise(exercise_key, function):
    """Run the hidden test of ``exercise_key`` on ``function``; raise CheckFailed if any case is wrong."""
    __tracebackhide__ = True
    exercise = EXERCISES[exercise_key]
    if not callable(function):
        raise CheckFailed(f"✗ hidden test of {exercise.name} failed", f"{exercise.name} is not a function or class.")
    cases = hidden_cases(exercise_key)
    for case in cases:
        expected, mistakes = evaluate(exercise, case.args)
        outcome = run_student(exercise.as_function(function), case.args)
        verdict = diagnose(outcome, expected, mistakes, exercise.results, show_values=False, judge=exercise.judge)
        if not verdict.passed:
            raise CheckFailed(f"✗ hidden test of {exercise.name} failed", f"{case.describe()}: {verdict.message}")
    print(f"✓ {exercise.name} passes the hidden tests ({len(cases)} random cases).")
