"""Notebooks 10-12, gradients, training and cost: each exercise's row, the builder of its arguments, its
hidden-case regimes.
"""

import numpy as np

from .draw import column_weights, normal, size_args, sizes_where, with_size
from .exercise import Case, COUNT_SCALES, Exercise, Regime, two_cases
from .lecture import LAYER_OUTPUT, attention_scores_args, layer_args, small_and_other

NB10 = "10_gradients"
NB11 = "11_training"
NB12 = "12_cost"

_STEP_RANGE = (1e-8, 1e-3)


# The arguments of each exercise, from (rng, sizes, scale); each returns them, in order, as a dict.

def softmax_backward_args(rng, sizes, scale=1.0):
    """A' (N, N) with columns summing to 1, and the gradient dA' (N, N) coming back from O."""
    N = sizes["N"]
    return {"A_prime": column_weights(rng, N), "dA_prime": normal(rng, N, N, scale=scale)}


def scores_backward_args(rng, sizes, scale=1.0):
    """Q and K (d_k, N), and the gradient dA (N, N)."""
    return {**attention_scores_args(rng, sizes, scale), "dA": normal(rng, sizes["N"], sizes["N"])}


def layer_backward_args(rng, sizes, scale=1.0):
    """The layer's I, W^q, W^k, W^v, and the gradient dO (d_v, N) coming back from the loss."""
    args = layer_args(rng, sizes, scale)
    args.update(Wq=0.5 * args["Wq"], Wk=0.5 * args["Wk"])  # scores of moderate size: gradients worth checking
    return {**args, "dO": normal(rng, sizes["d_v"], sizes["N"])}


def loss_args(rng, sizes, scale=1.0):
    """An output O and a target T, both (d_v, N)."""
    d_v, N = sizes["d_v"], sizes["N"]
    return {"O": normal(rng, d_v, N, scale=scale), "T": normal(rng, d_v, N, scale=scale)}


def training_step_args(rng, sizes, scale=1.0):
    """I (d_in, N), a target T (d_v, N), the weights, and a learning rate."""
    args = layer_args(rng, sizes, scale)
    return {"I": args.pop("I"), "T": normal(rng, sizes["d_v"], sizes["N"]), **args,
            "learning_rate": float(rng.uniform(0.01, 0.5))}


def marker_weights_args(rng, sizes, scale=1.0):
    """A' (N, N) with columns summing to 1, and the position of the marker."""
    N = sizes["N"]
    return {"A_prime": column_weights(rng, N), "marker": int(rng.integers(N))}


def online_softmax_args(rng, sizes, scale=1.0):
    """The running max m (n_q,), sum s (n_q,) and weighted sum acc (d_v, n_q); a block of scores (n_k, n_q) and of V (d_v, n_k)."""
    n_q, n_k, d_v = sizes["n_q"], sizes["n_k"], sizes["d_v"]
    m = normal(rng, n_q, scale=scale)
    return {"m": m, "s": rng.uniform(1.0, 3.0, n_q), "acc": normal(rng, d_v, n_q),
            "scores": normal(rng, n_k, n_q, scale=scale), "V_block": normal(rng, d_v, n_k)}


def blockwise_args(rng, sizes, scale=1.0):
    """Q, K (d_k, N), V (d_v, N) and a block size (smaller or larger than N: both must work)."""
    return {**attention_scores_args(rng, sizes, scale), "V": normal(rng, sizes["d_v"], sizes["N"]),
            "block_size": int(sizes["block"])}


def exp_count_args(rng, sizes, scale=1.0):
    """N and a block size, as whole numbers."""
    return {"N": int(sizes["N"]), "block_size": int(sizes["block"])}


# Hidden-case regimes (see ``Regime``): sizes and entries an answer must be right on.

def block_raises_max(rng, args):
    """A running maximum below every query's best score in the block: the step must rescale."""
    return {**args, "m": args["scores"].max(axis=0) - rng.uniform(0.5, 2.0, args["m"].shape)}


def block_keeps_max(rng, args):
    """A running maximum above every score in the block: nothing is rescaled."""
    return {**args, "m": args["scores"].max(axis=0) + rng.uniform(0.5, 2.0, args["m"].shape)}


def several_blocks_short_last(sizes):
    """At least three blocks of keys, the last one shorter than the others, and N the largest size (so that
    no other size, d_k or d_v, can stand in for the number of keys)."""
    return (sizes["N"] > 2 * sizes["block"] and sizes["N"] % sizes["block"] != 0
            and sizes["N"] > max(sizes["d_k"], sizes["d_v"]))


def blocks_fit(sizes):
    """N a multiple of the block size, in at least two blocks."""
    return sizes["N"] % sizes["block"] == 0 and sizes["N"] >= 2 * sizes["block"]


def last_block_short(sizes):
    """N not a multiple of the block size, in at least two blocks."""
    return sizes["N"] % sizes["block"] != 0 and sizes["N"] > sizes["block"]


def one_block(sizes):
    """block_size at least N: the matrix form in one block."""
    return sizes["block"] >= sizes["N"]


def rising_key_sizes(rng, args):
    """Keys that grow along the positions, so that the running maximum rises from block to block."""
    N = args["K"].shape[1]
    return {**args, "K": args["K"] * np.linspace(0.5, 3.0, N)}


def one_query_far_below(rng, args):
    """Keys with a positive first feature and one query pointing against it: that query's scores are all
    below -1e3, where exp underflows to 0 unless the running maximum starts at -inf and is subtracted."""
    Q, K = args["Q"].copy(), args["K"].copy()
    K[0] = np.abs(K[0]) + 1.0
    i = rng.integers(Q.shape[1])
    Q[:, i] = 0.0
    Q[0, i] = -rng.uniform(1e3, 2e3)
    return {**args, "Q": Q, "K": K}


def _gradient_check_judge(arrays, expected):
    """A numerical gradient is right within rtol 1e-6 of the reference, with a step in the range that float64 allows."""
    numeric, step = arrays
    if float(step) > _STEP_RANGE[1]:
        return "step_too_large"
    if float(step) < _STEP_RANGE[0]:
        return "step_too_small"
    return "" if np.allclose(numeric, expected[0], rtol=1e-6, atol=1e-8) else None


EXERCISES = [
    Exercise(NB10, "numerical_gradient", (("numeric dL/dW^q", "(d_k, d_in)"), ("step", "()")),
             layer_backward_args,
             small_and_other(1031, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3"),
             hidden_scales=(1.0, 1.0, 1.0), judge=_gradient_check_judge),
    Exercise(NB10, "softmax_columns_backward", (("dA", "(N, N)"),), softmax_backward_args,
             two_cases(1001, {"N": 5}, {"N": 3}, "A' and dA' of shape (5, 5)", "A' and dA' of shape (3, 3)"), sizes=("N",)),
    Exercise(NB10, "scores_backward", (("dQ", "(d_k, N)"), ("dK", "(d_k, N)")), scores_backward_args,
             two_cases(1011, {"d_k": 3, "N": 5}, {"d_k": 6, "N": 4}, "Q, K of shape (3, 5)", "Q, K of shape (6, 4)"),
             sizes=("d_k", "N")),
    Exercise(NB10, "self_attention_backward",
             (("dW^q", "(d_k, d_in)"), ("dW^k", "(d_k, d_in)"), ("dW^v", "(d_v, d_in)"), ("dI", "(d_in, N)")),
             layer_backward_args,
             small_and_other(1021, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3")),

    Exercise(NB11, "mse_loss", (("loss", "()"), ("dO", "(d_v, N)")), loss_args,
             small_and_other(1101, "O and T of shape (4, 6)", "O and T of shape (2, 3)")),
    Exercise(NB11, "gradient_descent_step",
             (("new W^q", "(d_k, d_in)"), ("new W^k", "(d_k, d_in)"), ("new W^v", "(d_v, d_in)"), ("loss", "()")),
             training_step_args,
             small_and_other(1111, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3"),
             hidden_scales=(1.0, 1.0, 3.0)),
    Exercise(NB11, "weight_on_marker", (("weights", "(N,)"),), marker_weights_args,
             two_cases(1121, {"N": 6}, {"N": 3}, "A' of shape (6, 6)", "A' of shape (3, 3)"), sizes=("N",)),

    Exercise(NB12, "attention_flops", (("flops", "()"),), size_args("N", "d_k", "d_v"),
             two_cases(1201, {"N": 8, "d_k": 3, "d_v": 5}, {"N": 100, "d_k": 64, "d_v": 32},
                    "N = 8, d_k = 3, d_v = 5", "N = 100, d_k = 64, d_v = 32"), sizes=("N", "d_k", "d_v"),
             hidden_scales=COUNT_SCALES),
    Exercise(NB12, "online_softmax_step", (("m", "(n_q,)"), ("s", "(n_q,)"), ("acc", "(d_v, n_q)")),
             online_softmax_args,
             two_cases(1211, {"n_q": 3, "n_k": 4, "d_v": 2}, {"n_q": 5, "n_k": 2, "d_v": 3},
                    "a block of 4 keys × 3 queries, d_v = 2", "a block of 2 keys × 5 queries, d_v = 3"),
             sizes=("n_q", "n_k", "d_v"),
             regimes=(Regime("a block that raises the running maximum", adjust=block_raises_max),
                      Regime("a block that keeps the running maximum", adjust=block_keeps_max),
                      Regime("a block of a single key", sizes=with_size("n_k", 1)),
                      Regime("scores of size about 100", 100.0))),
    Exercise(NB12, "blockwise_attention", LAYER_OUTPUT, blockwise_args,
             two_cases(1221, {"d_k": 3, "d_v": 4, "N": 10, "block": 4}, {"d_k": 5, "d_v": 2, "N": 7, "block": 3},
                    "N = 10 in blocks of 4", "N = 7 in blocks of 3")
             + (Case("N = 9 in blocks of 4, scores of size about 1e3", 1223,
                     {"d_k": 3, "d_v": 2, "N": 9, "block": 4}, 30.0),),
             sizes=("d_k", "d_v", "N", "block"),
             regimes=(Regime("several blocks, the last one short, the maximum rising from block to block",
                             sizes=sizes_where(several_blocks_short_last, high=16),
                             adjust=rising_key_sizes),
                      Regime("several blocks, the last one short",
                             sizes=sizes_where(several_blocks_short_last, high=16)),
                      Regime("one block (block_size at least N), scores of size about 100, one query's all below -1e3",
                             100.0, sizes=sizes_where(one_block), adjust=one_query_far_below))),
    Exercise(NB12, "online_softmax_exp_count", (("exponentials", "()"),), exp_count_args,
             two_cases(1231, {"N": 10, "block": 4}, {"N": 12, "block": 4}, "N = 10 in blocks of 4", "N = 12 in blocks of 4")
             + (Case("N = 5 in one block of 8", 1233, {"N": 5, "block": 8}),),
             sizes=("N", "block"), hidden_scales=COUNT_SCALES,
             regimes=(Regime("N a multiple of the block size", sizes=sizes_where(blocks_fit, high=40)),
                      Regime("the last block short", sizes=sizes_where(last_block_short, high=40)),
                      Regime("one block (block_size at least N)", sizes=sizes_where(one_block, high=40)),
                      Regime("blocks of a single position", sizes=with_size("block", 1, high=40)))),
]
