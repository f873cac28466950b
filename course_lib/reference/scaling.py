"""Scaled scores: A / √d_k, and the layer with them.

Beyond the lecture (which has no scaling): the Transformer paper divides every
score by √d_k so that the scores' spread does not grow with d_k and softmax
does not saturate. Taught in notebook 06_scaling_and_masking.
"""

import numpy as np

from ._shapes import as_matrix
from .projections import projections
from .scores import attention_scores
from .softmax import softmax_columns
from .weighted_sum import weighted_sum


def scaled_scores(Q, K):
    """All scores, divided by the square root of the key size: A / √d_k, with A = Kᵀ Q.

        (A / √d_k)[j, i] = (q^i)ᵀ k^j / √d_k

    Inputs:
        Q: queries as columns, shape (d_k, N)
        K: keys as columns, shape (d_k, N)
    Returns:
        A / √d_k, shape (N, N); column i holds query i's scaled scores
    Notebook: 06_scaling_and_masking (beyond the lecture).
    """
    Q = as_matrix("Q", Q)
    A = attention_scores(Q, as_matrix("K", K))  # (d_k, N)ᵀ (d_k, N) -> (N, N), checks d_k
    d_k = Q.shape[0]
    if d_k == 0:
        raise ValueError(f"Q and K need at least one row (d_k >= 1) to scale by √d_k, got Q {Q.shape}")
    return A / np.sqrt(d_k)


def scaled_self_attention(I, Wq, Wk, Wv):
    """The lecture's layer with scaled scores (no mask).

        Q = W^q I,  K = W^k I,  V = W^v I,  O = V softmax_columns(Kᵀ Q / √d_k)

    Equal to ``masked_attention(I, Wq, Wk, Wv, mask)`` with a mask that is True everywhere.

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: shape (d_k, d_in);  Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
    Returns:
        O, shape (d_v, N)
    Notebook: 06_scaling_and_masking (beyond the lecture; not graded).
    """
    Q, K, V = projections(*(as_matrix(name, x) for name, x in
                            (("I", I), ("W^q", Wq), ("W^k", Wk), ("W^v", Wv))))
    return weighted_sum(V, softmax_columns(scaled_scores(Q, K)))  # (d_v, N) (N, N) -> (d_v, N)
