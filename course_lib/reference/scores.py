"""Attention scores: one inner product, one query against all keys, all queries.

Taught in notebook 01 (one inner product, one query's scores) and notebook 03
(all scores at once).
"""

import numpy as np

from ._shapes import as_matrix, as_vector, require_equal


def inner_product(q, k):
    """Attention score of one query on one key: α = qᵀ k.

    Inputs:
        q: query q^i, shape (d_k,)
        k: key k^j, shape (d_k,)
    Returns:
        α_{i,j} = Σ_m q[m] k[m], a Python float.
    Notebook: 01_one_query_scores.
    """
    q = as_vector("q", q)
    k = as_vector("k", k)
    require_equal(q.shape[0], k.shape[0], "length of q == length of k (d_k)", q=q.shape, k=k.shape)
    return float(q @ k)  # (d_k,)ᵀ (d_k,) -> scalar


def scores_one_by_one(q, keys):
    """One query's scores, one inner product at a time: α_{i,j} = (q^i)ᵀ k^j for j = 1..N.

    Inputs:
        q: query q^i, shape (d_k,)
        keys: a sequence of N keys k^1 … k^N, each of shape (d_k,)
    Returns:
        the scores [α_{i,1}, …, α_{i,N}], shape (N,)
    Notebook: 01_one_query_scores.
    """
    return np.array([inner_product(q, k) for k in keys], dtype=np.float64)


def one_query_scores(q, K):
    """One query against all keys as a matrix times a vector: Kᵀ q^i.

    Entry j of the result is α_{i,j} = (q^i)ᵀ k^j, because row j of Kᵀ is k^j.

    Inputs:
        q: query q^i, shape (d_k,)
        K: keys as columns, K = [k^1 … k^N], shape (d_k, N)
    Returns:
        Kᵀ q^i, shape (N,): column i of A = Kᵀ Q
    Notebook: 01_one_query_scores.
    """
    q = as_vector("q", q)
    K = as_matrix("K", K)
    require_equal(K.shape[0], q.shape[0], "rows of K == length of q (d_k)", K=K.shape, q=q.shape)
    return K.T @ q  # (d_k, N)ᵀ (d_k,) -> (N,)


def attention_scores(Q, K):
    """All scores at once: A = Kᵀ Q, with A[j, i] = α_{i,j} = (q^i)ᵀ k^j.

    Column i of A holds query i's scores on every key.

    Inputs:
        Q: queries as columns, shape (d_k, N)
        K: keys as columns, shape (d_k, N)
    Returns:
        A, shape (N, N)
    Notebook: 03_all_scores.
    """
    Q = as_matrix("Q", Q)
    K = as_matrix("K", K)
    require_equal(K.shape[0], Q.shape[0], "rows of K == rows of Q (d_k)", K=K.shape, Q=Q.shape)
    return K.T @ Q  # (d_k, N)ᵀ (d_k, N) -> (N, N)
