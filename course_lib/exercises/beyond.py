"""Notebooks 06-09, beyond the lecture (scaling and masks, heads, positions, rows): each exercise's row,
the builder of its arguments, its hidden-case regimes.
"""

import numpy as np

from .draw import normal, size_args, sizes_where
from .exercise import Case, COUNT_SCALES, Exercise, Regime, two_cases
from .lecture import LAYER_OUTPUT, layer_args, attention_scores_args, small_and_other

NB06 = "06_scaling_and_masking"
NB07 = "07_multi_head"
NB08 = "08_positions"
NB09 = "09_row_convention"

_MASK = (("mask", "(N, N), bool"),)
_HEADS = ("d_in", "d_k", "d_v", "N", "h", "d_out")
_HEAD_SMALL = {"d_in": 5, "d_k": 3, "d_v": 2, "N": 6, "h": 4, "d_out": 7}
_HEAD_OTHER = {"d_in": 4, "d_k": 6, "d_v": 5, "N": 3, "h": 2, "d_out": 8}
_TORCH_SMALL = {"batch": 2, "N": 5, "h": 3, "d_head": 4}
_TORCH_OTHER = {"batch": 3, "N": 4, "h": 2, "d_head": 6}


# The arguments of each exercise, from (rng, sizes, scale); each returns them, in order, as a dict.

def padding_mask_args(rng, sizes, scale=1.0):
    """N, and the number of real (not padded) positions, between 1 and N - 1."""
    N = sizes["N"]
    return {"N": int(N), "length": int(rng.integers(1, N))}


def window_mask_args(rng, sizes, scale=1.0):
    """N, and the size of the window, each query's count of keys (itself included)."""
    return {"N": int(sizes["N"]), "window": int(sizes["window"])}


def split_heads_args(rng, sizes, scale=1.0):
    """All heads' weights on top of each other, W (h·d_k, d_in), and the number of heads h."""
    h = sizes["h"]
    return {"W": normal(rng, h * sizes["d_k"], sizes["d_in"], scale=scale), "h": int(h)}


def _random_mask(rng, N, fully_masked_column=False):
    """A random mask (N, N): every query may attend to itself, one column may have nothing allowed."""
    mask = rng.random((N, N)) < 0.5
    mask[np.arange(N), np.arange(N)] = True
    if fully_masked_column:
        mask[:, rng.integers(N)] = False
    return mask


def masked_scores_args(rng, sizes, scale=1.0):
    """A score matrix A (N, N) and a mask (N, N) with one column where nothing is allowed."""
    N = sizes["N"]
    return {"A": normal(rng, N, N, scale=scale), "mask": _random_mask(rng, N, fully_masked_column=True)}


def masked_layer_args(rng, sizes, scale=1.0):
    """The layer's I, W^q, W^k, W^v and a random mask (N, N) in which every query may attend to itself."""
    return {**layer_args(rng, sizes, scale), "mask": _random_mask(rng, sizes["N"])}


def _head_weights(rng, sizes):
    h, d_in, d_k, d_v = sizes["h"], sizes["d_in"], sizes["d_k"], sizes["d_v"]
    return {"Wq": normal(rng, h, d_k, d_in), "Wk": normal(rng, h, d_k, d_in), "Wv": normal(rng, h, d_v, d_in)}


def heads_args(rng, sizes, scale=1.0):
    """I (d_in, N) and each head's weights stacked: W^q, W^k (h, d_k, d_in), W^v (h, d_v, d_in)."""
    return {"I": normal(rng, sizes["d_in"], sizes["N"], scale=scale), **_head_weights(rng, sizes)}


def multi_head_args(rng, sizes, scale=1.0):
    """As ``heads_args``, and W^o of shape (d_out, h d_v)."""
    Wo = normal(rng, sizes["d_out"], sizes["h"] * sizes["d_v"])
    return {**heads_args(rng, sizes, scale), "Wo": Wo}


def stacked_heads_args(rng, sizes, scale=1.0):
    """The heads' outputs stacked: shape (h, d_v, N)."""
    return {"heads": normal(rng, sizes["h"], sizes["d_v"], sizes["N"], scale=scale)}


def permutation_args(rng, sizes, scale=1.0):
    """I (d_in, N) and an order of the positions 0 … N-1 that is not its own inverse (where N ≥ 3 allows one)."""
    N = sizes["N"]
    order = rng.permutation(N)
    while N >= 3 and np.array_equal(order[order], np.arange(N)):
        order = rng.permutation(N)
    return {"I": normal(rng, sizes["d_in"], N, scale=scale), "order": order}


def row_scores_args(rng, sizes, scale=1.0):
    """Q_rows and K_rows, each of shape (N, d_k): one row per position."""
    N, d_k = sizes["N"], sizes["d_k"]
    return {"Q_rows": normal(rng, N, d_k, scale=scale), "K_rows": normal(rng, N, d_k, scale=scale)}


def row_layer_args(rng, sizes, scale=1.0):
    """X = Iᵀ of shape (N, d_in), and W^q, W^k (d_k, d_in), W^v (d_v, d_in) as in the column convention."""
    args = layer_args(rng, sizes, scale)
    return {"X": args.pop("I").T.copy(), **args}


def torch_mha_args(rng, sizes, scale=1.0):
    """x (batch, N, d_model) and nn.MultiheadAttention's weights, d_model = h × d_head."""
    batch, N, h, d_head = sizes["batch"], sizes["N"], sizes["h"], sizes["d_head"]
    d_model = h * d_head
    width = 1 / np.sqrt(d_model)
    return {"x": normal(rng, batch, N, d_model, scale=scale),
            "in_proj_weight": normal(rng, 3 * d_model, d_model, scale=width),
            "in_proj_bias": normal(rng, 3 * d_model, scale=0.1),
            "out_proj_weight": normal(rng, d_model, d_model, scale=width),
            "out_proj_bias": normal(rng, d_model, scale=0.1),
            "num_heads": int(h)}


# Hidden-case regimes (see ``Regime``): entries an answer must be right on.

def two_or_more_padded(rng, args):
    """A padding mask's length at most N - 2: at least two padded positions (N >= 3)."""
    return {**args, "length": int(rng.integers(1, args["N"] - 1))}


def some_key_masked(rng, args):
    """A mask in which some query that may attend to something is also kept from some key (N >= 3)."""
    mask = args["mask"].copy()
    N = mask.shape[0]
    open_columns = [i for i in range(N) if mask[:, i].any()]
    i = int(rng.choice(open_columns))
    j = int(rng.choice([j for j in range(N) if j != i]))
    mask[j, i] = False
    mask[i, i] = True
    return {**args, "mask": mask}


def some_query_sees_two_keys(rng, args):
    """A mask in which some query may attend to another key besides itself, so scaling and softmax show."""
    mask = args["mask"].copy()
    N = mask.shape[0]
    i = int(rng.integers(N))
    mask[int(rng.choice([j for j in range(N) if j != i])), i] = True
    mask[i, i] = True
    return {**args, "mask": mask}


def large_allowed_scores(rng, args):
    """One allowed score per column well above 710, where exp overflows; where two columns or more allow
    something, one of them has all its scores below -710 instead, where exp underflows to 0 (unless the
    column's maximum is subtracted, neither happens)."""
    A, mask = args["A"].copy(), args["mask"]
    open_columns = np.flatnonzero(mask.any(axis=0))
    for i in open_columns:
        j = rng.choice(np.flatnonzero(mask[:, i]))
        A[j, i] = abs(A[j, i]) + 1e3
    if len(open_columns) > 1:
        below = rng.choice(open_columns)
        A[:, below] = -np.abs(A[:, below]) - 1e3
    return {**args, "A": A}


EXERCISES = [
    Exercise(NB06, "scaled_scores", (("A / √d_k", "(N, N)"),), attention_scores_args,
             two_cases(601, {"d_k": 4, "N": 6}, {"d_k": 9, "N": 3}, "Q and K of shape (4, 6)", "Q and K of shape (9, 3)")),
    Exercise(NB06, "causal_mask", _MASK, size_args("N"),
             two_cases(611, {"N": 4}, {"N": 7}, "N = 4", "N = 7"), sizes=("N",)),
    Exercise(NB06, "padding_mask", _MASK, padding_mask_args,
             two_cases(621, {"N": 6}, {"N": 4}, "N = 6 positions", "N = 4 positions"), sizes=("N",),
             regimes=(Regime("at least two padded positions", sizes=sizes_where(lambda s: s["N"] >= 3),
                             adjust=two_or_more_padded),)),
    Exercise(NB06, "sliding_window_mask", _MASK, window_mask_args,
             two_cases(625, {"N": 6, "window": 3}, {"N": 5, "window": 2}, "N = 6, window = 3", "N = 5, window = 2"),
             sizes=("N", "window"),
             regimes=(Regime("a window that forgets a key: shorter than the sequence by two or more",
                             sizes=sizes_where(lambda s: s["window"] <= s["N"] - 2)),
                      Regime("a window longer than the sequence (the causal mask)",
                             sizes=sizes_where(lambda s: s["window"] > s["N"])))),
    Exercise(NB06, "masked_softmax_columns", (("A'", "(N, N)"),), masked_scores_args,
             two_cases(631, {"N": 6}, {"N": 4}, "a 6 × 6 score matrix with one fully masked column",
                    "a 4 × 4 score matrix with one fully masked column")
             + (Case("a 5 × 5 score matrix with scores of size about 1e4", 633, {"N": 5}, 1e4),),
             regimes=(Regime("ordinary scores, some allowed keys masked", sizes=sizes_where(lambda s: s["N"] >= 3),
                             adjust=some_key_masked),
                      Regime("ordinary scores", sizes=sizes_where(lambda s: s["N"] >= 3),
                             adjust=some_key_masked),
                      Regime("scores of size about 1e4, where exp overflows or underflows", 1e4,
                             sizes=sizes_where(lambda s: s["N"] >= 3), adjust=large_allowed_scores))),
    Exercise(NB06, "masked_attention", LAYER_OUTPUT, masked_layer_args,
             two_cases(641, {"d_in": 5, "d_k": 4, "d_v": 3, "N": 6}, {"d_in": 3, "d_k": 9, "d_v": 2, "N": 4},
                    "d_in = 5, d_k = 4, d_v = 3, N = 6", "d_in = 3, d_k = 9, d_v = 2, N = 4"),
             regimes=(Regime("a query that may attend to two keys or more", sizes=sizes_where(lambda s: s["N"] >= 3),
                             adjust=some_query_sees_two_keys),)),

    Exercise(NB07, "head_outputs", (("heads", "(h, d_v, N)"),), heads_args,
             two_cases(701, _HEAD_SMALL, _HEAD_OTHER, "h = 4 heads, d_k = 3, d_v = 2, N = 6",
                    "h = 2 heads, d_k = 6, d_v = 5, N = 3"), sizes=_HEADS),
    Exercise(NB07, "concat_heads", (("stacked", "(h d_v, N)"),), stacked_heads_args,
             two_cases(711, _HEAD_SMALL, _HEAD_OTHER, "h = 4 heads of shape (2, 6)", "h = 2 heads of shape (5, 3)"),
             sizes=_HEADS),
    Exercise(NB07, "multi_head_attention", (("O", "(d_out, N)"),), multi_head_args,
             two_cases(721, _HEAD_SMALL, _HEAD_OTHER, "h = 4, d_k = 3, d_v = 2, d_out = 7, N = 6",
                    "h = 2, d_k = 6, d_v = 5, d_out = 8, N = 3"), sizes=_HEADS),
    Exercise(NB07, "split_heads", (("W stacked", "(h, d_k, d_in)"),), split_heads_args,
             two_cases(725, {"h": 3, "d_k": 2, "d_in": 5}, {"h": 2, "d_k": 4, "d_in": 3},
                       "W of shape (6, 5), h = 3 heads", "W of shape (8, 3), h = 2 heads"),
             sizes=("h", "d_k", "d_in")),
    Exercise(NB07, "multi_head_parameter_count", (("count", "()"),),
             size_args("d_in", "d_k", "d_v", "h", "d_out"),
             two_cases(731, _HEAD_SMALL, _HEAD_OTHER, "d_in = 5, d_k = 3, d_v = 2, h = 4, d_out = 7",
                    "d_in = 4, d_k = 6, d_v = 5, h = 2, d_out = 8"), sizes=("d_in", "d_k", "d_v", "h", "d_out"),
             hidden_scales=COUNT_SCALES),

    Exercise(NB08, "sinusoidal_encoding", (("P", "(d_model, N)"),), size_args("d_model", "N"),
             two_cases(801, {"d_model": 6, "N": 8}, {"d_model": 5, "N": 3}, "d_model = 6, N = 8", "d_model = 5, N = 3"),
             sizes=("d_model", "N"),
             regimes=(Regime("an even d_model, at least two sin/cos pairs",
                             sizes=sizes_where(lambda s: s["d_model"] % 2 == 0 and s["d_model"] >= 4)),
                      Regime("an odd d_model, at least two sin/cos pairs",
                             sizes=sizes_where(lambda s: s["d_model"] % 2 == 1 and s["d_model"] >= 5)))),
    Exercise(NB08, "permute_positions", (("I permuted", "(d_in, N)"),), permutation_args,
             two_cases(815, {"d_in": 7, "N": 4}, {"d_in": 3, "N": 5}, "I of shape (7, 4)", "I of shape (3, 5)")),
    Exercise(NB08, "attention_with_positions", LAYER_OUTPUT, layer_args,
             (Case("d_in = N = 4", 823, {"d_in": 4, "d_k": 3, "d_v": 5, "N": 4}),)
             + small_and_other(821, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3")),

    Exercise(NB09, "row_scores", (("scores", "(N, N)"),), row_scores_args,
             two_cases(901, {"d_k": 4, "N": 6}, {"d_k": 9, "N": 3}, "Q_rows and K_rows of shape (6, 4)",
                    "Q_rows and K_rows of shape (3, 9)"), sizes=("d_k", "N"), rows_are_positions=True),
    Exercise(NB09, "row_attention", (("O_rows", "(N, d_v)"),), row_layer_args,
             two_cases(911, {"d_in": 5, "d_k": 4, "d_v": 3, "N": 6}, {"d_in": 3, "d_k": 9, "d_v": 2, "N": 4},
                    "X of shape (6, 5), d_k = 4, d_v = 3", "X of shape (4, 3), d_k = 9, d_v = 2"),
             rows_are_positions=True),
    Exercise(NB09, "torch_style_mha", (("output", "(batch, N, d_model)"),), torch_mha_args,
             two_cases(921, _TORCH_SMALL, _TORCH_OTHER, "batch = 2, N = 5, 3 heads of size 4",
                    "batch = 3, N = 4, 2 heads of size 6"), sizes=("batch", "N", "h", "d_head"),
             rows_are_positions=True),
]
