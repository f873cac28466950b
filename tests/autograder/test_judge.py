"""Do the hidden tests pass right answers, fail each classic mistake by name, and defeat hard-coding?"""

import numpy as np
import pytest

from autograder.hidden_tests import nb01_one_query_scores as hidden
from course_lib import reference
from course_lib.exercises import EXERCISES
from course_lib.failure import CheckFailed
from course_lib.mistakes import MISTAKES
from course_lib.reference.mistaken import MISTAKEN
from course_lib.stored_cases import load

GRADERS = {
    "01_one_query_scores/inner_product": hidden.grade_inner_product,
    "01_one_query_scores/query_and_key": hidden.grade_query_and_key,
    "01_one_query_scores/scores_one_by_one": hidden.grade_scores_one_by_one,
    "01_one_query_scores/one_query_scores": hidden.grade_one_query_scores,
}


@pytest.fixture(autouse=True)
def graded_student(monkeypatch):
    monkeypatch.setenv("COURSE_STUDENT_ID", "test-student")


def test_every_exercise_of_notebook_01_has_a_hidden_test():
    assert set(GRADERS) == {key for key in EXERCISES if key.startswith("01_")}


@pytest.mark.parametrize("key", sorted(GRADERS))
def test_the_reference_passes_the_hidden_tests(key, capsys):
    GRADERS[key](getattr(reference, EXERCISES[key].name))
    out, err = capsys.readouterr()
    assert "passes the hidden tests" in out and err == ""


@pytest.mark.parametrize("key, mistake", [(k, m) for k in sorted(GRADERS) for m in MISTAKEN.get(k, {})])
def test_each_mistake_fails_with_its_name(key, mistake):
    with pytest.raises(CheckFailed) as failed:
        GRADERS[key](MISTAKEN[key][mistake])
    assert MISTAKES[mistake].title[1:] in str(failed.value)
    assert "Random case" in str(failed.value)


@pytest.mark.parametrize("key", sorted(GRADERS))
def test_returning_the_instant_checks_answer_cannot_pass(key):
    """A student who copies the expected value of a visible check case into a return statement fails."""
    notebook, name = key.split("/")
    stored = load(notebook)[name][0]["expected"]
    copied = tuple(stored) if len(stored) > 1 else stored[0]
    with pytest.raises(CheckFailed):
        GRADERS[key](lambda *args: copied)


def test_hidden_inputs_change_with_the_student(monkeypatch):
    seen = []

    def spy(q, k):
        seen.append(np.array(q))
        return reference.inner_product(q, k)

    for student in ("ada", "ben"):
        monkeypatch.setenv("COURSE_STUDENT_ID", student)
        hidden.grade_inner_product(spy)
    assert not np.array_equal(seen[0], seen[3])


def test_a_failure_shows_no_source_of_the_hidden_test():
    with pytest.raises(CheckFailed) as failed:
        hidden.grade_one_query_scores(lambda q, K: K.T @ q * 2)
    rendered = " ".join(failed.value._render_traceback_())
    assert "largest difference is in Kᵀq[" in rendered
    assert "grade_exercise" not in rendered and ": expected" not in rendered and "got" not in rendered
    assert "def " not in rendered and ".py" not in rendered
