"""Does any wrong answer of the catalogue earn a point from its hidden test, for any of 200 students?

The catalogue (``autograder/benchmarks/wrong_answers.py``) holds realistic
wrong answers nobody listed as a named mistake; the hidden cases of every
student must catch each of them, whatever that student's random sizes.
"""

import time

import numpy as np
import pytest

from autograder.benchmarks.wrong_answers import CATALOGUE
from autograder.benchmarks.hidden_points import students_earning
from course_lib.checks._runner import first_failure
from course_lib.exercises import EXERCISES
from course_lib.inherited import inherited_mistake
from course_lib.outcome import run_student
from course_lib.reference.answers import as_parts, evaluate
from course_lib.stored_cases import load

NOTEBOOKS = sorted({answer.notebook for answer in CATALOGUE})


def test_the_catalogue_has_150_answers_across_all_thirteen_notebooks():
    assert len(CATALOGUE) >= 150
    assert len(NOTEBOOKS) == 13
    assert len({(answer.exercise, answer.label) for answer in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("answer", CATALOGUE, ids=[f"{a.exercise}-{a.label}" for a in CATALOGUE])
def test_each_answer_differs_from_the_listed_mistakes_on_the_first_check_case(answer):
    """The catalogue is not the course's own list again: no answer computes a listed mistake's result
    (except where the point is a wrong earlier function of the student's own, called by this one)."""
    exercise = EXERCISES[answer.exercise]
    if inherited_mistake(exercise, answer.written(), first_failure):
        return
    case = load(exercise.notebook)[exercise.label][0]
    outcome = run_student(exercise.as_function(answer.written()), case["args"], time_limit=1.0)
    if outcome.raised or outcome.timed_out or outcome.value is None:
        return
    _, mistakes = evaluate(exercise, case["args"])
    for key, parts in mistakes.items():
        if key.startswith("argument:"):
            continue  # a misread argument is a relation the judge finds for any exercise, not a listed mistake
        got = as_parts(outcome.value, len(exercise.results))
        same = len(got) == len(parts) and all(
            np.shape(g) == np.shape(p) and np.allclose(np.asarray(g, dtype=float), np.asarray(p, dtype=float),
                                                       equal_nan=True) for g, p in zip(got, parts))
        assert not same, f"{answer.label} is the listed mistake {key}"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_wrong_answer_earns_a_point_for_any_of_200_students(notebook):
    started = time.perf_counter()
    earning = []
    for answer in (a for a in CATALOGUE if a.notebook == notebook):
        students = students_earning([EXERCISES[answer.exercise]], answer.written())
        if students:
            earning.append(f"{answer.label} ({len(students)} students, e.g. {students[0]})")
    assert earning == []
    assert time.perf_counter() - started < 300


LABELLED = [answer for answer in CATALOGUE if answer.expect]


def named_class(exercise, written):
    """What the instant check names a wrong answer by: "inherited", a relation's message id, a listed mistake's
    key, or "" for the generic "wrong values"."""
    if inherited_mistake(exercise, written, first_failure):
        return "inherited"
    failure = first_failure(exercise, written)
    assert failure is not None, "a wrong answer passes the instant check"
    verdict = failure[1]
    if verdict.relation:
        return verdict.relation
    return "" if verdict.mistake in ("wrong_values", "raised") else verdict.mistake


def test_a_third_of_the_catalogue_carries_the_class_it_must_be_named_by():
    assert len(LABELLED) >= 60
    assert all(isinstance(answer.expect, tuple) and all(answer.expect) for answer in LABELLED)


@pytest.mark.parametrize("answer", LABELLED, ids=[f"{a.exercise}-{a.label}" for a in LABELLED])
def test_no_message_misnames_what_happened(answer):
    """A labelled answer is named by its class or not named at all ("wrong values"), never by another class:
    a message that names a wrong relation is worse than one that names none."""
    exercise = EXERCISES[answer.exercise]
    named = named_class(exercise, answer.written())
    assert named in ("", *answer.expect), f"{answer.label}: named {named!r}, which is not {answer.expect}"
