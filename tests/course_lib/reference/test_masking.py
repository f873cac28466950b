"""Are ``reference/masking.py``'s answers (notebook 06) right: causal, padding and sliding-window masks, the masked softmax
and the masked layer, each against a loop or a case by hand? And does the nan mistake give nan?
"""

import math
import warnings

import numpy as np
import pytest

from course_lib.reference import masking
from course_lib.reference.mistaken import MISTAKEN

from .conftest import SIZES, loop_attention


def test_causal_mask_for_three_positions_written_out():
    T, F = True, False
    mask = masking.causal_mask(3)
    assert mask.dtype == np.bool_
    assert mask.tolist() == [[T, T, T],   # key 0: every query may see it
                             [F, T, T],   # key 1: not query 0
                             [F, F, T]]   # key 2: only query 2


def test_causal_mask_lets_query_i_see_exactly_keys_up_to_i():
    mask = masking.causal_mask(7)
    for i in range(7):
        assert [j for j in range(7) if mask[j, i]] == list(range(i + 1))


def test_padding_mask_written_out():
    T, F = True, False
    assert masking.padding_mask(4, 2).tolist() == [[T, T, T, T], [T, T, T, T], [F, F, F, F], [F, F, F, F]]
    assert masking.padding_mask(3, 0).tolist() == [[F, F, F]] * 3
    assert masking.padding_mask(3, 3).all()
    assert masking.padding_mask(np.int64(3), np.int64(1)).dtype == np.bool_


def test_sliding_window_mask_written_out():
    T, F = True, False
    assert masking.sliding_window_mask(4, 2).tolist() == [[T, T, F, F],   # key 0: queries 0 and 1
                                                          [F, T, T, F],   # key 1: queries 1 and 2
                                                          [F, F, T, T],
                                                          [F, F, F, T]]
    assert masking.sliding_window_mask(4, 1).tolist() == np.eye(4, dtype=bool).tolist()  # itself only


def test_sliding_window_lets_query_i_see_the_window_keys_up_to_i():
    for N, window in ((7, 3), (5, 2), (6, 6), (4, 9)):
        mask = masking.sliding_window_mask(N, window)
        assert mask.dtype == np.bool_ and mask.shape == (N, N)
        for i in range(N):
            assert [j for j in range(N) if mask[j, i]] == list(range(max(0, i - window + 1), i + 1))


def test_a_window_as_long_as_the_sequence_is_the_causal_mask():
    for N in (1, 4, 7):
        for window in (N, N + 3):
            assert np.array_equal(masking.sliding_window_mask(N, window), masking.causal_mask(N))


def test_the_window_mistakes_differ_from_the_answer_where_the_docstring_says():
    wrong = MISTAKEN["06_scaling_and_masking/sliding_window_mask"]
    right = masking.sliding_window_mask(6, 3)
    for key, mistake in wrong.items():
        assert not np.array_equal(mistake(6, 3), right), key
    assert np.array_equal(wrong["window_one_too_many"](4, 4), masking.sliding_window_mask(4, 4))  # needs window < N


def test_padding_mask_is_writable_and_fresh():
    first = masking.padding_mask(4, 2)
    first[0, 0] = False  # a broadcast view would refuse this, or leak into the next call
    assert masking.padding_mask(4, 2)[0, 0]


@pytest.mark.parametrize("call, words", [
    (lambda: masking.causal_mask(0), "at least 1"),
    (lambda: masking.causal_mask(-2), "at least 1"),
    (lambda: masking.causal_mask(True), "int"),
    (lambda: masking.causal_mask(3.0), "int"),
    (lambda: masking.padding_mask(3, 4), "at most N"),
    (lambda: masking.padding_mask(3, -1), "at least 0"),
    (lambda: masking.padding_mask(0, 0), "at least 1"),
    (lambda: masking.padding_mask(3, 1.5), "int"),
    (lambda: masking.sliding_window_mask(3, 0), "at least 1"),
    (lambda: masking.sliding_window_mask(3, 2.0), "int"),
])
def test_mask_sizes_must_be_ints_in_range(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def masked_softmax_by_loop(A, mask):
    result = np.zeros_like(A)
    for i in range(A.shape[1]):
        allowed = [j for j in range(A.shape[0]) if mask[j, i]]
        if not allowed:
            continue
        top = max(A[j, i] for j in allowed)
        total = sum(math.exp(A[j, i] - top) for j in allowed)
        for j in allowed:
            result[j, i] = math.exp(A[j, i] - top) / total
    return result


def test_masked_softmax_by_hand():
    A = np.array([[0.0, 5.0], [math.log(3.0), 1.0], [7.0, 2.0]])
    mask = np.array([[True, False], [True, False], [False, True]])
    A_prime = masking.masked_softmax_columns(A, mask)
    assert np.allclose(A_prime, [[0.25, 0.0], [0.75, 0.0], [0.0, 1.0]], rtol=1e-14, atol=1e-15)


def test_masked_softmax_agrees_with_a_loop_and_sums_to_one_where_anything_is_allowed():
    rng = np.random.default_rng(4)
    A = 3 * rng.standard_normal((6, 6))
    mask = rng.random((6, 6)) < 0.5
    mask[:, 2] = False  # one column with nothing allowed
    mask[1, 3] = True
    A_prime = masking.masked_softmax_columns(A, mask)
    assert np.allclose(A_prime, masked_softmax_by_loop(A, mask), rtol=1e-13, atol=1e-15)
    sums = A_prime.sum(axis=0)
    assert np.allclose(sums[mask.any(axis=0)], 1.0, rtol=1e-14)
    assert np.all(A_prime[~mask] == 0.0)


def test_a_fully_masked_column_is_zeros_without_any_warning():
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    mask = masking.causal_mask(3)
    mask[:, 1] = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A_prime = masking.masked_softmax_columns(A, mask)
        nothing = masking.masked_softmax_columns(A, masking.padding_mask(3, 0))
    assert A_prime[:, 1].tolist() == [0.0, 0.0, 0.0]
    assert not np.isnan(A_prime).any()
    assert nothing.tolist() == [[0.0] * 3] * 3


def test_masked_softmax_takes_the_max_over_allowed_entries_only():
    """A huge masked score must not push the allowed ones to exp(-huge) = 0, nor overflow."""
    A = np.array([[1e4, 1e5], [1e4 + math.log(2.0), -3.0], [2e5, 0.0]])
    mask = np.array([[True, False], [True, True], [False, True]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A_prime = masking.masked_softmax_columns(A, mask)
    expected_col1 = [0.0, math.exp(-3.0) / (1 + math.exp(-3.0)), 1 / (1 + math.exp(-3.0))]
    assert np.allclose(A_prime, np.array([[1 / 3, 2 / 3, 0.0], expected_col1]).T, rtol=1e-12, atol=1e-15)


def test_masked_softmax_checks_the_mask():
    A = np.zeros((3, 3))
    with pytest.raises(ValueError, match="boolean"):
        masking.masked_softmax_columns(A, np.ones((3, 3), dtype=int))
    with pytest.raises(ValueError, match=r"shape of A \(3, 3\)"):
        masking.masked_softmax_columns(A, np.ones((3, 4), dtype=bool))


def test_masked_attention_agrees_with_the_loop_over_allowed_keys(problem):
    N = SIZES["N"]
    causal = masking.masked_attention(*problem, masking.causal_mask(N))
    assert causal.shape == (SIZES["d_v"], N) and causal.dtype == np.float64
    assert np.allclose(causal, loop_attention(*problem, allowed=lambda i, j: j <= i), rtol=1e-12, atol=1e-12)
    padded = masking.masked_attention(*problem, masking.padding_mask(N, 4))
    assert np.allclose(padded, loop_attention(*problem, allowed=lambda i, j: j < 4), rtol=1e-12, atol=1e-12)


def test_a_causal_layer_output_at_i_ignores_later_inputs(problem):
    I, Wq, Wk, Wv = problem
    N = SIZES["N"]
    before = masking.masked_attention(I, Wq, Wk, Wv, masking.causal_mask(N))
    for i in range(N - 1):
        changed = I.copy()
        changed[:, i + 1:] = np.random.default_rng(i).standard_normal((SIZES["d_in"], N - i - 1))
        after = masking.masked_attention(changed, Wq, Wk, Wv, masking.causal_mask(N))
        assert np.allclose(after[:, :i + 1], before[:, :i + 1], rtol=1e-13, atol=1e-13)
        assert not np.allclose(after[:, i + 1:], before[:, i + 1:])


def test_padded_inputs_do_not_reach_the_real_positions(problem):
    I, Wq, Wk, Wv = problem
    mask = masking.padding_mask(SIZES["N"], 3)
    changed = I.copy()
    changed[:, 3:] += 10.0
    before, after = (masking.masked_attention(x, Wq, Wk, Wv, mask) for x in (I, changed))
    assert np.allclose(after[:, :3], before[:, :3], rtol=1e-13, atol=1e-13)


def test_masked_attention_checks_the_mask_shape(problem):
    with pytest.raises(ValueError, match=r"\(N, N\)"):
        masking.masked_attention(*problem, masking.causal_mask(SIZES["N"] - 1))
    with pytest.raises(ValueError, match="boolean"):
        masking.masked_attention(*problem, np.ones((SIZES["N"], SIZES["N"])))


def test_the_nan_mistake_really_gives_nan_in_a_fully_masked_column():
    A = np.arange(9.0).reshape(3, 3)
    mask = masking.causal_mask(3)
    mask[:, 0] = False
    wrong = MISTAKEN["06_scaling_and_masking/masked_softmax_columns"]["masked_column_nan"](A, mask)
    assert np.isnan(wrong[:, 0]).all() and np.allclose(wrong[:, 1:], masking.masked_softmax_columns(A, mask)[:, 1:])
