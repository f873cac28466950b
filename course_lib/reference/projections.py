"""Queries, keys and values from the inputs.

Taught in notebook 01 (one input) and notebook 02 (all inputs at once).
"""

from ._shapes import as_matrix, as_vector, require_equal


def query_and_key(a, Wq, Wk):
    """One position's query and key: q^i = W^q a^i, k^i = W^k a^i.

    Inputs:
        a: input vector a^i, shape (d_in,)
        Wq: query weights W^q, shape (d_k, d_in)
        Wk: key weights W^k, shape (d_k, d_in)
    Returns:
        (q^i, k^i), each of shape (d_k,)
    Notebook: 01_one_query_scores.
    """
    a = as_vector("a", a)
    Wq = as_matrix("W^q", Wq)
    Wk = as_matrix("W^k", Wk)
    for name, W in (("W^q", Wq), ("W^k", Wk)):
        require_equal(W.shape[1], a.shape[0], f"columns of {name} == length of a (d_in)",
                      **{name: W.shape, "a": a.shape})
    return Wq @ a, Wk @ a  # (d_k, d_in) (d_in,) -> (d_k,)


def projections(I, Wq, Wk, Wv):
    """All queries, keys and values at once: Q = W^q I, K = W^k I, V = W^v I.

    Column i of Q, K, V is q^i, k^i, v^i: the matrix product does for every
    column of I what W^q a^i does for one.

    Inputs:
        I: inputs as columns, I = [a^1 … a^N], shape (d_in, N)
        Wq: shape (d_k, d_in);  Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
    Returns:
        (Q, K, V) with shapes (d_k, N), (d_k, N), (d_v, N)
    Notebook: 02_queries_keys_values.
    """
    I = as_matrix("I", I)
    weights = {"W^q": as_matrix("W^q", Wq), "W^k": as_matrix("W^k", Wk), "W^v": as_matrix("W^v", Wv)}
    for name, W in weights.items():
        require_equal(W.shape[1], I.shape[0], f"columns of {name} == rows of I (d_in)",
                      **{name: W.shape, "I": I.shape})
    require_equal(weights["W^q"].shape[0], weights["W^k"].shape[0],
                  "rows of W^q == rows of W^k (d_k)", **{"W^q": Wq.shape, "W^k": Wk.shape})
    return tuple(W @ I for W in weights.values())  # (d, d_in) (d_in, N) -> (d, N)
