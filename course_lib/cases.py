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
