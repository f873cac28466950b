"""Wrong versions of ``reference/softmax.py`` (notebook 03): the column softmax and the normalised ReLU."""

import numpy as np

from ..softmax import relu_columns
from ._shared import softmax_overflowing, softmax_rows


def _relu_rows(A):
    return relu_columns(A.T).T


def _relu_dividing_by_zero(A):
    R = np.maximum(A, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return R / R.sum(axis=0, keepdims=True)


MISTAKEN = {
    "03_all_scores/softmax_columns": {
        "softmax_rows": softmax_rows,
        "scores_not_weights": lambda A: np.array(A, dtype=float),
        "softmax_overflow": softmax_overflowing,
    },
    "03_all_scores/relu_columns": {
        "normalised_rows": _relu_rows,
        "relu_not_normalised": lambda A: np.maximum(A, 0.0),
        "empty_column_nan": _relu_dividing_by_zero,
    },
}
