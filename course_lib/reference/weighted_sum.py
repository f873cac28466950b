"""The weighted sum of the values: b^i = Σ_j α'_{i,j} v^j, and O = V A'.

Taught in notebook 04_weighted_sum.
"""

import numpy as np

from ._shapes import as_matrix, as_vector, require_equal


def weighted_sum(V, A_prime):
    """All outputs at once: O = V A', column i of O is b^i = Σ_j α'_{i,j} v^j.

    Inputs:
        V: values as columns, V = [v^1 … v^N], shape (d_v, N)
        A_prime: attention weights A', shape (N, N), column i for query i
    Returns:
        O, shape (d_v, N)
    Notebook: 04_weighted_sum.
    """
    V = as_matrix("V", V)
    A_prime = as_matrix("A'", A_prime)
    require_equal(V.shape[1], A_prime.shape[0], "columns of V == rows of A' (N)", V=V.shape, **{"A'": A_prime.shape})
    return V @ A_prime  # (d_v, N) (N, N) -> (d_v, N)


def weighted_sum_loop(V, weights):
    """One output as a sum over positions: b = Σ_j weights[j] v^j, with v^j column j of V.

    Inputs:
        V: values as columns, shape (d_v, N)
        weights: one query's attention weights α'_{i,1} … α'_{i,N} (a column of A'), shape (N,)
    Returns:
        b^i, shape (d_v,)
    Notebook: 04_weighted_sum.
    """
    V, weights = _values_and_weights(V, weights)
    b = np.zeros(V.shape[0])
    for j in range(V.shape[1]):
        b += weights[j] * V[:, j]
    return b


def output_one_query(V, weights):
    """One output as a matrix times a vector: b^i = V α'^i, with α'^i column i of A'.

    Inputs:
        V: shape (d_v, N);  weights: shape (N,)
    Returns:
        b^i, shape (d_v,)
    Notebook: 04_weighted_sum.
    """
    V, weights = _values_and_weights(V, weights)
    return V @ weights  # (d_v, N) (N,) -> (d_v,)


def _values_and_weights(V, weights):
    """V as a (d_v, N) matrix and one query's weights as an (N,) vector, or ValueError."""
    V = as_matrix("V", V)
    weights = as_vector("weights", weights)
    require_equal(V.shape[1], weights.shape[0], "columns of V == length of weights (N)", V=V.shape, weights=weights.shape)
    return V, weights
