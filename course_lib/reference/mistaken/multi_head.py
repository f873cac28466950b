"""Wrong versions of ``reference/multi_head.py`` (notebook 07): heads, their concatenation, the layer and
its parameter count.

A mistake in the scale ("scaled_by_d_k", "scaled_by_d_model") needs d_k > 1 or h > 1; "counted_one_head"
and the "heads_*" mistakes need h > 1 ("split_interleaved" and "split_reversed" of split_heads too; the first also d_k > 1).
"""

import numpy as np

from ..softmax import softmax_columns
from ._shared import floats, scaled, softmax_rows


def _heads(I, Wq, Wk, Wv, scale="right", normalise=softmax_columns):
    """(h, d_v, N): every head's output, with a chosen scale and normalisation."""
    I, Wq, Wk, Wv = floats(I), floats(Wq), floats(Wk), floats(Wv)
    h, d_k = Wq.shape[0], Wq.shape[1]
    outputs = []
    for r in range(h):
        Q, K, V = Wq[r] @ I, Wk[r] @ I, Wv[r] @ I
        A = K.T @ Q
        if scale == "scaled_by_d_model":
            A = A / np.sqrt(h * d_k)
        else:
            A = scaled(scale)(A, d_k)
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
    return lambda heads: _CONCAT[key](floats(heads))


def _multi_head_with(concat="right", output_weights=True, **options):
    def wrong(I, Wq, Wk, Wv, Wo):
        stacked = _CONCAT[concat](_heads(I, Wq, Wk, Wv, **options))
        return floats(Wo) @ stacked if output_weights else stacked
    return wrong


MISTAKEN = {
    "07_multi_head/head_outputs": {
        "scaled_by_d_model": _head_outputs_with(scale="scaled_by_d_model"),
        "unscaled": _head_outputs_with(scale="unscaled"),
        "scaled_by_d_k": _head_outputs_with(scale="scaled_by_d_k"),
        "softmax_rows": _head_outputs_with(normalise=softmax_rows),
    },
    "07_multi_head/concat_heads": {
        key: _concat_with(key) for key in _CONCAT if key != "right"
    },
    "07_multi_head/multi_head_attention": {
        "scaled_by_d_model": _multi_head_with(scale="scaled_by_d_model"),
        "unscaled": _multi_head_with(scale="unscaled"),
        "scaled_by_d_k": _multi_head_with(scale="scaled_by_d_k"),
        "softmax_rows": _multi_head_with(normalise=softmax_rows),
        "heads_interleaved": _multi_head_with(concat="heads_interleaved"),
        "heads_reversed": _multi_head_with(concat="heads_reversed"),
        "missing_output_weights": _multi_head_with(output_weights=False),  # returns the (h·d_v, N) stack
    },
    "07_multi_head/split_heads": {
        "split_interleaved": lambda W, h: floats(W).reshape(-1, h, np.shape(W)[1]).transpose(1, 0, 2),  # row m·h + r
        "split_reversed": lambda W, h: floats(W).reshape(h, -1, np.shape(W)[1])[::-1],
    },
    "07_multi_head/multi_head_parameter_count": {
        "counted_one_head": lambda d_in, d_k, d_v, h, d_out: int((2 * d_k + d_v) * d_in + d_out * h * d_v),
        "missing_output_weights": lambda d_in, d_k, d_v, h, d_out: int(h * (2 * d_k + d_v) * d_in),
    },
}
