"""Attention without the N × N matrix: one block of queries at a time, keys in blocks, online softmax.

Taught in notebook 12_cost (beyond the lecture; the idea behind
FlashAttention). The matrix form stores A = Kᵀ Q and A', N² numbers each:
at N = 16384 that is 2 GiB per matrix in float64. But column i of O needs
only column i of A', and a softmax can be accumulated block by block of keys
if every earlier partial sum is rescaled when a larger score turns up:

    m  running max of the scores seen so far (one per query)
    s  running Σ exp(score - m)
    acc running Σ exp(score - m) v^j      ->   finally  b^i = acc / s

Peak extra memory: O(block_size² + d_v·N) instead of O(N²).
"""

import numbers

import numpy as np

from ._shapes import as_matrix, as_vector, require_equal


def online_softmax_step(m, s, acc, scores, V_block):
    """Take one block of keys into the running softmax of a block of queries.

        m_new = max(m, max_j scores[j, :])       the new running max, (n_q,)
        c = exp(m - m_new)                       rescales what was summed under the old max
        E = exp(scores - m_new)                  (n_k, n_q)
        s_new = c ∘ s + Σ_j E[j, :]              (n_q,)
        acc_new = c ∘ acc + V_block E            (d_v, n_q): (d_v, n_k) (n_k, n_q)

    Start from m = -inf, s = 0, acc = 0 (then c = 0); after the last block of
    keys, acc / s is the block of O. New arrays are returned; nothing is changed in place.

    Inputs:
        m: running max, shape (n_q,);  s: running sum, shape (n_q,)
        acc: running weighted sum of values, shape (d_v, n_q)
        scores: the block of A for these keys and queries, shape (n_k, n_q)
        V_block: the values of these keys, shape (d_v, n_k)
    Returns:
        (m_new, s_new, acc_new) with the shapes of (m, s, acc)
    Notebook: 12_cost.
    """
    m, s = as_vector("m", m), as_vector("s", s)
    acc, scores, V_block = as_matrix("acc", acc), as_matrix("scores", scores), as_matrix("V_block", V_block)
    n_q = m.shape[0]
    require_equal(s.shape[0], n_q, "length of s == length of m (n_q)", s=s.shape, m=m.shape)
    require_equal(acc.shape[1], n_q, "columns of acc == length of m (n_q)", acc=acc.shape, m=m.shape)
    require_equal(scores.shape[1], n_q, "columns of scores == length of m (n_q)", scores=scores.shape, m=m.shape)
    require_equal(V_block.shape[1], scores.shape[0], "columns of V_block == rows of scores (n_k)",
                  V_block=V_block.shape, scores=scores.shape)
    require_equal(V_block.shape[0], acc.shape[0], "rows of V_block == rows of acc (d_v)",
                  V_block=V_block.shape, acc=acc.shape)
    if scores.shape[0] == 0:
        return m.copy(), s.copy(), acc.copy()
    m_new = np.maximum(m, scores.max(axis=0))  # (n_q,)
    c = np.exp(m - m_new)  # (n_q,); 0 where m was -inf
    E = np.exp(scores - m_new)  # (n_k, n_q) - (n_q,): every entry <= 1
    return m_new, c * s + E.sum(axis=0), c * acc + V_block @ E  # (d_v, n_k) (n_k, n_q) -> (d_v, n_q)


def blockwise_attention(Q, K, V, block_size):
    """O = V softmax_columns(Kᵀ Q), one block of queries at a time, never an (N, N) array.

    For each block of at most block_size queries: start m = -inf, s = 0,
    acc = 0; for each block of at most block_size keys, scores = K_blockᵀ Q_block
    and online_softmax_step; then O_block = acc / s. The last blocks are
    shorter when block_size does not divide N; block_size >= N is the matrix
    form in one block.

    Inputs:
        Q: shape (d_k, N);  K: shape (d_k, N);  V: shape (d_v, N)
        block_size: positive int, queries and keys per block
    Returns:
        O, shape (d_v, N), equal to the matrix form up to rounding
    Notebook: 12_cost.
    """
    Q, K, V = as_matrix("Q", Q), as_matrix("K", K), as_matrix("V", V)
    require_equal(K.shape[0], Q.shape[0], "rows of K == rows of Q (d_k)", K=K.shape, Q=Q.shape)
    require_equal(V.shape[1], K.shape[1], "columns of V == columns of K (N)", V=V.shape, K=K.shape)
    if isinstance(block_size, bool) or not isinstance(block_size, numbers.Integral) or block_size < 1:
        raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
    block_size = int(block_size)
    d_v, N_keys, N_queries = V.shape[0], K.shape[1], Q.shape[1]
    O = np.empty((d_v, N_queries))
    for start in range(0, N_queries, block_size):
        queries = slice(start, min(start + block_size, N_queries))
        Q_block = Q[:, queries]
        n_q = Q_block.shape[1]
        m, s, acc = np.full(n_q, -np.inf), np.zeros(n_q), np.zeros((d_v, n_q))
        for key_start in range(0, N_keys, block_size):
            keys = slice(key_start, min(key_start + block_size, N_keys))
            scores = K[:, keys].T @ Q_block  # (d_k, n_k)ᵀ (d_k, n_q) -> (n_k, n_q)
            m, s, acc = online_softmax_step(m, s, acc, scores, V[:, keys])
        O[:, queries] = acc / s  # (d_v, n_q) / (n_q,): each column divided by its sum
    return O


def online_softmax_exp_count(N, block_size):
    """How many exponentials blockwise attention evaluates, with ``online_softmax_step`` for every tile.

    Every query block of n_q queries meets every key block of n_k keys once, and that step evaluates
        E = exp(scores - m_new)     n_k · n_q exponentials (one per entry of the tile)
        c = exp(m - m_new)          n_q exponentials (one per query of the block)
    Summed over the tiles: the E's cover every entry of A once, N²; the c's are N for each of the
    ⌈N / block_size⌉ key blocks (the last one may be short, but it is a block):
        total  N² + ⌈N / block_size⌉ · N
    The matrix form evaluates N² (one per entry of A): the running softmax costs ⌈N / block_size⌉ · N more.

    Inputs:
        N: positions (a non-negative int);  block_size: queries and keys per block (a positive int)
    Returns:
        the count, a Python int
    Notebook: 12_cost.
    """
    for name, size, least in (("N", N, 0), ("block_size", block_size, 1)):
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < least:
            raise ValueError(f"{name} must be an integer of at least {least}, got {size!r}")
    N, block_size = int(N), int(block_size)
    key_blocks = -(-N // block_size)  # ⌈N / block_size⌉
    return N * N + key_blocks * N
