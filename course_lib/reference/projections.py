"""Queries, keys and values from the inputs.

Taught in notebook 01 (one input) and notebook 02 (all inputs at once).
"""

import numpy as np

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


def stack_inputs(vectors):
    """The input matrix from the input vectors: I = [a^1 a^2 … a^N], the a^i as COLUMNS.

    Inputs:
        vectors: a sequence of N vectors a^1 … a^N, each of shape (d_in,)
    Returns:
        I, shape (d_in, N); column i is a^{i+1}
    Notebook: 02_queries_keys_values.
    """
    columns = [as_vector(f"a^{i + 1}", a) for i, a in enumerate(vectors)]
    if not columns:
        raise ValueError("stack_inputs needs at least one input vector")
    for i, a in enumerate(columns[1:], start=2):
        require_equal(a.shape[0], columns[0].shape[0], f"length of a^{i} == length of a^1 (d_in)",
                      **{f"a^{i}": a.shape, "a^1": columns[0].shape})
    return np.stack(columns, axis=1)  # N × (d_in,) -> (d_in, N)


def queries_one_by_one(I, Wq):
    """Q built column by column: column i of Q is q^i = W^q a^i, with a^i column i of I.

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: query weights W^q, shape (d_k, d_in)
    Returns:
        Q, shape (d_k, N)
    Notebook: 02_queries_keys_values.
    """
    I = as_matrix("I", I)
    Wq = as_matrix("W^q", Wq)
    require_equal(Wq.shape[1], I.shape[0], "columns of W^q == rows of I (d_in)", **{"W^q": Wq.shape, "I": I.shape})
    Q = np.empty((Wq.shape[0], I.shape[1]))
    for i in range(I.shape[1]):
        Q[:, i] = Wq @ I[:, i]  # (d_k, d_in) (d_in,) -> (d_k,)
    return Q
