"""Is ``reference/scaling.py`` (notebook 06) right: scores divided by √d_k, and the scaled layer?"""

import math

import numpy as np
import pytest

from course_lib.reference import layer, masking, scaling

from .conftest import SIZES, loop_attention


def test_scaled_scores_divide_each_inner_product_by_root_d_k(problem):
    I, Wq, Wk, _ = problem
    Q, K = Wq @ I, Wk @ I
    S = scaling.scaled_scores(Q, K)
    assert S.shape == (SIZES["N"], SIZES["N"]) and S.dtype == np.float64
    for i in range(SIZES["N"]):
        for j in range(SIZES["N"]):
            assert S[j, i] == pytest.approx(sum(Q[m, i] * K[m, j] for m in range(3)) / math.sqrt(3), rel=1e-12)


def test_scaled_scores_by_hand():
    Q = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0], [1.0, 1.0]])  # d_k = 4: divide by 2
    K = np.array([[2.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    assert scaling.scaled_scores(Q, K).tolist() == [[1.0, 1.0], [2.0, 0.5]]


def test_scaled_layer_agrees_with_the_loop_over_positions(problem):
    assert np.allclose(scaling.scaled_self_attention(*problem), loop_attention(*problem), rtol=1e-12, atol=1e-12)


def test_scaled_layer_is_masked_attention_with_nothing_masked(problem):
    everything = np.ones((SIZES["N"], SIZES["N"]), dtype=bool)
    assert np.allclose(masking.masked_attention(*problem, everything), scaling.scaled_self_attention(*problem),
                       rtol=1e-13, atol=1e-13)
    assert not np.allclose(scaling.scaled_self_attention(*problem), layer.self_attention(*problem))


def test_scaled_scores_shape_errors():
    with pytest.raises(ValueError, match="d_k"):
        scaling.scaled_scores(np.ones((3, 4)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="d_k >= 1"):
        scaling.scaled_scores(np.ones((0, 4)), np.ones((0, 4)))
