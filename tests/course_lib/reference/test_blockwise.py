"""Is ``reference/blockwise.py`` (notebook 12) the matrix form without the N × N matrix: online steps,
any block size, scores near 1e3, and no (N, N) array held?
"""

import tracemalloc
import warnings

import numpy as np
import pytest

from course_lib.reference import blockwise
from course_lib.reference.softmax import softmax_columns


def test_two_online_steps_equal_the_softmax_of_both_blocks_at_once():
    rng = np.random.default_rng(6)
    first, second = rng.standard_normal((3, 5)) * 4, rng.standard_normal((4, 5)) * 4 + 3
    V_first, V_second = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    m, s, acc = np.full(5, -np.inf), np.zeros(5), np.zeros((2, 5))
    m, s, acc = blockwise.online_softmax_step(m, s, acc, first, V_first)
    m, s, acc = blockwise.online_softmax_step(m, s, acc, second, V_second)
    both, V = np.vstack([first, second]), np.hstack([V_first, V_second])
    assert np.allclose(m, both.max(axis=0))
    assert np.allclose(s, np.exp(both - both.max(axis=0)).sum(axis=0))
    assert np.allclose(acc / s, V @ softmax_columns(both), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("block_size", [1, 4, 7, 10, 29, 30, 64])
def test_blockwise_attention_is_the_matrix_form_even_for_scores_near_1e3(block_size):
    rng = np.random.default_rng(8)
    N, d_k, d_v = 30, 3, 4
    Q, K = rng.standard_normal((d_k, N)) * 20, rng.standard_normal((d_k, N)) * 20
    V = rng.standard_normal((d_v, N))
    assert np.abs(K.T @ Q).max() > 500
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, no NaN on the way
        O = blockwise.blockwise_attention(Q, K, V, block_size)
    assert O.shape == (d_v, N)
    assert np.abs(O - V @ softmax_columns(K.T @ Q)).max() < 1e-10


def test_blockwise_attention_never_holds_an_n_by_n_array():
    rng = np.random.default_rng(12)
    N, d, block = 1024, 8, 64
    Q, K, V = (rng.standard_normal((d, N)) for _ in range(3))
    tracemalloc.start()
    try:
        blockwise.blockwise_attention(Q, K, V, block)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * N * N / 8  # far below one N × N float64 matrix (8 MiB here)


def test_blockwise_attention_rejects_a_bad_block_size():
    Q = np.zeros((2, 3))
    for bad in (0, -1, 2.0):
        with pytest.raises(ValueError, match="block_size"):
            blockwise.blockwise_attention(Q, Q, Q, bad)


@pytest.mark.parametrize("N, block_size", [(12, 4), (10, 4), (7, 3), (5, 8), (6, 1), (1, 1), (0, 3)])
def test_the_exp_count_is_what_blockwise_attention_evaluates(N, block_size, monkeypatch):
    """Counted, not recomputed: every np.exp the reference's blockwise attention calls adds its size."""
    evaluated = []
    real_exp = np.exp

    def counting_exp(x, *args, **kwargs):
        result = real_exp(x, *args, **kwargs)
        evaluated.append(np.size(result))
        return result

    rng = np.random.default_rng(N + 10 * block_size)
    Q, K, V = rng.standard_normal((3, 2, N))
    monkeypatch.setattr(blockwise.np, "exp", counting_exp)
    blockwise.blockwise_attention(Q, K, V, block_size)
    monkeypatch.undo()
    assert blockwise.online_softmax_exp_count(N, block_size) == sum(evaluated)


def test_the_exp_count_by_hand_and_its_arguments():
    assert blockwise.online_softmax_exp_count(12, 4) == 144 + 3 * 12
    assert blockwise.online_softmax_exp_count(10, 4) == 100 + 3 * 10  # the short last block is a block
    assert isinstance(blockwise.online_softmax_exp_count(np.int64(5), 2), int)
    for N, block_size in [(-1, 2), (4, 0), (2.5, 2), (True, 2)]:
        with pytest.raises(ValueError):
            blockwise.online_softmax_exp_count(N, block_size)

