"""Notebooks 01-05, the lecture: each exercise's row, the builder of its arguments, its hidden-case regimes.

To change an exercise, e.g. softmax_columns: its row is in ``EXERCISES``
below (the function's results and shapes, the seeds and sizes of its instant
check, its hidden regimes), its arguments come from the builder named in the
row (``score_matrix_args``), defined in this module.
"""

import numpy as np

from .draw import normal
from .exercise import COUNT_SCALES, Case, Exercise, Regime, two_cases

NB01 = "01_one_query_scores"
NB02 = "02_queries_keys_values"
NB03 = "03_all_scores"
NB04 = "04_weighted_sum"
NB05 = "05_whole_layer"

SMALL = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}
OTHER = {"d_in": 4, "d_k": 7, "d_v": 2, "N": 3}
SQUARE = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 4}  # d_v == N, so that A' V is computable and recognisable
LAYER_OUTPUT = (("O", "(d_v, N)"),)


def small_and_other(seed, small_label, other_label):
    """Two check cases, of the sizes ``SMALL`` and ``OTHER``."""
    return two_cases(seed, SMALL, OTHER, small_label, other_label)


# The arguments of each exercise, from (rng, sizes, scale); each returns them, in order, as a dict.

def inner_product_args(rng, sizes, scale=1.0):
    """q and k of length d_k."""
    return {"q": normal(rng, sizes["d_k"], scale=scale), "k": normal(rng, sizes["d_k"], scale=scale)}


def query_and_key_args(rng, sizes, scale=1.0):
    """a of length d_in; W^q and W^k of shape (d_k, d_in)."""
    d_in, d_k = sizes["d_in"], sizes["d_k"]
    return {"a": normal(rng, d_in, scale=scale), "Wq": normal(rng, d_k, d_in), "Wk": normal(rng, d_k, d_in)}


def scores_one_by_one_args(rng, sizes, scale=1.0):
    """q of length d_k and a list of N keys, each of length d_k."""
    d_k = sizes["d_k"]
    return {"q": normal(rng, d_k, scale=scale), "keys": [normal(rng, d_k, scale=scale) for _ in range(sizes["N"])]}


def one_query_scores_args(rng, sizes, scale=1.0):
    """q of length d_k and K of shape (d_k, N)."""
    d_k = sizes["d_k"]
    return {"q": normal(rng, d_k, scale=scale), "K": normal(rng, d_k, sizes["N"], scale=scale)}


def stack_inputs_args(rng, sizes, scale=1.0):
    """A list of N input vectors, each of length d_in."""
    return {"vectors": [normal(rng, sizes["d_in"], scale=scale) for _ in range(sizes["N"])]}


def queries_one_by_one_args(rng, sizes, scale=1.0):
    """I of shape (d_in, N) and W^q of shape (d_k, d_in)."""
    return {"I": normal(rng, sizes["d_in"], sizes["N"], scale=scale), "Wq": normal(rng, sizes["d_k"], sizes["d_in"])}


def layer_args(rng, sizes, scale=1.0):
    """I of shape (d_in, N) and the weights W^q, W^k (d_k, d_in) and W^v (d_v, d_in)."""
    d_in, d_k, d_v, N = sizes["d_in"], sizes["d_k"], sizes["d_v"], sizes["N"]
    return {"I": normal(rng, d_in, N, scale=scale), "Wq": normal(rng, d_k, d_in),
            "Wk": normal(rng, d_k, d_in), "Wv": normal(rng, d_v, d_in)}


def attention_scores_args(rng, sizes, scale=1.0):
    """Q and K, each of shape (d_k, N)."""
    return {"Q": normal(rng, sizes["d_k"], sizes["N"], scale=scale), "K": normal(rng, sizes["d_k"], sizes["N"], scale=scale)}


def score_matrix_args(rng, sizes, scale=1.0):
    """A score matrix A of shape (N, N)."""
    return {"A": normal(rng, sizes["N"], sizes["N"], scale=scale)}


def relu_scores_args(rng, sizes, scale=1.0):
    """A score matrix A of shape (N, N) whose last column has no positive score."""
    A = normal(rng, sizes["N"], sizes["N"], scale=scale)
    A[:, -1] = -np.abs(A[:, -1]) - 0.1
    return {"A": A}


def one_query_weights_args(rng, sizes, scale=1.0):
    """V of shape (d_v, N) and one query's weights, shape (N,), positive and summing to 1."""
    return {"V": normal(rng, sizes["d_v"], sizes["N"], scale=scale), "weights": rng.dirichlet(np.ones(sizes["N"]))}


def weighted_sum_args(rng, sizes, scale=1.0):
    """V of shape (d_v, N) and A' of shape (N, N) whose columns are positive and sum to 1."""
    N = sizes["N"]
    return {"V": normal(rng, sizes["d_v"], N, scale=scale), "A_prime": rng.dirichlet(np.ones(N), size=N).T}


def parameter_count_args(rng, sizes, scale=1.0):
    """The sizes d_in, d_k, d_v and N as whole numbers."""
    return {name: int(sizes[name]) for name in ("d_in", "d_k", "d_v", "N")}


# Hidden-case regimes (see ``Regime``): entries an answer must be right on.

def small_positive_column(rng, args):
    """A score matrix with one column whose positive scores sum to less than 1 (ReLU's normalisation shows)."""
    A = args["A"].copy()
    i = rng.integers(A.shape[1] - 1)  # not the last column, which has no positive score
    A[:, i] = -np.abs(A[:, i]) - 0.1
    A[rng.integers(A.shape[0]), i] = rng.uniform(0.1, 0.9)
    return {**args, "A": A}


def _build_then_call(layer_class):
    return lambda I, Wq, Wk, Wv: layer_class(Wq, Wk, Wv)(I)


_LAYER_CHECKS = (
    Case("d_v = N = 4", 501, SQUARE),
    Case("d_in = 5, d_k = 3, d_v = 4, N = 6", 502, SMALL),
    Case("inputs of size about 30, so that scores reach the thousands", 503, SMALL, 30.0),
)

EXERCISES = [
    Exercise(NB01, "inner_product", (("α", "()"),), inner_product_args,
             small_and_other(101, "q and k of length d_k = 3", "q and k of length d_k = 7")),
    Exercise(NB01, "query_and_key", (("q", "(d_k,)"), ("k", "(d_k,)")), query_and_key_args,
             small_and_other(111, "d_in = 5, d_k = 3", "d_in = 4, d_k = 7")),
    Exercise(NB01, "scores_one_by_one", (("scores", "(N,)"),), scores_one_by_one_args,
             small_and_other(121, "N = 6 keys of length d_k = 3", "N = 3 keys of length d_k = 7")),
    Exercise(NB01, "one_query_scores", (("Kᵀq", "(N,)"),), one_query_scores_args,
             small_and_other(131, "K of shape (d_k, N) = (3, 6)", "K of shape (d_k, N) = (7, 3)")),

    Exercise(NB02, "stack_inputs", (("I", "(d_in, N)"),), stack_inputs_args,
             small_and_other(201, "N = 6 inputs of length d_in = 5", "N = 3 inputs of length d_in = 4")),
    Exercise(NB02, "queries_one_by_one", (("Q", "(d_k, N)"),), queries_one_by_one_args,
             small_and_other(211, "I of shape (5, 6), W^q of shape (3, 5)", "I of shape (4, 3), W^q of shape (7, 4)")),
    Exercise(NB02, "projections", (("Q", "(d_k, N)"), ("K", "(d_k, N)"), ("V", "(d_v, N)")), layer_args,
             small_and_other(221, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3")),

    Exercise(NB03, "attention_scores", (("A", "(N, N)"),), attention_scores_args,
             small_and_other(301, "Q and K of shape (3, 6)", "Q and K of shape (7, 3)")),
    Exercise(NB03, "softmax_columns", (("A'", "(N, N)"),), score_matrix_args,
             small_and_other(311, "a 6 × 6 score matrix", "a 3 × 3 score matrix")),
    Exercise(NB03, "softmax_columns", (("A'", "(N, N)"),), score_matrix_args,
             (Case("a 3 × 3 score matrix with scores of size about 1e4", 313, OTHER, 1e4),
              Case("a 6 × 6 score matrix with scores of size about 1e4", 314, SMALL, 1e4)),
             variant="stable", hidden_scales=(1e4, 1e4, 1e3),
             regimes=(Regime("scores of size about 1e4, where exp overflows", 1e4),
                      Regime("scores of size about 1e3", 1e3),
                      Regime("scores of size about 3, where the normalisation shows", 3.0))),
    Exercise(NB03, "relu_columns", (("A'", "(N, N)"),), relu_scores_args,
             small_and_other(321, "a 6 × 6 score matrix whose last column is all negative",
                        "a 3 × 3 score matrix whose last column is all negative"),
             regimes=(Regime("a column whose positive scores sum to less than 1", adjust=small_positive_column),)),

    Exercise(NB04, "weighted_sum_loop", (("b", "(d_v,)"),), one_query_weights_args,
             small_and_other(401, "V of shape (4, 6)", "V of shape (2, 3)")),
    Exercise(NB04, "output_one_query", (("b", "(d_v,)"),), one_query_weights_args,
             (Case("V of shape (4, 4)", 413, SQUARE),) + small_and_other(411, "V of shape (4, 6)", "V of shape (2, 3)")),
    Exercise(NB04, "weighted_sum", LAYER_OUTPUT, weighted_sum_args,
             (Case("V of shape (4, 4), A' of shape (4, 4)", 421, SQUARE),
              Case("V of shape (4, 6), A' of shape (6, 6)", 422, SMALL),
              Case("V of shape (2, 3), A' of shape (3, 3)", 423, OTHER))),

    Exercise(NB05, "self_attention", LAYER_OUTPUT, layer_args, _LAYER_CHECKS),
    Exercise(NB05, "self_attention_loop", LAYER_OUTPUT, layer_args, _LAYER_CHECKS),
    Exercise(NB05, "SelfAttention", LAYER_OUTPUT, layer_args, _LAYER_CHECKS, adapter=_build_then_call),
    Exercise(NB05, "parameter_count", (("count", "()"),), parameter_count_args,
             small_and_other(531, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3"),
             hidden_scales=COUNT_SCALES),
]
