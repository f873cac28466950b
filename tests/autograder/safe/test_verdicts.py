"""Does a graded cell that was never reached say which limit of the submission stopped it?"""

import pytest

from autograder.safe.sandbox import LIMITS, RunResult
from autograder.safe.verdicts import judge_submission

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
