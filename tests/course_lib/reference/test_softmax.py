"""Is ``reference/softmax.py`` (notebook 03) right: softmax over each column of A, stable for large
scores, and the ReLU normalisation?"""

import warnings

import numpy as np
import pytest

from course_lib import reference


def test_softmax_by_hand():
    A = np.array([[0.0, 1.0], [np.log(3.0), 1.0]])
    assert np.allclose(reference.softmax_columns(A), [[0.25, 0.5], [0.75, 0.5]])


def test_softmax_columns_sum_to_one_and_ignore_a_shift(lecture_problem):
    A = np.random.default_rng(3).standard_normal((6, 6)) * 5
    A_prime = reference.softmax_columns(A)
    assert np.allclose(A_prime.sum(axis=0), 1.0)
    assert np.allclose(reference.softmax_columns(A + np.arange(6)[None, :] * 100), A_prime)


def test_softmax_is_stable_for_scores_of_1e4():
    A = np.array([[1e4, -1e4, 0.0], [1e4 - 1, 1e4, 0.0], [0.0, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A_prime = reference.softmax_columns(A)
    assert np.all(np.isfinite(A_prime))
    assert A_prime[0, 0] == pytest.approx(1 / (1 + np.exp(-1)))


def test_relu_columns_by_hand_and_an_empty_column_stays_zero():
    A = np.array([[1.0, -1.0, 2.0], [3.0, -2.0, -5.0], [-4.0, -3.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A_prime = reference.relu_columns(A)
    assert np.allclose(A_prime, [[0.25, 0.0, 0.5], [0.75, 0.0, 0.0], [0.0, 0.0, 0.5]])
