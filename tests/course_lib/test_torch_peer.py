"""Do the answers beyond the lecture compute what PyTorch, a trusted peer, computes?

Float64 on random inputs, several seeds and sizes, to 1e-10. PyTorch works in
rows (positions in rows, masks indexed [query, key]); the course works in
columns (mask[j, i] with j the key), so every comparison converts explicitly.
"""

import json
import os

import numpy as np
import pytest

REASON = "PyTorch is not installed: `./course.sh test` installs it (torch==2.13.0, CPU build)"
try:
    import torch
except ModuleNotFoundError:
    torch = None
if torch is None and os.environ.get("CI") == "true":  # CI must compare with the peer: fail, never skip
    pytest.fail(f"CI must run the PyTorch peer tests, but {REASON}", pytrace=False)
torch = pytest.importorskip("torch", reason=REASON)

from course_lib.reference import build_torch_example, masking, multi_head, rows  # noqa: E402
from course_lib.reference.staleness import differences  # noqa: E402
from course_lib.stored_cases import encode  # noqa: E402

TOLERANCE = 1e-10
# (seed, N, d_in, d_k, d_v): distinct sizes, and a few edge cases (N = 1, d_k = 1)
CASES = [(0, 6, 5, 3, 4), (1, 1, 3, 2, 5), (2, 9, 2, 7, 3), (3, 4, 6, 1, 2), (4, 12, 8, 5, 6)]


def problem(seed, N, d_in, d_k, d_v):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((d_in, N)), rng.standard_normal((d_k, d_in)),
            rng.standard_normal((d_k, d_in)), rng.standard_normal((d_v, d_in)))


def tensor(array):
    return torch.tensor(np.ascontiguousarray(array), dtype=torch.float64)


def torch_sdpa_in_rows(I, Wq, Wk, Wv, **options):
    """scaled_dot_product_attention on X W^qᵀ, X W^kᵀ, X W^vᵀ with X = Iᵀ; returns O_rows (N, d_v)."""
    X = I.T
    q, k, v = (tensor(X @ W.T)[None] for W in (Wq, Wk, Wv))  # (1, N, d)
    with torch.no_grad():
        return torch.nn.functional.scaled_dot_product_attention(q, k, v, **options)[0].numpy()


def close(ours, theirs):
    assert ours.shape == theirs.shape
    assert np.allclose(ours, theirs, rtol=0, atol=TOLERANCE), np.abs(ours - theirs).max()


def test_torch_is_double_precision_here():
    assert tensor(np.ones(1)).dtype == torch.float64


@pytest.mark.parametrize("case", CASES)
def test_row_attention_is_torchs_scaled_dot_product_attention(case):
    I, Wq, Wk, Wv = problem(*case)
    close(rows.row_attention(I.T, Wq, Wk, Wv), torch_sdpa_in_rows(I, Wq, Wk, Wv))


@pytest.mark.parametrize("case", CASES)
def test_masked_attention_with_the_causal_mask_is_torchs_is_causal(case):
    I, Wq, Wk, Wv = problem(*case)
    N = I.shape[1]
    O = masking.masked_attention(I, Wq, Wk, Wv, masking.causal_mask(N))
    close(O.T, torch_sdpa_in_rows(I, Wq, Wk, Wv, is_causal=True))


@pytest.mark.parametrize("case", CASES)
def test_masked_attention_with_a_padding_mask_is_torchs_attn_mask(case):
    I, Wq, Wk, Wv = problem(*case)
    N = I.shape[1]
    for length in range(1, N + 1):  # length 0 masks every key: torch gives NaN there, the course zeros
        mask = masking.padding_mask(N, length)  # mask[j, i], j the key
        attn_mask = torch.tensor(mask.T)  # torch: [query i, key j], True = may attend
        close(masking.masked_attention(I, Wq, Wk, Wv, mask).T,
              torch_sdpa_in_rows(I, Wq, Wk, Wv, attn_mask=attn_mask))


def test_an_unsymmetric_mask_is_read_the_same_way_as_torch():
    """A random mask (every query allowed at least one key) catches a mask read transposed."""
    I, Wq, Wk, Wv = problem(7, 6, 5, 3, 4)
    mask = np.random.default_rng(7).random((6, 6)) < 0.5
    mask[np.arange(6), np.arange(6)] = True
    close(masking.masked_attention(I, Wq, Wk, Wv, mask).T,
          torch_sdpa_in_rows(I, Wq, Wk, Wv, attn_mask=torch.tensor(mask.T)))


def torch_mha(seed, batch, N, d_model, num_heads, biases):
    """A seeded nn.MultiheadAttention in float64, its weights as numpy, and its output on x."""
    torch.manual_seed(seed)
    layer = torch.nn.MultiheadAttention(d_model, num_heads, batch_first=True, dtype=torch.float64)
    layer.eval()
    with torch.no_grad():
        if biases:
            layer.in_proj_bias.normal_()
            layer.out_proj.bias.normal_()
        x = torch.randn(batch, N, d_model, dtype=torch.float64)
        output, _ = layer(x, x, x, need_weights=False)
    weights = [t.detach().numpy().copy() for t in
               (layer.in_proj_weight, layer.in_proj_bias, layer.out_proj.weight, layer.out_proj.bias)]
    return x.numpy(), weights, output.numpy()


MHA_CASES = [(0, 2, 5, 8, 2), (1, 3, 4, 6, 3), (2, 1, 7, 12, 4), (3, 2, 1, 5, 1), (4, 1, 6, 6, 6)]


@pytest.mark.parametrize("case", MHA_CASES)
@pytest.mark.parametrize("biases", [False, True])
def test_torch_style_mha_is_torchs_multihead_attention(case, biases):
    x, weights, expected = torch_mha(*case, biases=biases)
    if biases:
        assert np.abs(weights[1]).min() > 0 and np.abs(weights[3]).min() > 0
    close(rows.torch_style_mha(x, *weights, case[-1]), expected)


@pytest.mark.parametrize("case", MHA_CASES)
def test_multi_head_attention_with_split_weights_is_torchs_multihead_attention(case):
    x, (W_in, _, W_out, _), expected = torch_mha(*case, biases=False)
    num_heads, d_model = case[-1], case[-2]
    d_head = d_model // num_heads
    Wq, Wk, Wv = (np.stack([W_in[p * d_model + r * d_head:p * d_model + (r + 1) * d_head]
                            for r in range(num_heads)]) for p in range(3))  # (h, d_head, d_model)
    for b in range(x.shape[0]):
        close(multi_head.multi_head_attention(x[b].T, Wq, Wk, Wv, W_out).T, expected[b])


def test_the_shipped_example_is_what_the_builder_makes_today():
    """The same numbers to 1e-12 of each array's size: another CPU or PyTorch release may round otherwise."""
    shipped = json.loads(build_torch_example.PATH.read_text())
    rebuilt = build_torch_example.build_document()
    as_arrays = lambda document: {key: encode(np.array(value)) if isinstance(value, list) else value  # noqa: E731
                                  for key, value in document.items() if key != "torch_version"}
    assert rebuilt["num_heads"] == shipped["num_heads"] == 2
    stale = differences(as_arrays(shipped), as_arrays(rebuilt))
    assert not stale, f"{build_torch_example.PATH} is stale: run python -m course_lib.reference.build_torch_example {stale}"
    assert np.abs(np.array(shipped["in_proj_bias"])).min() > 0  # the biases are really random
    assert np.abs(np.array(shipped["out_proj_bias"])).min() > 0
