"""Does each instant check pass a right answer in one line, and name each mistake it claims to?

Every test runs twice: with the check data as stored, and with every stored
number moved in its last bits, as a rebuild on a CPU that rounds otherwise
would store it.
"""

import json

import numpy as np
import pytest

import course_lib.checks as checks
from course_lib import reference, stored_cases, torch_example
from course_lib.checks import _runner
from course_lib.reference.staleness import nudged
from course_lib.exercises import EXERCISES
from course_lib.failure import CheckFailed
from course_lib.messages import MISTAKES
from course_lib.reference.mistaken import MISTAKEN

OTHER_CPU_ULPS = 64  # about 1.4e-14 of each number: more than BLAS kernels differ by, far less than a check sees


@pytest.fixture(scope="module")
def check_data_from_another_cpu(tmp_path_factory):
    folder = tmp_path_factory.mktemp("check_data")
    rng = np.random.default_rng(2021)
    for path in stored_cases.CHECK_DATA.glob("*.json"):
        (folder / path.name).write_text(json.dumps(nudged(json.loads(path.read_text()), rng, OTHER_CPU_ULPS)))
    return folder


@pytest.fixture(autouse=True, params=["as stored", "rounded by another CPU"])
def check_data(request, check_data_from_another_cpu, monkeypatch):
    if request.param == "rounded by another CPU":
        monkeypatch.setattr(stored_cases, "CHECK_DATA", check_data_from_another_cpu)
        monkeypatch.setattr(torch_example, "PATH", check_data_from_another_cpu / torch_example.PATH.name)
    _runner._cases.cache_clear()
    yield
    _runner._cases.cache_clear()


EXERCISE_KEYS = sorted(key for key, exercise in EXERCISES.items() if exercise.checks)


def check_for(exercise):
    return getattr(checks, exercise.check_name)


def explanation(check, function):
    with pytest.raises(CheckFailed) as failed:
        check(function)
    return str(failed.value)


@pytest.mark.parametrize("key", EXERCISE_KEYS)
def test_the_reference_passes_in_one_line_and_nothing_on_stderr(key, capsys):
    exercise = EXERCISES[key]
    check_for(exercise)(getattr(reference, exercise.name))
    out, err = capsys.readouterr()
    assert out.startswith("✓") and out.count("\n") == 1
    assert err == ""


# The ordinary softmax check uses ordinary scores; its "stable" variant is the one that catches overflow.
CAUGHT_BY_VARIANT_ONLY = {("03_all_scores/softmax_columns", "softmax_overflow")}


@pytest.mark.parametrize("key, mistake", [(k, m) for k in EXERCISE_KEYS for m in MISTAKEN.get(EXERCISES[k].base_key, {})
                                          if (k, m) not in CAUGHT_BY_VARIANT_ONLY])
def test_each_classic_mistake_is_named(key, mistake, capsys, as_written):
    exercise = EXERCISES[key]
    message = explanation(check_for(exercise), as_written(exercise, MISTAKEN[exercise.base_key][mistake]))
    assert MISTAKES[mistake].title[1:] in message
    assert capsys.readouterr().err == ""


def _one_query_scores_in_place(q, K):
    scores = K.T @ q
    K *= 2.0  # right answer, but the caller's K is changed
    return scores


@pytest.mark.parametrize("function, words", [
    (_one_query_scores_in_place, ["Changed the caller's arrays in place", "Changed: K"]),
    (lambda q, K: (K.T @ q)[:, None], ["shape (N,) = (6,)", "(6, 1)", "1-D array"]),
    (lambda q, K: (K.T @ q).astype(np.float32), ["float32", "float64"]),
    (lambda q, K: None, ["returned None", "return"]),
    (lambda q, K: K @ q, ["raised ValueError", "`lambda q, K: K @ q`"]),
    (lambda q, K: np.full(K.shape[1], np.nan), ["nan or inf"]),
    (lambda q, K: K.T @ q + 1.0, ["the right value plus 1", "largest difference"]),
    (lambda q, K: np.sin(K.T @ q), ["Kᵀq is proportional to q", "with q doubled"]),
    (lambda q, K: np.abs(K).T @ q, ["Wrong values", "largest difference"]),
    (lambda q, K: "scores", ["should be numbers"]),
])
def test_generic_mistakes_are_explained(function, words, capsys):
    message = explanation(checks.check_one_query_scores, function)
    for word in words:
        assert word in message
    assert capsys.readouterr().err == ""


def test_an_unwritten_exercise_says_so():
    def inner_product(q, k):
        raise NotImplementedError()

    assert "not written yet" in explanation(checks.check_inner_product, inner_product)


def test_a_warning_in_student_code_does_not_reach_stderr(capsys):
    def noisy(q, k):
        np.log(-1.0)  # RuntimeWarning: invalid value
        return float(q @ k)

    checks.check_inner_product(noisy)
    assert capsys.readouterr().err == ""


def test_a_right_answer_that_prints_to_stderr_passes_silently(capsys):
    import sys

    def chatty(q, k):
        print("note: computing α", file=sys.stderr)
        return float(q @ k)

    checks.check_inner_product(chatty)
    assert capsys.readouterr().err == ""


def test_passing_something_that_is_not_a_function_is_explained():
    assert "Pass the function itself" in explanation(checks.check_inner_product, 3.0)


def test_a_failed_check_renders_without_traceback():
    try:
        checks.check_inner_product(lambda q, k: q * k)
    except CheckFailed as failure:
        lines = failure._render_traceback_()
    assert lines[0].startswith("✗ inner_product")
    assert not any("Traceback" in line or ".py" in line for line in lines)


def test_a_failed_check_offers_the_reference_answer_and_it_prints(capsys):
    import course_lib

    message = explanation(checks.check_inner_product, lambda q, k: q * k)
    assert 'course_lib.show_reference("inner_product")' in message
    course_lib.show_reference("inner_product")
    assert "def inner_product(q, k):" in capsys.readouterr().out


def test_a_passing_check_offers_nothing(capsys):
    checks.check_inner_product(reference.inner_product)
    assert "show_reference" not in capsys.readouterr().out


def test_the_listed_checks_are_the_ones_made_from_the_table():
    """checks.__all__ spells each name out, so that grep finds it: is it the table's, in the table's order?"""
    assert checks.__all__ == [exercise.check_name for exercise in EXERCISES.values() if exercise.checks]
    assert all(getattr(checks, name).__name__ == name for name in checks.__all__)


def test_a_reference_answer_is_not_shown_before_its_check_has_run(capsys):
    import course_lib
    from course_lib import attempts
    from course_lib.messages import say

    attempts.forget()
    course_lib.show_reference("causal_mask")
    out = capsys.readouterr().out
    assert "def causal_mask" not in out and out.strip() == say("reference.try_first", name="causal_mask")
    course_lib.show_reference("causal_mask", confirm=True)
    assert "def causal_mask" in capsys.readouterr().out


@pytest.mark.parametrize("passes", [True, False])
def test_a_reference_answer_is_shown_after_its_check_passed_or_failed(capsys, passes):
    import course_lib
    from course_lib import attempts

    attempts.forget()
    try:
        checks.check_inner_product(reference.inner_product if passes else (lambda q, k: q * k))
    except CheckFailed:
        pass
    capsys.readouterr()
    course_lib.show_reference("inner_product")
    assert "def inner_product(q, k):" in capsys.readouterr().out
    course_lib.show_reference("query_and_key")
    assert "def query_and_key" not in capsys.readouterr().out
