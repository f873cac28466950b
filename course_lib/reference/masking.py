"""Masks: which keys each query may attend to, and softmax over the allowed keys only.

Beyond the lecture (which lets every query attend to every key). A mask is a
boolean array of the shape of A, read like A: mask[j, i] is True when query i
may attend to key j. Taught in notebook 06_scaling_and_masking.
"""

import numpy as np

from ._shapes import as_matrix, require_equal, size_argument
from .projections import projections
from .scaling import scaled_scores
from .weighted_sum import weighted_sum


def as_mask(name, mask, shape):
    """Return ``mask`` as a boolean array of ``shape`` (a copy), or raise ValueError."""
    array = np.asarray(mask)
    if array.dtype != np.bool_:
        raise ValueError(
            f"{name} must be a boolean array (True where query i may attend key j), got dtype {array.dtype}"
        )
    if array.shape != tuple(shape):
        raise ValueError(
            f"shapes do not fit: {name} must have the shape of A {tuple(shape)}, got {array.shape}"
        )
    return array.copy()


def causal_mask(N):
    """The causal mask: query i may attend key j only when j <= i (no looking at the future).

        mask[j, i] = (j <= i)

    True on and ABOVE the diagonal (np.triu); the strictly lower triangle,
    j > i, holds the keys after position i and is masked.

    Inputs:
        N: number of positions, an int >= 1
    Returns:
        mask, bool, shape (N, N)
    Notebook: 06_scaling_and_masking (beyond the lecture).
    """
    N = size_argument("N", N)
    return np.triu(np.ones((N, N), dtype=bool))  # row j (key), column i (query): True when j <= i


def padding_mask(N, length):
    """The padding mask: positions length … N-1 are padding, and no query attends to them.

        mask[j, i] = (j < length)

    Every column is the same: every query, a padded one too, attends only to
    the real keys 0 … length-1. With length = 0 every column is fully masked.

    Inputs:
        N: number of positions, an int >= 1
        length: number of real (not padding) positions, an int with 0 <= length <= N
    Returns:
        mask, bool, shape (N, N)
    Notebook: 06_scaling_and_masking (beyond the lecture).
    """
    N = size_argument("N", N)
    length = size_argument("length", length, minimum=0)
    if length > N:
        raise ValueError(f"length must be at most N ({N}), got {length}")
    real_keys = np.arange(N) < length  # (N,): True for key j < length
    return np.repeat(real_keys[:, None], N, axis=1)  # (N, 1) -> (N, N), one copy per query


def sliding_window_mask(N, window):
    """The sliding-window mask: query i attends to itself and the window - 1 keys just before it.

        mask[j, i] = (i - window < j <= i)

    A band of width ``window`` on and above the diagonal: the causal mask
    (j <= i) with a second bound that forgets keys more than window - 1
    positions back. The first queries have fewer keys before them and keep
    all they have; with window >= N it is the causal mask.

    Inputs:
        N: number of positions, an int >= 1
        window: how many keys each query may see, itself included, an int >= 1
    Returns:
        mask, bool, shape (N, N)
    Notebook: 06_scaling_and_masking (beyond the lecture).
    """
    N = size_argument("N", N)
    window = size_argument("window", window)
    key = np.arange(N)[:, None]    # (N, 1): row j
    query = np.arange(N)[None, :]  # (1, N): column i
    return (key <= query) & (key > query - window)  # (N, N): causal, and no further back than window - 1


def masked_softmax_columns(A, mask):
    """Softmax of each column of A over its allowed entries only; masked entries get weight 0.

        A'[j, i] = exp(A[j, i] - m_i) / Σ_{l: mask[l, i]} exp(A[l, i] - m_i)   where mask[j, i]
        A'[j, i] = 0                                                        where not mask[j, i]

    with m_i the largest ALLOWED score of column i (subtracted so exp cannot
    overflow; it cancels in the ratio). A column with no allowed entry is all
    zeros (never NaN). Every other column sums to 1.

    Inputs:
        A: scores, shape (N, N) (any (rows, columns) works)
        mask: bool, same shape as A; mask[j, i] True when query i may attend key j
    Returns:
        A', same shape as A
    Notebook: 06_scaling_and_masking (beyond the lecture).
    """
    A = as_matrix("A", A)
    mask = as_mask("mask", mask, A.shape)
    allowed = mask.any(axis=0, keepdims=True)  # (1, N): does column i allow any key?
    top = np.max(A, axis=0, where=mask, initial=-np.inf, keepdims=True)  # (1, N), -inf if none allowed
    top = np.where(allowed, top, 0.0)
    weights = np.exp(A - top, where=mask, out=np.zeros_like(A))  # 0 where masked, <= 1 where allowed
    sums = weights.sum(axis=0, keepdims=True)  # (1, N); >= 1 where allowed (the max gives exp(0) = 1)
    return np.divide(weights, sums, out=np.zeros_like(A), where=sums > 0)


def masked_attention(I, Wq, Wk, Wv, mask):
    """The layer with scaled scores and a mask.

        Q = W^q I,  K = W^k I,  V = W^v I,  O = V masked_softmax_columns(Kᵀ Q / √d_k, mask)

    Column i of O mixes only the values v^j with mask[j, i] True (zeros if none).

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: shape (d_k, d_in);  Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
        mask: bool, shape (N, N); mask[j, i] True when query i may attend key j
    Returns:
        O, shape (d_v, N)
    Notebook: 06_scaling_and_masking (beyond the lecture).
    """
    Q, K, V = projections(*(as_matrix(name, x) for name, x in
                            (("I", I), ("W^q", Wq), ("W^k", Wk), ("W^v", Wv))))
    N = Q.shape[1]
    mask_shape = np.shape(mask)
    require_equal(mask_shape, (N, N), "shape of mask == (N, N)", mask=mask_shape, I=np.shape(I))
    A_prime = masked_softmax_columns(scaled_scores(Q, K), mask)  # (N, N)
    return weighted_sum(V, A_prime)  # (d_v, N) (N, N) -> (d_v, N)
