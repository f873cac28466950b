"""Softmax over each column of the score matrix: A -> A'.

Taught in notebook 03_all_scores.
"""

import numpy as np

from ._shapes import as_matrix


def softmax_columns(A):
    """Normalise each column of A with softmax: A'[j, i] = exp(A[j, i]) / Σ_m exp(A[m, i]).

    Column i of A' holds the weights α'_{i,1} … α'_{i,N} of query i; each column
    sums to 1. The column's maximum is subtracted before exp, which changes
    nothing mathematically (it cancels in the ratio) but keeps exp from
    overflowing for large scores such as 1e4.

    Inputs:
        A: scores, shape (N, N) (any (rows, columns) works)
    Returns:
        A', same shape as A, every column summing to 1
    Notebook: 03_all_scores.
    """
    A = as_matrix("A", A)
    shifted = A - A.max(axis=0, keepdims=True)  # (N, N) - (1, N): largest entry per column is 0
    weights = np.exp(shifted)
    return weights / weights.sum(axis=0, keepdims=True)  # (N, N) / (1, N)
