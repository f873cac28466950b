"""Deliberately wrong versions of the answers beyond the lecture (notebooks 06-09), one per classic mistake.

The companion of ``course_lib.reference.mistaken`` for scaling and masking,
multi-head attention, positions and the row convention. Instructor edition only.

``MISTAKEN_BEYOND`` maps an exercise's key ("<notebook>/<function>") to
{mistake key: function with the exercise's signature}. Every wrong function
takes the same arguments as the reference answer and differs from it on
generic inputs. A few cannot be computed at some sizes and raise ValueError
there (numpy's own shape errors included):

- 08_positions/permute_positions "permuted_rows" (I[order]) needs N <= d_in;
- 08_positions/attention_with_positions "positions_in_rows" (I + Pᵀ) needs d_in == N.

Some differ only on particular inputs: "masked_column_nan" needs a column
with no allowed key; "mask_on_queries" needs length < N; a mistake in the
scale ("scaled_by_d_k", "scaled_by_d_model") needs d_k > 1 or h > 1;
"counted_one_head" and the "heads_*" mistakes need h > 1.
"""

import numpy as np

from ..layer import self_attention
from ..masking import causal_mask, masked_softmax_columns, padding_mask
from ..positions import sinusoidal_encoding
from ..scaling import scaled_self_attention
from ..softmax import softmax_columns


def _f(x):
    return np.asarray(x, dtype=np.float64)


def _softmax_rows(A):
    return softmax_columns(A.T).T


def _masked_softmax_rows(A, mask):
    return masked_softmax_columns(A.T, np.asarray(mask).T).T


def _mask_after_softmax(A, mask):
    return softmax_columns(A) * np.asarray(mask)  # masked entries zeroed AFTER softmax: columns sum to < 1


def _masked_column_nan(A, mask):
    A = _f(A)
    filled = np.where(mask, A, -np.inf)
    with np.errstate(invalid="ignore"):  # a fully masked column: -inf - (-inf) = nan
        weights = np.exp(filled - filled.max(axis=0, keepdims=True))
        return weights / weights.sum(axis=0, keepdims=True)


# ---------------------------------------------------------------- 06_scaling_and_masking

def _scale(kind):
    """Divide scores by √d_k ("right"), by d_k, or not at all."""
    return {
        "right": lambda A, d_k: A / np.sqrt(d_k),
        "scaled_by_d_k": lambda A, d_k: A / d_k,
        "unscaled": lambda A, d_k: A,
    }[kind]


def _masked_layer(scale="right", normalise=masked_softmax_columns, mask_of=lambda mask: mask):
    def wrong(I, Wq, Wk, Wv, mask):
        I = _f(I)
        Q, K, V = _f(Wq) @ I, _f(Wk) @ I, _f(Wv) @ I
        A = _scale(scale)(K.T @ Q, Q.shape[0])
        return V @ normalise(A, mask_of(np.asarray(mask)))
    return wrong


MISTAKEN_BEYOND = {
    "06_scaling_and_masking/scaled_scores": {
        "scaled_by_d_k": lambda Q, K: _f(K).T @ _f(Q) / _f(Q).shape[0],
        "unscaled": lambda Q, K: _f(K).T @ _f(Q),
        "scores_transposed": lambda Q, K: _f(Q).T @ _f(K) / np.sqrt(_f(Q).shape[0]),
    },
    "06_scaling_and_masking/causal_mask": {
        "mask_wrong_triangle": lambda N: np.tril(np.ones((N, N), dtype=bool)),
        "mask_excludes_self": lambda N: np.triu(np.ones((N, N), dtype=bool), k=1),
        "mask_inverted": lambda N: ~causal_mask(N),
    },
    "06_scaling_and_masking/padding_mask": {
        "mask_on_queries": lambda N, length: padding_mask(N, length).T,  # mask[j, i] = i < length
        "mask_inverted": lambda N, length: ~padding_mask(N, length),
    },
    "06_scaling_and_masking/masked_softmax_columns": {
        "mask_after_softmax": _mask_after_softmax,
        "masked_column_nan": _masked_column_nan,
        "mask_inverted": lambda A, mask: masked_softmax_columns(A, ~np.asarray(mask)),
        "softmax_rows": _masked_softmax_rows,
    },
    "06_scaling_and_masking/masked_attention": {
        "unscaled": _masked_layer(scale="unscaled"),
        "scaled_by_d_k": _masked_layer(scale="scaled_by_d_k"),
        "mask_after_softmax": _masked_layer(normalise=_mask_after_softmax),
        "mask_wrong_triangle": _masked_layer(mask_of=lambda mask: mask.T),
        "mask_inverted": _masked_layer(mask_of=lambda mask: ~mask),
        "softmax_rows": _masked_layer(normalise=_masked_softmax_rows),
    },
}


# ---------------------------------------------------------------- 07_multi_head

def _heads(I, Wq, Wk, Wv, scale="right", normalise=softmax_columns):
    """(h, d_v, N): every head's output, with a chosen scale and normalisation."""
    I, Wq, Wk, Wv = _f(I), _f(Wq), _f(Wk), _f(Wv)
    h, d_k = Wq.shape[0], Wq.shape[1]
    outputs = []
    for r in range(h):
        Q, K, V = Wq[r] @ I, Wk[r] @ I, Wv[r] @ I
        A = K.T @ Q
        if scale == "scaled_by_d_model":
            A = A / np.sqrt(h * d_k)
        else:
            A = _scale(scale)(A, d_k)
        outputs.append(V @ normalise(A))
    return np.stack(outputs, axis=0)


_CONCAT = {
    "right": lambda heads: np.concatenate(list(heads), axis=0),
    "heads_interleaved": lambda heads: heads.transpose(1, 0, 2).reshape(-1, heads.shape[2]),  # row c·h + r
    "heads_reversed": lambda heads: np.concatenate(list(heads[::-1]), axis=0),
    "heads_side_by_side": lambda heads: np.concatenate(list(heads), axis=1),  # (d_v, h·N)
}


def _head_outputs_with(**options):
    return lambda I, Wq, Wk, Wv: _heads(I, Wq, Wk, Wv, **options)


def _concat_with(key):
    return lambda heads: _CONCAT[key](_f(heads))


def _multi_head_with(concat="right", output_weights=True, **options):
    def wrong(I, Wq, Wk, Wv, Wo):
        stacked = _CONCAT[concat](_heads(I, Wq, Wk, Wv, **options))
        return _f(Wo) @ stacked if output_weights else stacked
    return wrong


MISTAKEN_BEYOND.update({
    "07_multi_head/head_outputs": {
        "scaled_by_d_model": _head_outputs_with(scale="scaled_by_d_model"),
        "unscaled": _head_outputs_with(scale="unscaled"),
        "scaled_by_d_k": _head_outputs_with(scale="scaled_by_d_k"),
        "softmax_rows": _head_outputs_with(normalise=_softmax_rows),
    },
    "07_multi_head/concat_heads": {
        key: _concat_with(key) for key in _CONCAT if key != "right"
    },
    "07_multi_head/multi_head_attention": {
        "scaled_by_d_model": _multi_head_with(scale="scaled_by_d_model"),
        "unscaled": _multi_head_with(scale="unscaled"),
        "scaled_by_d_k": _multi_head_with(scale="scaled_by_d_k"),
        "softmax_rows": _multi_head_with(normalise=_softmax_rows),
        "heads_interleaved": _multi_head_with(concat="heads_interleaved"),
        "heads_reversed": _multi_head_with(concat="heads_reversed"),
        "missing_output_weights": _multi_head_with(output_weights=False),  # returns the (h·d_v, N) stack
    },
    "07_multi_head/multi_head_parameter_count": {
        "counted_one_head": lambda d_in, d_k, d_v, h, d_out: int((2 * d_k + d_v) * d_in + d_out * h * d_v),
        "missing_output_weights": lambda d_in, d_k, d_v, h, d_out: int(h * (2 * d_k + d_v) * d_in),
    },
})


# ---------------------------------------------------------------- 08_positions

def _encoding(d_model, N, first=0, swapped=False):
    rows = np.arange(d_model)
    two_m = rows - rows % 2
    angles = np.arange(first, first + N)[None, :] / 10000.0 ** (two_m[:, None] / d_model)
    sin, cos = np.sin(angles), np.cos(angles)
    if swapped:
        sin, cos = cos, sin
    return np.where(rows[:, None] % 2 == 0, sin, cos)


def _permuted_rows(I, order):
    I, order = _f(I), np.asarray(order)
    if order.size and order.max() >= I.shape[0]:
        raise ValueError(f"I[order] needs N <= d_in, got I {I.shape}")
    return I[order]


def _with_positions(encoding=None, layer=self_attention):
    def wrong(I, Wq, Wk, Wv):
        I = _f(I)
        P = encoding(*I.shape) if encoding is not None else 0.0
        return layer(I + P, _f(Wq), _f(Wk), _f(Wv))
    return wrong


MISTAKEN_BEYOND.update({
    "08_positions/sinusoidal_encoding": {
        "positions_in_rows": lambda d_model, N: sinusoidal_encoding(d_model, N).T,  # (N, d_model)
        "sin_cos_swapped": lambda d_model, N: _encoding(d_model, N, swapped=True),
        "positions_from_one": lambda d_model, N: _encoding(d_model, N, first=1),
    },
    "08_positions/permute_positions": {
        "permuted_rows": _permuted_rows,
        "inverse_permutation": lambda I, order: _f(I)[:, np.argsort(order)],
    },
    "08_positions/attention_with_positions": {
        "positions_not_added": _with_positions(),
        "scaled_unasked": _with_positions(sinusoidal_encoding, layer=scaled_self_attention),
        "positions_in_rows": _with_positions(lambda d_in, N: sinusoidal_encoding(d_in, N).T),  # needs d_in == N
        "sin_cos_swapped": _with_positions(lambda d_in, N: _encoding(d_in, N, swapped=True)),
        "positions_from_one": _with_positions(lambda d_in, N: _encoding(d_in, N, first=1)),
    },
})


# ---------------------------------------------------------------- 09_row_convention

def _row_layer(softmax_axis=-1, scale="right"):
    def wrong(X, Wq, Wk, Wv):
        X = _f(X)
        Q_rows, K_rows, V_rows = X @ _f(Wq).T, X @ _f(Wk).T, X @ _f(Wv).T
        S = _scale(scale)(Q_rows @ K_rows.T, Q_rows.shape[1])
        weights = np.exp(S - S.max(axis=softmax_axis, keepdims=True))
        return weights / weights.sum(axis=softmax_axis, keepdims=True) @ V_rows
    return wrong


def _torch_mha(scale="right", merge="blocks", softmax_axis=-1, biases=True):
    def wrong(x, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, num_heads):
        x = _f(x)
        batch, N, d_model = x.shape
        h = int(num_heads)
        if d_model % h:
            raise ValueError(f"num_heads ({h}) must divide d_model ({d_model})")
        d_head = d_model // h
        b_in, b_out = (_f(in_proj_bias), _f(out_proj_bias)) if biases else (0.0, 0.0)
        q, k, v = np.split(x @ _f(in_proj_weight).T + b_in, 3, axis=-1)
        q, k, v = (t.reshape(batch, N, h, d_head).transpose(0, 2, 1, 3) for t in (q, k, v))
        S = q @ k.transpose(0, 1, 3, 2)
        S = S / np.sqrt(d_model) if scale == "scaled_by_d_model" else _scale(scale)(S, d_head)
        weights = np.exp(S - S.max(axis=softmax_axis, keepdims=True))
        weights /= weights.sum(axis=softmax_axis, keepdims=True)
        heads = weights @ v  # (batch, h, N, d_head)
        if merge == "blocks":
            merged = heads.transpose(0, 2, 1, 3).reshape(batch, N, d_model)  # feature r·d_head + c
        else:
            merged = heads.transpose(0, 2, 3, 1).reshape(batch, N, d_model)  # feature c·h + r
        return merged @ _f(out_proj_weight).T + b_out
    return wrong


MISTAKEN_BEYOND.update({
    "09_row_convention/row_scores": {
        "row_scores_transposed": lambda Q_rows, K_rows: _f(K_rows) @ _f(Q_rows).T / np.sqrt(_f(Q_rows).shape[1]),
        "unscaled": lambda Q_rows, K_rows: _f(Q_rows) @ _f(K_rows).T,
        "scaled_by_d_k": lambda Q_rows, K_rows: _f(Q_rows) @ _f(K_rows).T / _f(Q_rows).shape[1],
    },
    "09_row_convention/row_attention": {
        "convention_mixed": _row_layer(softmax_axis=0),
        "unscaled": _row_layer(scale="unscaled"),
    },
    "09_row_convention/torch_style_mha": {
        "scaled_by_d_model": _torch_mha(scale="scaled_by_d_model"),
        "heads_interleaved": _torch_mha(merge="interleaved"),
        "convention_mixed": _torch_mha(softmax_axis=-2),
        "missing_biases": _torch_mha(biases=False),
        "unscaled": _torch_mha(scale="unscaled"),
    },
})
