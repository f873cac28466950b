"""Is ``reference/multi_head.py`` (notebook 07) right: each head, their concatenation, W^o, the split of one
tall weight matrix into heads, the count?"""

import numpy as np
import pytest

from course_lib.reference import multi_head, scaling

from .conftest import D_OUT, H, SIZES, heads_problem, loop_attention


def test_each_head_is_the_scaled_layer_with_that_heads_weights():
    I, Wq, Wk, Wv, _ = heads_problem()
    heads = multi_head.head_outputs(I, Wq, Wk, Wv)
    assert heads.shape == (H, 4, 6)
    for r in range(H):
        assert np.allclose(heads[r], loop_attention(I, Wq[r], Wk[r], Wv[r]), rtol=1e-12, atol=1e-12)


def test_concat_heads_by_hand():
    heads = np.arange(12.0).reshape(2, 2, 3)  # head 0: rows [0 1 2], [3 4 5]; head 1: [6 7 8], [9 10 11]
    assert multi_head.concat_heads(heads).tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]


def test_multi_head_is_the_sum_of_each_heads_share_of_w_o():
    """W^o [O^1; …; O^h] = Σ_r W^o[:, block r] O^r: the product split by blocks of columns."""
    I, Wq, Wk, Wv, Wo = heads_problem()
    d_v = Wv.shape[1]
    expected = sum(Wo[:, r * d_v:(r + 1) * d_v] @ loop_attention(I, Wq[r], Wk[r], Wv[r]) for r in range(H))
    O = multi_head.multi_head_attention(I, Wq, Wk, Wv, Wo)
    assert O.shape == (D_OUT, 6) and O.dtype == np.float64
    assert np.allclose(O, expected, rtol=1e-12, atol=1e-12)


def test_one_head_with_identity_output_weights_is_the_scaled_layer(problem):
    I, Wq, Wk, Wv = problem
    O = multi_head.multi_head_attention(I, Wq[None], Wk[None], Wv[None], np.eye(SIZES["d_v"]))
    assert np.allclose(O, scaling.scaled_self_attention(I, Wq, Wk, Wv), rtol=1e-13, atol=1e-13)


def test_split_heads_by_hand():
    W = np.arange(12.0).reshape(4, 3)  # rows [0 1 2], [3 4 5], [6 7 8], [9 10 11]
    assert multi_head.split_heads(W, 2).tolist() == [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]
    assert multi_head.split_heads(W, 1).tolist() == [W.tolist()]


def test_split_heads_undoes_the_stacking_and_gives_every_heads_queries():
    I, Wq, _, _, _ = heads_problem()
    tall = np.concatenate(list(Wq), axis=0)  # (H·d_k, d_in): W I = [Q^1; …; Q^h]
    split = multi_head.split_heads(tall, H)
    assert split.shape == Wq.shape and np.array_equal(split, Wq)
    assert np.allclose(multi_head.concat_heads(np.stack([split[r] @ I for r in range(H)])), tall @ I)


def test_the_lecture_heads_are_heads_with_the_product_weights():
    """q^{i,r} = M^r q^i = M^r W^q a^i: the lecture's two steps are one matrix per head."""
    rng = np.random.default_rng(70)
    I, Wq_one, M = rng.standard_normal((5, 6)), rng.standard_normal((7, 5)), rng.standard_normal((H, 3, 7))
    stacked = multi_head.split_heads(np.concatenate([M[r] @ Wq_one for r in range(H)], axis=0), H)
    for r in range(H):
        assert np.allclose(stacked[r] @ I, M[r] @ (Wq_one @ I), rtol=1e-12, atol=1e-12)


def test_split_heads_refuses_a_count_that_does_not_divide_the_rows():
    with pytest.raises(ValueError, match="divide"):
        multi_head.split_heads(np.zeros((6, 2)), 4)
    with pytest.raises(ValueError, match="int"):
        multi_head.split_heads(np.zeros((6, 2)), 2.0)


def test_parameter_count_by_hand_and_by_the_arrays():
    count = multi_head.multi_head_parameter_count(5, 3, 4, 2, 7)
    assert count == 2 * (3 * 5 + 3 * 5 + 4 * 5) + 7 * 2 * 4 == 156
    assert type(count) is int
    _, Wq, Wk, Wv, Wo = heads_problem()
    assert multi_head.multi_head_parameter_count(5, 3, 4, H, D_OUT) == Wq.size + Wk.size + Wv.size + Wo.size


def test_multi_head_shape_and_size_errors():
    I, Wq, Wk, Wv, Wo = heads_problem()
    with pytest.raises(ValueError, match="h·d_v"):
        multi_head.multi_head_attention(I, Wq, Wk, Wv, Wo[:, :-1])
    with pytest.raises(ValueError, match="heads in W\\^v"):
        multi_head.head_outputs(I, Wq, Wk, Wv[:2])
    with pytest.raises(ValueError, match="3-D"):
        multi_head.head_outputs(I, Wq[0], Wk, Wv)
    with pytest.raises(ValueError, match="d_in"):
        multi_head.head_outputs(I[:4], Wq, Wk, Wv)
    with pytest.raises(ValueError, match="at least one head"):
        multi_head.concat_heads(np.zeros((0, 2, 3)))
    with pytest.raises(ValueError, match="h must be at least 1"):
        multi_head.multi_head_parameter_count(5, 3, 4, 0, 7)
    with pytest.raises(ValueError, match="int"):
        multi_head.multi_head_parameter_count(5, 3, 4, 2.0, 7)
