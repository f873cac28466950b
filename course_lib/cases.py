"""Inputs for each exercise, built from a random generator and a set of sizes.

Shared by the instant checks (fixed seeds, stored with their answers in
``check_data/``) and by the hidden tests (fresh seeds per student). Each
builder returns the exercise's arguments, in order, as a dict.
"""

import numpy as np


def _normal(rng, *shape, scale=1.0):
    return scale * rng.standard_normal(shape)


def inner_product_args(rng, sizes, scale=1.0):
    """q and k of length d_k."""
    return {"q": _normal(rng, sizes["d_k"], scale=scale), "k": _normal(rng, sizes["d_k"], scale=scale)}


def query_and_key_args(rng, sizes, scale=1.0):
    """a of length d_in; W^q and W^k of shape (d_k, d_in)."""
    d_in, d_k = sizes["d_in"], sizes["d_k"]
    return {"a": _normal(rng, d_in, scale=scale), "Wq": _normal(rng, d_k, d_in), "Wk": _normal(rng, d_k, d_in)}


def scores_one_by_one_args(rng, sizes, scale=1.0):
    """q of length d_k and a list of N keys, each of length d_k."""
    d_k = sizes["d_k"]
    return {"q": _normal(rng, d_k, scale=scale), "keys": [_normal(rng, d_k, scale=scale) for _ in range(sizes["N"])]}


def one_query_scores_args(rng, sizes, scale=1.0):
    """q of length d_k and K of shape (d_k, N)."""
    d_k = sizes["d_k"]
    return {"q": _normal(rng, d_k, scale=scale), "K": _normal(rng, d_k, sizes["N"], scale=scale)}


def distinct_sizes(rng, names=("d_in", "d_k", "d_v", "N"), low=2, high=12):
    """Random sizes, all different from each other, so a transpose cannot pass unnoticed."""
    values = rng.choice(np.arange(low, high), size=len(names), replace=False)
    return {name: int(value) for name, value in zip(names, values)}


def stack_inputs_args(rng, sizes, scale=1.0):
    """A list of N input vectors, each of length d_in."""
    return {"vectors": [_normal(rng, sizes["d_in"], scale=scale) for _ in range(sizes["N"])]}


def queries_one_by_one_args(rng, sizes, scale=1.0):
    """I of shape (d_in, N) and W^q of shape (d_k, d_in)."""
    return {"I": _normal(rng, sizes["d_in"], sizes["N"], scale=scale), "Wq": _normal(rng, sizes["d_k"], sizes["d_in"])}


def layer_args(rng, sizes, scale=1.0):
    """I of shape (d_in, N) and the weights W^q, W^k (d_k, d_in) and W^v (d_v, d_in)."""
    d_in, d_k, d_v, N = sizes["d_in"], sizes["d_k"], sizes["d_v"], sizes["N"]
    return {"I": _normal(rng, d_in, N, scale=scale), "Wq": _normal(rng, d_k, d_in),
            "Wk": _normal(rng, d_k, d_in), "Wv": _normal(rng, d_v, d_in)}


def attention_scores_args(rng, sizes, scale=1.0):
    """Q and K, each of shape (d_k, N)."""
    return {"Q": _normal(rng, sizes["d_k"], sizes["N"], scale=scale), "K": _normal(rng, sizes["d_k"], sizes["N"], scale=scale)}


def score_matrix_args(rng, sizes, scale=1.0):
    """A score matrix A of shape (N, N)."""
    return {"A": _normal(rng, sizes["N"], sizes["N"], scale=scale)}


def relu_scores_args(rng, sizes, scale=1.0):
    """A score matrix A of shape (N, N) whose last column has no positive score."""
    A = _normal(rng, sizes["N"], sizes["N"], scale=scale)
    A[:, -1] = -np.abs(A[:, -1]) - 0.1
    return {"A": A}


def one_query_weights_args(rng, sizes, scale=1.0):
    """V of shape (d_v, N) and one query's weights, shape (N,), positive and summing to 1."""
    return {"V": _normal(rng, sizes["d_v"], sizes["N"], scale=scale), "weights": rng.dirichlet(np.ones(sizes["N"]))}


def weighted_sum_args(rng, sizes, scale=1.0):
    """V of shape (d_v, N) and A' of shape (N, N) whose columns are positive and sum to 1."""
    N = sizes["N"]
    return {"V": _normal(rng, sizes["d_v"], N, scale=scale), "A_prime": rng.dirichlet(np.ones(N), size=N).T}


def parameter_count_args(rng, sizes, scale=1.0):
    """The sizes d_in, d_k, d_v and N as whole numbers."""
    return {name: int(sizes[name]) for name in ("d_in", "d_k", "d_v", "N")}
