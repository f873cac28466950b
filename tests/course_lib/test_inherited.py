"""When a student's function calls their own earlier function and that one is wrong, does the message say so
first, in the instant check and in the hidden test?"""

import numpy as np
import pytest

import course_lib.checks as checks
from autograder import hidden_tests
from course_lib.failure import CheckFailed

SOURCE = """
def softmax_columns(A):
    E = np.exp(A - A.max())
    return E / E.sum()          # the whole matrix at once: wrong

def self_attention(I, Wq, Wk, Wv):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    return V @ softmax_columns(K.T @ Q)   # right, given a right softmax_columns
"""


def student_namespace(source):
    namespace = {"np": np}
    exec(source, namespace)
    return namespace


def test_the_check_names_the_wrong_earlier_function_first():
    student = student_namespace(SOURCE)
    with pytest.raises(CheckFailed) as failed:
        checks.check_self_attention(student["self_attention"])
    message = str(failed.value)
    assert "self_attention calls your softmax_columns (notebook 03_all_scores)" in message
    assert "The whole of A' sums to 1" in message


def test_the_hidden_test_names_it_too(monkeypatch):
    monkeypatch.setenv("COURSE_STUDENT_ID", "test-student")
    student = student_namespace(SOURCE)
    with pytest.raises(CheckFailed, match="calls your softmax_columns"):
        hidden_tests.GRADERS["grade_self_attention"](student["self_attention"])


def test_a_right_earlier_function_is_not_blamed():
    student = student_namespace(SOURCE.replace("A.max())", "A.max(axis=0))").replace("E.sum()", "E.sum(axis=0)")
                                .replace("return V @ softmax_columns(K.T @ Q)", "return V @ softmax_columns(Q.T @ K)"))
    with pytest.raises(CheckFailed) as failed:
        checks.check_self_attention(student["self_attention"])
    assert "calls your" not in str(failed.value)


def test_an_endless_loop_in_a_check_returns_within_its_limit(monkeypatch, capsys):
    import time

    from course_lib import outcome

    monkeypatch.setattr(outcome, "TIME_LIMIT", 0.5)

    def inner_product(q, k):
        while True:
            pass

    started = time.perf_counter()
    with pytest.raises(CheckFailed, match="still running after 0.5 s"):
        checks.check_inner_product(inner_product)
    assert time.perf_counter() - started < 3
    checks.check_inner_product(lambda q, k: float(q @ k))  # the kernel goes on
    assert capsys.readouterr().err == ""
