"""Wrong versions of ``reference/rows.py`` (notebook 09): the row convention and a torch-style layer."""

import numpy as np

from ._shared import floats, scaled


def _row_layer(softmax_axis=-1, scale="right"):
    def wrong(X, Wq, Wk, Wv):
        X = floats(X)
        Q_rows, K_rows, V_rows = X @ floats(Wq).T, X @ floats(Wk).T, X @ floats(Wv).T
        S = scaled(scale)(Q_rows @ K_rows.T, Q_rows.shape[1])
        weights = np.exp(S - S.max(axis=softmax_axis, keepdims=True))
        return weights / weights.sum(axis=softmax_axis, keepdims=True) @ V_rows
    return wrong


def _torch_mha(scale="right", merge="blocks", softmax_axis=-1, biases=True):
    def wrong(x, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, num_heads):
        x = floats(x)
        batch, N, d_model = x.shape
        h = int(num_heads)
        if d_model % h:
            raise ValueError(f"num_heads ({h}) must divide d_model ({d_model})")
        d_head = d_model // h
        b_in, b_out = (floats(in_proj_bias), floats(out_proj_bias)) if biases else (0.0, 0.0)
        q, k, v = np.split(x @ floats(in_proj_weight).T + b_in, 3, axis=-1)
        q, k, v = (t.reshape(batch, N, h, d_head).transpose(0, 2, 1, 3) for t in (q, k, v))
        S = q @ k.transpose(0, 1, 3, 2)
        S = S / np.sqrt(d_model) if scale == "scaled_by_d_model" else scaled(scale)(S, d_head)
        weights = np.exp(S - S.max(axis=softmax_axis, keepdims=True))
        weights /= weights.sum(axis=softmax_axis, keepdims=True)
        heads = weights @ v  # (batch, h, N, d_head)
        if merge == "blocks":
            merged = heads.transpose(0, 2, 1, 3).reshape(batch, N, d_model)  # feature r·d_head + c
        else:
            merged = heads.transpose(0, 2, 3, 1).reshape(batch, N, d_model)  # feature c·h + r
        return merged @ floats(out_proj_weight).T + b_out
    return wrong


MISTAKEN = {
    "09_row_convention/row_scores": {
        "row_scores_transposed": lambda Q_rows, K_rows: floats(K_rows) @ floats(Q_rows).T / np.sqrt(floats(Q_rows).shape[1]),
        "unscaled": lambda Q_rows, K_rows: floats(Q_rows) @ floats(K_rows).T,
        "scaled_by_d_k": lambda Q_rows, K_rows: floats(Q_rows) @ floats(K_rows).T / floats(Q_rows).shape[1],
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
}
