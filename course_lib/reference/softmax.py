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


def relu_columns(A):
    """The lecture's alternative to softmax: ReLU, then each column divided by its sum.

        R = max(A, 0),   A'[j, i] = R[j, i] / Σ_m R[m, i]

    A column with no positive score has nothing to share out and stays all
    zeros (a choice of this course; the lecture only says ReLU can work too).

    Inputs:
        A: scores, shape (N, N)
    Returns:
        A', same shape; each column sums to 1, or is all zeros
    Notebook: 03_all_scores (beyond the lecture's words: it names ReLU but gives no formula).
    """
    A = as_matrix("A", A)
    R = np.maximum(A, 0.0)
    sums = R.sum(axis=0, keepdims=True)  # (1, N)
    return np.divide(R, sums, out=np.zeros_like(R), where=sums > 0)
