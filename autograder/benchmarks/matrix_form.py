"""The matrix form of attention arranged for speed, which ``attention_cost`` times against its own products.

Benchmark code, not an answer a student writes: the reference answers of
notebook 12_cost (``online_softmax_step``, ``blockwise_attention``) stay in
``course_lib/reference/blockwise.py``.
"""

import functools
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from course_lib.reference._shapes import as_matrix, require_equal


def attention_from_qkv(Q, K, V, strip=None):
    """The lecture's matrix form from queries, keys and values, arranged for speed: O = V softmax_columns(Kᵀ Q).

    It builds the whole (N, N) score matrix A, as the matrix form does, but
    spends as little as it can beyond the two products Kᵀ Q and V A':

    - A is computed as its transpose S = Aᵀ = Qᵀ K in row-major memory, so
      that column i of A (query i's scores) is row i of S, contiguous.
    - A is overwritten in place, a strip of ``strip`` columns at a time so
      that the strip is still in the processor's cache (by default as many
      columns as fit in 1 MiB), by
      E = exp(A - 1 mᵀ), with m_i the maximum of column i (no overflow);
      for a large A the strips are shared between two threads.
    - The division by each column's sum s_i = Σ_j E[j, i] moves after the
      product, where it touches d_v × N numbers instead of N × N:
      V A' = V E diag(1/s). And s comes out of that same product, from one
      extra row of ones: [V; 1ᵀ] E = [V E; sᵀ].

    Inputs:
        Q: shape (d_k, N);  K: shape (d_k, N);  V: shape (d_v, N)
    Returns:
        O, shape (d_v, N), equal to weighted_sum(V, softmax_columns(attention_scores(Q, K)))
        up to rounding; blockwise_attention gives it without the N × N matrix.
    Timed by ``attention_cost`` beside the blockwise form of notebook 12_cost.
    """
    Q, K, V = as_matrix("Q", Q), as_matrix("K", K), as_matrix("V", V)
    require_equal(K.shape[0], Q.shape[0], "rows of K == rows of Q (d_k)", K=K.shape, Q=Q.shape)
    require_equal(V.shape[1], K.shape[1], "columns of V == columns of K (N)", V=V.shape, K=K.shape)
    S = Q.T @ K  # Aᵀ, shape (N, N): row i holds query i's scores α_{i,1} … α_{i,N}
    N = S.shape[0]
    strip = strip or max(1, STRIP_BYTES // (8 * N))
    if N * N < THREADED_ENTRIES:
        _exp_minus_row_max(S, strip)
    else:  # numpy releases the GIL while it computes: the two halves run at the same time
        list(_pool().map(lambda rows: _exp_minus_row_max(rows, strip), (S[: N // 2], S[N // 2:])))
    values_and_ones = np.vstack([V, np.ones((1, N))])  # [V; 1ᵀ], shape (d_v + 1, N)
    weighted = values_and_ones @ S.T  # [V; 1ᵀ] E = [V E; sᵀ], shape (d_v + 1, N)
    return weighted[:-1] / weighted[-1]  # V E diag(1/s) = V A'


THREADED_ENTRIES = 2 ** 22  # from N = 2048 on, two threads share the exponentials
STRIP_BYTES = 2 ** 20  # the default strip of A: 1 MiB, small enough to stay in the cache


@functools.lru_cache(maxsize=1)
def _pool():
    """Two worker threads, started at the first large attention_from_qkv and kept for the next ones."""
    return ThreadPoolExecutor(2, thread_name_prefix="attention-strips")


def _exp_minus_row_max(S, strip):
    """S ← exp(S - each row's max), in place, ``strip`` rows at a time (rows of S are columns of A)."""
    for start in range(0, S.shape[0], strip):
        rows = S[start:start + strip]
        rows -= rows.max(axis=1, keepdims=True)
        np.exp(rows, out=rows)
