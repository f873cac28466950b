"""Pieces several groups of wrong versions are built from: float arrays, a chosen scale, softmax along the
wrong axis or without its shift.
"""

import numpy as np

from ..softmax import softmax_columns


def floats(x):
    """x as an array of float64."""
    return np.asarray(x, dtype=np.float64)


def scaled(kind):
    """Divide scores by √d_k ("right"), by d_k, or not at all."""
    return {
        "right": lambda A, d_k: A / np.sqrt(d_k),
        "scaled_by_d_k": lambda A, d_k: A / d_k,
        "unscaled": lambda A, d_k: A,
    }[kind]


def softmax_overflowing(A, axis=0):
    """softmax_overflow: exp without subtracting the maximum first."""
    weights = np.exp(A)  # overflows to inf for scores near 710 and above
    return weights / weights.sum(axis=axis, keepdims=True)


def softmax_rows(A):
    """softmax_rows: each row normalised instead of each column."""
    return softmax_columns(A.T).T
