"""Are numpy's errors read back in the course's symbols, with what to do?"""

import numpy as np
import pytest

from course_lib.messages import say
from course_lib.numpy_errors import explain

SIZES = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}


def error_of(operation):
    try:
        operation()
    except Exception as error:  # the error numpy raises, as the student sees it
        return type(error).__name__, str(error)
    raise AssertionError("no error")


def test_a_matmul_with_known_operands_names_both_shapes_and_the_order_that_fits():
    I, Wq = np.ones((5, 6)), np.ones((3, 5))
    kind, message = error_of(lambda: I @ Wq)
    key, params = explain(kind, message, [(5, 6), (3, 5)], SIZES)
    text = say(key, **params)
    assert key == "numpy.matmul_other_order"
    assert "(d_in, N)" in text and "(d_k, d_in)" in text and "d_k = 3" in text and "N = 6" in text


def test_a_matmul_without_operands_names_its_sizes():
    kind, message = error_of(lambda: np.ones((3, 5)) @ np.ones((6, 4)))
    key, params = explain(kind, message, [], SIZES)
    assert key == "numpy.matmul_sizes" and params == {"columns": "d_in = 5", "rows": "N = 6"}


@pytest.mark.parametrize("operation, expected_key, words", [
    (lambda: np.ones((3, 6)) + np.ones((4, 6)), "numpy.broadcast", ["(d_k, N)", "(d_v, N)"]),
    (lambda: np.ones((5, 6))[:, 6], "numpy.index", ["N = 6", "0 to 5"]),
    (lambda: np.ones((5, 6)).sum(axis=2), "numpy.axis", ["axis=2"]),
    (lambda: np.ones((5, 6)).reshape(4, 4), "numpy.reshape", ["30", "(d_v, d_v)"]),
    (lambda: np.dot(np.ones((3, 5)), np.ones((6, 4))), "numpy.matmul_shapes", ["(d_k, d_in)", "(N, d_v)"]),
    (lambda: [1, 2][5], "numpy.list_index", []),
])
def test_other_errors_in_symbols(operation, expected_key, words):
    kind, message = error_of(operation)
    key, params = explain(kind, message, [], SIZES)
    assert key == expected_key
    for word in words:
        assert word in say(key, **params)


def test_an_error_it_does_not_know_is_left_alone():
    assert explain("KeyError", "'x'", [], SIZES) is None
