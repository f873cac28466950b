"""Is ``reference/rows.py`` (notebook 09) right: the row convention is the column one transposed, and the
torch-style layer is multi-head attention with biases, as PyTorch's stored example shows?
"""

import ast
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from course_lib.reference import multi_head, rows, scaling
from course_lib.reference.mistaken import MISTAKEN
from course_lib.torch_example import load_torch_example

from .conftest import SIZES, loop_attention, torch_problem


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
    for key, wrong in MISTAKEN["09_row_convention/torch_style_mha"].items():
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
