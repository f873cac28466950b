"""Does a wrong function earn the points of its hidden test, for one student? The judge, called in-process.

The hidden test cell (``autograder.judge.grade_exercise``) draws the
student's ``hidden_cases`` and passes a function only when the judge
(``course_lib.diagnosis.diagnose``) passes it on every case. The same is
done here without nbgrader, and with the right answers of each student's
cases computed once, so that a thousand wrong functions can be judged for
200 students in CI time. The mistakes' answers and the explanation of a
failure are left out (``diagnose(..., explain=False)``): they change what the
feedback says, never whether a case passes.

Used by ``tests/autograder/test_wrong_answers.py`` (the catalogue) and
``tests/autograder/test_mutants.py`` (the mutants of the reference answers).
"""

import functools

from autograder.judge import hidden_cases
from course_lib.diagnosis import diagnose
from course_lib.exercises import EXERCISES
from course_lib.outcome import run_student
from course_lib.reference.answers import _reference_function as reference_function
from course_lib.reference.answers import as_parts

STUDENTS = tuple(f"student-{n:03d}" for n in range(200))
TIME_LIMIT = 1.0  # seconds per case: an endless loop is stopped, and loops for every student


@functools.lru_cache(maxsize=None)
def cases_with_answers(exercise_key, student):
    """((hidden case, expected parts), ...) of one student's hidden test of one exercise."""
    exercise = EXERCISES[exercise_key]
    reference = exercise.as_function(reference_function(exercise.name))
    return tuple((case, as_parts(reference(*case.args.values()), len(exercise.results)))
                 for case in hidden_cases(exercise_key, student))


def earns_a_point(exercise, written, student, as_reference=frozenset()):
    """Whether ``written`` (as the student hands it in) passes every hidden case of one student; None when it loops.

    as_reference: numbers (0-based) of cases on which ``written`` is known to do what the reference does
    (a mutant that never reaches its change there): they pass without being run.
    """
    function = exercise.as_function(written)
    for number, (case, expected) in enumerate(cases_with_answers(exercise.key, student)):
        if number in as_reference:
            continue
        outcome = run_student(function, case.args, time_limit=TIME_LIMIT)
        if outcome.timed_out:
            return None
        verdict = diagnose(outcome, expected, {}, exercise.results, show_values=False, judge=exercise.judge,
                           sizes=case.sizes, args=case.args, rows_are_positions=exercise.rows_are_positions,
                           explain=False)
        if not verdict.passed:
            return False
    return True


def students_earning(exercises, written, students=STUDENTS, as_reference=None):
    """The students for whom ``written`` passes every hidden test of ``exercises`` (one exercise and its variants,
    e.g. softmax_columns and softmax_columns_stable); [] for an endless loop, which loops for every student.

    as_reference: (exercise, student) -> the numbers of the cases to pass unrun (see ``earns_a_point``).
    """
    earning = []
    for student in students:
        earned = True
        for exercise in exercises:
            known = as_reference(exercise, student) if as_reference else frozenset()
            earned = earns_a_point(exercise, written, student, known)
            if not earned:
                break
        if earned is None:
            return []
        if earned:
            earning.append(student)
    return earning
