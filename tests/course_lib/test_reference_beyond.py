"""Are the answers beyond the lecture right (notebooks 06-09: scaling and masking, multi-head
attention, positions, the row convention)? Each is held against an independent derivation:
a loop over positions or heads, a small case worked out by hand, or a property the math
guarantees. And does each deliberately wrong version really differ from the right answer?"""

import ast
import inspect
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from course_lib.examples import random_problem
from course_lib.reference import layer, masking, multi_head, positions, rows, scaling
from course_lib.reference.mistaken.beyond import MISTAKEN_BEYOND
from course_lib.torch_example import load_torch_example

SIZES = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}
H, D_OUT = 3, 7  # heads and output size for multi-head attention, unlike every size above
MODULES = {
    "06_scaling_and_masking": (scaling, masking),
    "07_multi_head": (multi_head,),
    "08_positions": (positions,),
    "09_row_convention": (rows,),
}


@pytest.fixture
def problem():
    return random_problem(11, **SIZES)


def heads_problem(seed=5, h=H, d_in=5, d_k=3, d_v=4, N=6, d_out=D_OUT):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((d_in, N)), rng.standard_normal((h, d_k, d_in)),
            rng.standard_normal((h, d_k, d_in)), rng.standard_normal((h, d_v, d_in)),
            rng.standard_normal((d_out, h * d_v)))


def torch_problem(seed=3, batch=2, N=5, d_model=6, biases=True):
    rng = np.random.default_rng(seed)
    scale = 1.0 if biases else 0.0
    return (rng.standard_normal((batch, N, d_model)), rng.standard_normal((3 * d_model, d_model)),
            scale * rng.standard_normal(3 * d_model), rng.standard_normal((d_model, d_model)),
            scale * rng.standard_normal(d_model))


def loop_attention(I, Wq, Wk, Wv, scale=True, allowed=None):
    """The layer position by position with Python sums: b^i = Σ over allowed j of α'_{i,j} v^j."""
    d_in, N = I.shape
    q = [Wq @ I[:, i] for i in range(N)]
    k = [Wk @ I[:, j] for j in range(N)]
    v = [Wv @ I[:, j] for j in range(N)]
    divisor = math.sqrt(Wq.shape[0]) if scale else 1.0
    outputs = []
    for i in range(N):
        keys = [j for j in range(N) if allowed is None or allowed(i, j)]
        alpha = {j: float(q[i] @ k[j]) / divisor for j in keys}
        b = np.zeros(Wv.shape[0])
        if keys:
            top = max(alpha.values())
            e = {j: math.exp(alpha[j] - top) for j in keys}
            total = sum(e.values())
            for j in keys:
                b = b + e[j] / total * v[j]
        outputs.append(b)
    return np.stack(outputs, axis=1)


def encoding_by_formula(d_model, N):
    """P[2m, i] = sin(i / 10000^(2m/d)), P[2m+1, i] = cos(same), entry by entry with math."""
    P = np.empty((d_model, N))
    for row in range(d_model):
        m = row // 2
        for i in range(N):
            angle = i / 10000 ** (2 * m / d_model)
            P[row, i] = math.sin(angle) if row % 2 == 0 else math.cos(angle)
    return P


# ---------------------------------------------------------------- 06 scaling


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


# ---------------------------------------------------------------- 06 masks


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


# ---------------------------------------------------------------- 07 multi-head


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


# ---------------------------------------------------------------- 08 positions


def test_sinusoid_at_known_points():
    P = positions.sinusoidal_encoding(4, 3)
    assert P.shape == (4, 3) and P.dtype == np.float64
    assert P[:, 0].tolist() == [0.0, 1.0, 0.0, 1.0]  # position 0: sin 0, cos 0
    assert P[0, 1] == pytest.approx(math.sin(1.0)) and P[1, 1] == pytest.approx(math.cos(1.0))
    assert P[2, 2] == pytest.approx(math.sin(2 / 100)) and P[3, 2] == pytest.approx(math.cos(2 / 100))


@pytest.mark.parametrize("d_model, N", [(6, 5), (5, 7), (1, 3), (8, 1)])
def test_sinusoid_agrees_with_the_formula_entry_by_entry(d_model, N):
    assert np.allclose(positions.sinusoidal_encoding(d_model, N), encoding_by_formula(d_model, N), rtol=1e-13, atol=1e-15)


def test_each_sine_cosine_pair_lies_on_the_unit_circle():
    P = positions.sinusoidal_encoding(10, 50)
    assert np.allclose(P[0::2] ** 2 + P[1::2] ** 2, 1.0)
    assert len({tuple(np.round(P[:, i], 12)) for i in range(50)}) == 50  # every position distinct


def test_permute_positions_by_hand():
    I = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    moved = positions.permute_positions(I, [2, 0, 1])
    assert moved.tolist() == [[3.0, 1.0, 2.0], [6.0, 4.0, 5.0]]  # position 0 holds old position 2
    moved[0, 0] = 99.0
    assert I[0, 2] == 3.0


def test_the_layer_alone_is_permutation_equivariant_and_positions_break_it(problem):
    I, Wq, Wk, Wv = problem
    order = np.array([3, 0, 5, 1, 4, 2])
    plain = layer.self_attention(positions.permute_positions(I, order), Wq, Wk, Wv)
    assert np.allclose(plain, positions.permute_positions(layer.self_attention(I, Wq, Wk, Wv), order), rtol=1e-12)
    with_positions = positions.attention_with_positions(positions.permute_positions(I, order), Wq, Wk, Wv)
    reordered = positions.permute_positions(positions.attention_with_positions(I, Wq, Wk, Wv), order)
    assert not np.allclose(with_positions, reordered, rtol=1e-3, atol=1e-3)


def test_attention_with_positions_is_the_unscaled_loop_on_inputs_plus_positions(problem):
    I, Wq, Wk, Wv = problem
    P = encoding_by_formula(SIZES["d_in"], SIZES["N"])
    expected = loop_attention(I + P, Wq, Wk, Wv, scale=False)
    assert np.allclose(positions.attention_with_positions(I, Wq, Wk, Wv), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("call, words", [
    (lambda I: positions.permute_positions(I, [0, 1, 2]), "permutation"),
    (lambda I: positions.permute_positions(I, [0, 1, 2, 3, 4, 4]), "permutation"),
    (lambda I: positions.permute_positions(I, [0.0, 1, 2, 3, 4, 5]), "ints"),
    (lambda I: positions.permute_positions(I, [[0, 1, 2, 3, 4, 5]]), "ints"),
    (lambda I: positions.sinusoidal_encoding(0, 3), "d_model"),
    (lambda I: positions.sinusoidal_encoding(4, 2.0), "N must be an int"),
    (lambda I: positions.attention_with_positions(I[:, :0], np.ones((3, 5)), np.ones((3, 5)), np.ones((4, 5))), "N >= 1"),
])
def test_positions_errors(problem, call, words):
    with pytest.raises(ValueError, match=words):
        call(problem[0])


# ---------------------------------------------------------------- 09 rows


def test_row_scores_are_the_transposed_scaled_scores(problem):
    I, Wq, Wk, _ = problem
    Q, K = Wq @ I, Wk @ I
    S = rows.row_scores(Q.T, K.T)
    for i in range(SIZES["N"]):
        for j in range(SIZES["N"]):
            assert S[i, j] == pytest.approx(float(Q[:, i] @ K[:, j]) / math.sqrt(3), rel=1e-12)
    assert np.allclose(S, scaling.scaled_scores(Q, K).T, rtol=1e-13)


def test_row_attention_is_the_scaled_layer_transposed(problem):
    I, Wq, Wk, Wv = problem
    O_rows = rows.row_attention(I.T, Wq, Wk, Wv)
    assert O_rows.shape == (SIZES["N"], SIZES["d_v"])
    assert np.allclose(O_rows, scaling.scaled_self_attention(I, Wq, Wk, Wv).T, rtol=1e-12, atol=1e-13)
    assert np.allclose(O_rows, loop_attention(I, Wq, Wk, Wv).T, rtol=1e-12, atol=1e-13)


def test_row_softmax_does_not_overflow_on_large_scores(problem):
    """Scores in the thousands: exp overflows unless each row's maximum is subtracted first."""
    I, Wq, Wk, Wv = problem
    big = 40 * I  # scores grow with the square: hundreds to thousands
    assert np.abs(scaling.scaled_scores(Wq @ big, Wk @ big)).max() > 1000
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        O_rows = rows.row_attention(big.T, Wq, Wk, Wv)
        x, W_in, b_in, W_out, b_out = torch_problem(biases=False)
        output = rows.torch_style_mha(40 * x, W_in, b_in, W_out, b_out, 1)
    assert np.allclose(O_rows, loop_attention(big, Wq, Wk, Wv).T, rtol=1e-10, atol=1e-10)
    Wq1, Wk1, Wv1, Wo = split_torch_weights(W_in, W_out, 1)
    assert np.allclose(output[0], multi_head.multi_head_attention(40 * x[0].T, Wq1, Wk1, Wv1, Wo).T, rtol=1e-10, atol=1e-9)


def split_torch_weights(in_proj_weight, out_proj_weight, num_heads):
    """nn.MultiheadAttention's weights as the course's stacks: head r takes rows r·d_head … of W_q, W_k, W_v."""
    d_model = out_proj_weight.shape[0]
    d_head = d_model // num_heads
    W_q, W_k, W_v = (in_proj_weight[p * d_model:(p + 1) * d_model] for p in range(3))
    stack = lambda W: np.stack([W[r * d_head:(r + 1) * d_head] for r in range(num_heads)])  # noqa: E731
    return stack(W_q), stack(W_k), stack(W_v), out_proj_weight


@pytest.mark.parametrize("num_heads", [1, 2, 3, 6])
def test_torch_style_mha_with_zero_biases_is_multi_head_attention_per_batch_item(num_heads):
    x, W_in, b_in, W_out, b_out = torch_problem(biases=False)
    output = rows.torch_style_mha(x, W_in, b_in, W_out, b_out, num_heads)
    assert output.shape == x.shape
    Wq, Wk, Wv, Wo = split_torch_weights(W_in, W_out, num_heads)
    for b in range(x.shape[0]):
        expected = multi_head.multi_head_attention(x[b].T, Wq, Wk, Wv, Wo).T
        assert np.allclose(output[b], expected, rtol=1e-12, atol=1e-12)


def test_torch_style_mha_biases_are_a_constant_input_row():
    """x W_inᵀ + b_in is [x, 1] [W_in, b_in]ᵀ: append a row of ones to I and b_in as a column of the weights."""
    x, W_in, b_in, W_out, b_out = torch_problem(seed=8)
    output = rows.torch_style_mha(x, W_in, b_in, W_out, b_out, 3)
    Wq, Wk, Wv, Wo = split_torch_weights(np.hstack([W_in, b_in[:, None]]), W_out, 3)
    for b in range(x.shape[0]):
        I = np.vstack([x[b].T, np.ones((1, x.shape[1]))])
        expected = (multi_head.multi_head_attention(I, Wq, Wk, Wv, Wo) + b_out[:, None]).T
        assert np.allclose(output[b], expected, rtol=1e-12, atol=1e-12)


def test_torch_style_mha_reproduces_pytorchs_stored_example():
    example = load_torch_example()
    args = [example[name] for name in ("x", "in_proj_weight", "in_proj_bias", "out_proj_weight", "out_proj_bias")]
    assert type(example["num_heads"]) is int
    output = rows.torch_style_mha(*args, example["num_heads"])
    assert np.allclose(output, example["output"], rtol=0, atol=1e-10)
    for key, wrong in MISTAKEN_BEYOND["09_row_convention/torch_style_mha"].items():
        assert not np.allclose(wrong(*args, example["num_heads"]), example["output"], rtol=0, atol=1e-10), key


def test_stored_attention_weights_are_each_heads_row_softmax():
    example = load_torch_example()
    x, W_in, b_in = example["x"], example["in_proj_weight"], example["in_proj_bias"]
    h, d_model = example["num_heads"], x.shape[2]
    d_head = d_model // h
    weights = example["attention_weights"]
    assert weights.shape == (x.shape[0], h, x.shape[1], x.shape[1])
    for b in range(x.shape[0]):
        projected = x[b] @ W_in.T + b_in
        for r in range(h):
            q = projected[:, r * d_head:(r + 1) * d_head]
            k = projected[:, d_model + r * d_head:d_model + (r + 1) * d_head]
            S = rows.row_scores(q, k)
            expected = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
            assert np.allclose(weights[b, r], expected, rtol=0, atol=1e-12)


def test_the_torch_example_loader_ships_to_students():
    """course_lib/torch_example.py goes into the student release: no reference answers, no PyTorch."""
    import course_lib.torch_example as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [f"{node.module}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if "reference" in (name or "") or "torch" == (name or "").split(".")[0]]
    assert module.PATH.parent.name == "check_data" and module.PATH.parent.parent.name == "course_lib"


@pytest.mark.parametrize("call, words", [
    (lambda a: rows.torch_style_mha(a[0], *a[1:], 4), "must divide"),
    (lambda a: rows.torch_style_mha(a[0], *a[1:], 0), "at least 1"),
    (lambda a: rows.torch_style_mha(a[0], *a[1:], 2.0), "int"),
    (lambda a: rows.torch_style_mha(a[0][0], *a[1:], 2), "batch"),
    (lambda a: rows.torch_style_mha(a[0], a[1][:-1], *a[2:], 2), "in_proj_weight"),
    (lambda a: rows.torch_style_mha(a[0], a[1], a[2][:-1], *a[3:], 2), "in_proj_bias"),
    (lambda a: rows.torch_style_mha(*a[:3], a[3][:, :-1], a[4], 2), "out_proj_weight"),
    (lambda a: rows.row_scores(np.ones((4, 3)), np.ones((4, 2))), "d_k"),
    (lambda a: rows.row_attention(np.ones((4, 3)), np.ones((2, 3)), np.ones((2, 4)), np.ones((5, 3))), "d_in"),
])
def test_row_errors(call, words):
    with pytest.raises(ValueError, match=words):
        call(torch_problem())


# ---------------------------------------------------------------- all: inputs, dtypes


def answers_and_arguments():
    I, Wq, Wk, Wv = random_problem(2, **SIZES)
    N = SIZES["N"]
    A = np.random.default_rng(9).standard_normal((N, N))
    mask = np.random.default_rng(10).random((N, N)) < 0.5
    mask[:, 1] = False  # a column with nothing allowed (for masked_column_nan)
    mask[0, 0] = True
    hI, hWq, hWk, hWv, hWo = heads_problem()
    return {
        "06_scaling_and_masking/scaled_scores": [(Wq @ I, Wk @ I)],
        "06_scaling_and_masking/causal_mask": [(N,)],
        "06_scaling_and_masking/padding_mask": [(N, 4), (N, 1)],
        "06_scaling_and_masking/masked_softmax_columns": [(A, mask)],
        "06_scaling_and_masking/masked_attention": [(I, Wq, Wk, Wv, masking.causal_mask(N))],
        "07_multi_head/head_outputs": [(hI, hWq, hWk, hWv)],
        "07_multi_head/concat_heads": [(multi_head.head_outputs(hI, hWq, hWk, hWv),)],
        "07_multi_head/multi_head_attention": [(hI, hWq, hWk, hWv, hWo)],
        "07_multi_head/multi_head_parameter_count": [(5, 3, 4, H, D_OUT)],
        "08_positions/sinusoidal_encoding": [(SIZES["d_in"], N), (N, N)],
        "08_positions/permute_positions": [(I, np.array([3, 0, 5, 1, 4, 2])),
                                           (np.vstack([I, I]), np.array([3, 0, 5, 1, 4, 2]))],
        "08_positions/attention_with_positions": [(I, Wq, Wk, Wv), random_problem(3, d_in=6, d_k=3, d_v=4, N=6)],
        "09_row_convention/row_scores": [((Wq @ I).T, (Wk @ I).T)],
        "09_row_convention/row_attention": [(I.T, Wq, Wk, Wv)],
        "09_row_convention/torch_style_mha": [(*torch_problem(), 3)],
    }


def reference_answer(key):
    notebook, name = key.split("/")
    for module in MODULES[notebook]:
        if hasattr(module, name):
            return getattr(module, name)
    raise AssertionError(f"{key}: no reference answer named {name} in {MODULES[notebook]}")


def test_every_exercise_with_mistakes_has_arguments_here():
    assert set(MISTAKEN_BEYOND) == set(answers_and_arguments())


@pytest.mark.parametrize("key", sorted(answers_and_arguments()))
def test_answers_return_float64_or_bool_and_leave_their_inputs_alone(key):
    for args in answers_and_arguments()[key]:
        copies = [np.array(a, copy=True) for a in args]
        result = reference_answer(key)(*args)
        for before, after in zip(copies, args):
            assert np.array_equal(before, after), key
        if isinstance(result, np.ndarray):
            assert result.dtype in (np.float64, np.bool_), key
        else:
            assert type(result) is int, key


# ---------------------------------------------------------------- the deliberately wrong versions


def differs(wrong, right):
    if isinstance(right, int):
        return wrong != right
    wrong, right = np.asarray(wrong), np.asarray(right)
    return wrong.shape != right.shape or not np.allclose(wrong, right, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("key", sorted(MISTAKEN_BEYOND))
def test_each_mistake_has_the_answers_signature(key):
    expected = list(inspect.signature(reference_answer(key)).parameters)
    for mistake, wrong in MISTAKEN_BEYOND[key].items():
        assert list(inspect.signature(wrong).parameters) == expected, (key, mistake)


@pytest.mark.parametrize("key, mistake", [(key, mistake) for key in sorted(MISTAKEN_BEYOND) for mistake in MISTAKEN_BEYOND[key]])
def test_each_mistake_really_differs_from_the_right_answer(key, mistake):
    wrong = MISTAKEN_BEYOND[key][mistake]
    computed = 0
    for args in answers_and_arguments()[key]:
        right = reference_answer(key)(*args)
        try:
            with np.errstate(invalid="ignore"):
                result = wrong(*args)
        except ValueError:
            continue  # cannot be computed at these sizes (e.g. I[order] when N > d_in)
        computed += 1
        assert differs(result, right), f"{key} {mistake} gives the right answer on {[np.shape(a) for a in args]}"
    assert computed, f"{key} {mistake} could not be computed on any of the test's arguments"


def test_the_nan_mistake_really_gives_nan_in_a_fully_masked_column():
    A = np.arange(9.0).reshape(3, 3)
    mask = masking.causal_mask(3)
    mask[:, 0] = False
    wrong = MISTAKEN_BEYOND["06_scaling_and_masking/masked_softmax_columns"]["masked_column_nan"](A, mask)
    assert np.isnan(wrong[:, 0]).all() and np.allclose(wrong[:, 1:], masking.masked_softmax_columns(A, mask)[:, 1:])


def test_mistakes_that_need_special_sizes_raise_value_error_elsewhere():
    I, Wq, Wk, Wv = random_problem(2, **SIZES)  # d_in = 5 < N = 6
    with pytest.raises(ValueError):
        MISTAKEN_BEYOND["08_positions/permute_positions"]["permuted_rows"](I, np.arange(6)[::-1])
    with pytest.raises(ValueError):
        MISTAKEN_BEYOND["08_positions/attention_with_positions"]["positions_in_rows"](I, Wq, Wk, Wv)
