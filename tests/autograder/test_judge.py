"""Do the hidden tests pass right answers, fail each classic mistake by name, and defeat hard-coding?"""

import numpy as np
import pytest

from autograder import hidden_tests
from course_lib import reference
from course_lib.exercises import EXERCISES
from course_lib.failure import CheckFailed
from course_lib.messages import MISTAKES
from course_lib.reference.mistaken import MISTAKEN
from course_lib.stored_cases import load

GRADERS = {key: hidden_tests.GRADERS[e.grader_name] for key, e in EXERCISES.items()}


@pytest.fixture(autouse=True)
def graded_student(monkeypatch):
    monkeypatch.setenv("COURSE_STUDENT_ID", "test-student")


def test_every_exercise_has_a_hidden_test():
    assert len(hidden_tests.GRADERS) == len(EXERCISES)


def test_the_listed_hidden_tests_are_the_ones_made_from_the_table():
    """hidden_tests.__all__ spells each name out, so that grep finds it: is it the table's, in the table's order?"""
    assert hidden_tests.__all__ == [exercise.grader_name for exercise in EXERCISES.values()]
    assert all(getattr(hidden_tests, name).__name__ == name for name in hidden_tests.__all__)


@pytest.mark.parametrize("key", sorted(GRADERS))
def test_the_reference_passes_the_hidden_tests(key, capsys):
    GRADERS[key](getattr(reference, EXERCISES[key].name))
    out, err = capsys.readouterr()
    assert "passes the hidden tests" in out and err == ""


# Mistakes that earn partial credit: only a variant's hidden test catches them.
CAUGHT_BY_VARIANT_ONLY = {("03_all_scores/softmax_columns", "softmax_overflow")}


def test_an_unstable_softmax_loses_only_the_stability_points():
    naive = MISTAKEN["03_all_scores/softmax_columns"]["softmax_overflow"]
    GRADERS["03_all_scores/softmax_columns"](naive)
    with pytest.raises(CheckFailed, match="overflows"):
        GRADERS["03_all_scores/softmax_columns:stable"](naive)


@pytest.mark.parametrize("key, mistake", [(k, m) for k in sorted(GRADERS) for m in MISTAKEN.get(EXERCISES[k].base_key, {})
                                          if (k, m) not in CAUGHT_BY_VARIANT_ONLY])
def test_each_mistake_fails_with_its_name(key, mistake, as_written):
    """Every mistake fails; its name is given unless it raises at the hidden test's distinct sizes."""
    exercise = EXERCISES[key]
    wrong = MISTAKEN[exercise.base_key][mistake]
    with pytest.raises(CheckFailed) as failed:
        GRADERS[key](as_written(exercise, wrong))
    message = str(failed.value)
    assert "Random case" in message
    assert MISTAKES[mistake].title[1:] in message or "raised ValueError" in message


@pytest.mark.parametrize("key", sorted(k for k, e in EXERCISES.items() if e.checks))
def test_returning_the_instant_checks_answer_cannot_pass(key, as_written):
    """A student who copies the expected value of a visible check case into a return statement fails."""
    exercise = EXERCISES[key]
    stored = load(exercise.notebook)[exercise.label][0]["expected"]
    copied = tuple(stored) if len(stored) > 1 else stored[0]
    with pytest.raises(CheckFailed):
        GRADERS[key](as_written(exercise, lambda *args: copied))


def test_hidden_inputs_change_with_the_student(monkeypatch):
    seen = []

    def spy(q, k):
        seen.append(np.array(q))
        return reference.inner_product(q, k)

    for student in ("ada", "ben"):
        monkeypatch.setenv("COURSE_STUDENT_ID", student)
        hidden_tests.GRADERS["grade_inner_product"](spy)
    assert not np.array_equal(seen[0], seen[3])


def test_a_failure_shows_no_source_of_the_hidden_test():
    with pytest.raises(CheckFailed) as failed:
        hidden_tests.GRADERS["grade_one_query_scores"](lambda q, K: K.T @ q * 2)
    rendered = " ".join(failed.value._render_traceback_())
    assert "largest difference is in Kᵀq[" in rendered
    assert "grade_exercise" not in rendered and ": expected" not in rendered and "got" not in rendered
    assert "def " not in rendered and ".py" not in rendered
