"""The attention weights inside a whole layer, made visible: inputs on which the layer's result is its weights.

A layer's result O = V A' (O_rows = P V_rows with positions in rows) mixes
the weights with the values, so a wrong softmax inside it shows only as
"wrong values". These helpers build, from a case's own arguments, a second
input with the same scores but values that are the identity (each position's
value is a one-hot vector of its own index), so that the result is the
weight matrix itself: for the lecture's layer the input I gets N more
features [I; I_N], read only by W^v (W^q and W^k get zero columns there);
for PyTorch's layer every head gets N more features the same way, its query
weights scaled by √(d_head'/d_head) so that each head's scores stay what they
were.

``read`` takes the weights back out of such a result, and ``rebuilt`` says
what the layer's result on the case would be with given weights: when the
student's result equals that with their own weights, everything but the
weights is right, and the weights can be judged by ``relation``.
"""

import numpy as np

from .symbols import name_factor

LAYER_WEIGHTS = ("Wq", "Wk", "Wv")
TORCH = ("x", "in_proj_weight", "in_proj_bias", "out_proj_weight", "out_proj_bias", "num_heads")


def _float(value, ndim):
    return isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim == ndim


def layout(args):
    """"columns" (I, W^q, W^k, W^v), "rows" (X, W^q, W^k, W^v), "torch" (nn.MultiheadAttention's weights) or None."""
    names = tuple(args)
    if names[:6] == TORCH and _float(args["x"], 3):
        return "torch"
    if names[:4] in (("I",) + LAYER_WEIGHTS, ("X",) + LAYER_WEIGHTS) and all(_float(args[n], 2) for n in names[:4]) \
            and all(not (isinstance(v, np.ndarray) and v.dtype.kind == "f") for v in list(args.values())[4:]):
        return "columns" if names[0] == "I" else "rows"
    return None


def showing_args(args):
    """The arguments with the same scores and identity values (see the module's docstring), or None."""
    kind = layout(args)
    if kind in ("columns", "rows"):
        inputs = args["I"] if kind == "columns" else args["X"].T
        d_in, N = inputs.shape
        padded = np.vstack([inputs, np.eye(N)])
        zeros = np.zeros((args["Wq"].shape[0], N))
        changed = {"Wq": np.hstack([args["Wq"], zeros]), "Wk": np.hstack([args["Wk"], zeros]),
                   "Wv": np.hstack([np.zeros((N, d_in)), np.eye(N)])}
        changed["I" if kind == "columns" else "X"] = padded if kind == "columns" else padded.T.copy()
        return {**args, **changed}
    if kind == "torch":
        return _torch_showing_args(args)
    return None


def _torch_showing_args(args):
    x, W_in, b_in, h = args["x"], args["in_proj_weight"], args["in_proj_bias"], int(args["num_heads"])
    batch, N, d_model = x.shape
    if h < 1 or d_model % h:
        return None
    d_head = d_model // h
    wide = d_head + N  # each head: its own features, then N one-hot ones
    D = h * wide
    shown_x = np.zeros((batch, N, D))
    shown_x[..., :d_model] = x
    shown_x[:, np.arange(N), d_model + np.arange(N)] = 1.0
    shown_W, shown_b = np.zeros((3 * D, D)), np.zeros(3 * D)
    stretch = np.sqrt(wide / d_head)  # the scores are divided by √wide now: the queries make up for it
    for r in range(h):
        own = slice(r * d_head, (r + 1) * d_head)
        rows = slice(r * wide, r * wide + d_head)
        shown_W[rows, :d_model], shown_b[rows] = stretch * W_in[own], stretch * b_in[own]
        shown_W[D:][rows, :d_model], shown_b[D:][rows] = W_in[d_model:2 * d_model][own], b_in[d_model:2 * d_model][own]
        shown_W[2 * D + r * wide + d_head + np.arange(N), d_model + np.arange(N)] = 1.0
    return {**args, "x": shown_x, "in_proj_weight": shown_W, "in_proj_bias": shown_b,
            "out_proj_weight": np.eye(D), "out_proj_bias": np.zeros(D)}


def read(args, result):
    """The weights in a result on ``showing_args(args)``: A' (N, N) for the lecture's layer (column i: query i),
    P (N, N) with positions in rows, (batch, h, N, N) for PyTorch's (row i: query i); None if it has no such shape."""
    kind = layout(args)
    result = np.asarray(result, dtype=float)
    if kind in ("columns", "rows"):
        N = (args["I"].shape[1] if kind == "columns" else args["X"].shape[0])
        return result if result.shape == (N, N) else None
    batch, N, d_model = args["x"].shape
    h = int(args["num_heads"])
    wide = d_model // h + N
    if result.shape != (batch, N, h * wide):
        return None
    return np.stack([result[:, :, r * wide + d_model // h:(r + 1) * wide] for r in range(h)], axis=1)


def rebuilt(args, weights):
    """The layer's result on the case's own ``args`` if its attention weights were ``weights`` (as ``read`` gives)."""
    kind = layout(args)
    if kind == "columns":
        return (args["Wv"] @ args["I"]) @ weights
    if kind == "rows":
        return weights @ (args["X"] @ args["Wv"].T)
    x, W_in, b_in = args["x"], args["in_proj_weight"], args["in_proj_bias"]
    batch, N, d_model = x.shape
    h = int(args["num_heads"])
    v = (x @ W_in[2 * d_model:].T + b_in[2 * d_model:]).reshape(batch, N, h, d_model // h).transpose(0, 2, 1, 3)
    merged = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, N, d_model)
    return merged @ args["out_proj_weight"].T + args["out_proj_bias"]


def query_axis(args):
    """The axis along which one query's weights lie (and sum to 1): 0 for A'[j, i], the last one in rows."""
    return 0 if layout(args) == "columns" else -1


def relation(mine, right, args, sizes):
    """(message id, parameters) for how the weights ``mine`` differ from the ``right`` ones, or None when they do not.
    Both are what ``read`` gives, one query's weights along ``query_axis``."""
    if mine.shape != right.shape or not np.all(np.isfinite(mine)) or np.allclose(mine, right, rtol=1e-7, atol=1e-9):
        return None
    axis = query_axis(args)
    other = 1 if axis == 0 else -2
    words = {"kind": "column" if axis == 0 else "row", "kinds": "columns" if axis == 0 else "rows",
             "word": "rows" if axis == 0 else "columns"}  # one query's weights lie in a {kind}; {word}: the others
    sums = mine.sum(axis=axis)
    if not np.allclose(sums, 1.0, rtol=1e-6, atol=1e-9):
        if np.allclose(mine.sum(axis=other), 1.0, rtol=1e-6, atol=1e-9):
            return "relation.weights_other_axis", words
        return "relation.weights_not_normalised", {**words, "low": f"{sums.min():.3g}", "high": f"{sums.max():.3g}"}
    if np.all(mine > 0) and np.all(right > 0):
        centred_mine = np.log(mine) - np.log(mine).mean(axis=axis, keepdims=True)
        centred_right = np.log(right) - np.log(right).mean(axis=axis, keepdims=True)
        factor = float(np.sum(centred_mine * centred_right) / np.sum(centred_right * centred_right))
        scale = float(np.max(np.abs(centred_right)))
        if abs(factor - 1) > 1e-6 and np.allclose(centred_mine, factor * centred_right, rtol=1e-6, atol=1e-9 * scale):
            named = name_factor(factor, sizes)
            shown = named[1] if named and named[0] in ("constant", "size") else f"{factor:.4g}"
            return "relation.weights_scores_scaled", {**words, "factor": shown}
    return "relation.weights_not_softmax", words
