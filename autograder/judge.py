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

from course_lib.exercises import distinct_sizes
from course_lib.checks._runner import first_failure
from course_lib.diagnosis import diagnose
from course_lib.exercises import EXERCISES, Exercise
from course_lib.failure import CheckFailed
from course_lib.inherited import inherited_mistake
from course_lib.messages import say
from course_lib.outcome import run_student
from course_lib.reference.answers import evaluate
from course_lib.symbols import sizes_shown_by

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
        used = sizes_shown_by(self.args)
        sizes = ", ".join(f"{name} = {size}" for name, size in self.sizes.items()
                          if self.every_size or size in used)
        has_entries = any(np.asarray(part).dtype.kind == "f" for value in self.args.values()
                          for part in (value if isinstance(value, list) else [value]))
        if has_entries and sizes:
            return say("hidden.case_with_entries", number=self.number, total=self.total, sizes=sizes, scale=self.scale)
        if has_entries:
            return say("hidden.case_entries_only", number=self.number, total=self.total, scale=self.scale)
        return say("hidden.case", number=self.number, total=self.total, sizes=sizes)


def hidden_cases(exercise_key, student=None):
    """The hidden test's inputs for one student: distinct random sizes, then random entries, one case per regime."""
    exercise = EXERCISES[exercise_key]
    rng = grading_rng(exercise_key, student)
    plan = exercise.hidden_plan
    cases = []
    for number, (scale, regime) in enumerate(plan, start=1):
        draw = regime.sizes if regime is not None and regime.sizes is not None else distinct_sizes
        sizes = draw(rng, exercise.sizes)
        args = exercise.make_args(rng, sizes, scale)
        if regime is not None and regime.adjust is not None:
            args = regime.adjust(rng, args)
        cases.append(HiddenCase(number, len(plan), sizes, scale, args, every_size=exercise.sizes != Exercise.sizes))
    return cases


def judge_hidden_case(exercise, case, outcome):
    """The Verdict on one hidden case, from the outcome of the student's function on it."""
    expected, mistakes = evaluate(exercise, case.args)
    return diagnose(outcome, expected, mistakes, exercise.results, show_values=False, judge=exercise.judge,
                    sizes=case.sizes, args=case.args, rows_are_positions=exercise.rows_are_positions)


def grade_exercise(exercise_key, function):
    """Run the hidden test of ``exercise_key`` on ``function``; raise CheckFailed if any case is wrong."""
    __tracebackhide__ = True
    exercise = EXERCISES[exercise_key]
    heading = say("hidden.failed_heading", name=exercise.name)
    if not callable(function):
        raise CheckFailed(heading, say("hidden.not_callable", name=exercise.name))
    cases = hidden_cases(exercise_key)
    for case in cases:
        verdict = judge_hidden_case(exercise, case, run_student(exercise.as_function(function), case.args))
        if not verdict.passed:
            explanation = inherited_mistake(exercise, function, first_failure) or verdict.message
            raise CheckFailed(heading, say("hidden.failed", case=case.describe(), explanation=explanation))
    print(say("hidden.passed", name=exercise.name, count=len(cases)))
