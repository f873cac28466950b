"""Does a graded cell that was never reached say which limit of the submission stopped it? Has every status a
graded cell can have its words for the student, in every edition, and its mark in the feedback?"""

import pytest

from autograder.safe.feedback_notebook import MARKS
from autograder.safe.sandbox import LIMITS, RunResult
from autograder.safe.verdicts import Status, judge_submission
from course_lib.language import ENGLISH, LANGUAGES, speaking
from course_lib.messages import STATUSES, TEXTS, status_word, text

CELLS = [{"kind": "probe", "grade_id": "test_inner_product", "exercise": "01_one_query_scores/inner_product"}]


@pytest.mark.parametrize("stopped_by, status, words", [
    ("memory", "error", [f"{LIMITS.memory // 1024**2} MiB of memory", "very large array"]),
    ("cpu", "timed out", ["processor time", "endless loop"]),
    ("disk", "error", [f"{LIMITS.scratch_quota // 1024**2} MiB of files"]),
    ("", "error", ["exit code -9"]),
])
def test_a_run_stopped_by_a_limit_says_which(stopped_by, status, words):
    run = RunResult(returncode=-9, timed_out=False, seconds=3.0, output="", stopped_by=stopped_by)
    [result] = judge_submission(CELLS, {}, run, {}, {"test_inner_product": 2}, budget=30)
    assert (result.status, result.points) == (status, 0.0)
    assert all(word in result.reason for word in words), result.reason


def test_every_status_has_its_words_and_no_words_name_a_status_that_does_not_exist():
    """course_lib (shipped to students) cannot import the grader's Status: its STATUSES must be the same words."""
    assert sorted(STATUSES) == sorted(Status)
    assert {key.removeprefix("status.") for key in TEXTS if key.startswith("status.")} == set(Status)
    assert set(MARKS) == set(Status), "each status has its mark in the feedback"


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != ENGLISH])
def test_every_status_is_said_in_each_edition(language):
    words = {status: text(f"status.{status}", language) for status in Status}
    assert all(word and word != status for status, word in words.items()), words
    assert len(set(words.values())) == len(Status), "two statuses read the same"
    with speaking(language):
        assert [status_word(status) for status in Status] == list(words.values())
