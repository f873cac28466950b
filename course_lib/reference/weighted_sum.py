"""The weighted sum of the values: b^i = Σ_j α'_{i,j} v^j, and O = V A'.

Taught in notebook 04_weighted_sum.
"""

from ._shapes import as_matrix, require_equal


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
