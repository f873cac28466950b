"""Wrong versions of ``reference/training.py`` (notebook 11): the loss, a descent step, the marker's weights."""

import numpy as np

from ..training import gradient_descent_step


def _mse_not_averaged(O, T):
    difference = np.asarray(O, float) - np.asarray(T, float)
    return float(np.sum(difference ** 2)), 2.0 * difference  # the sum, and its gradient


def _mse_gradient_missing_factor_2(O, T):
    difference = np.asarray(O, float) - np.asarray(T, float)
    return float(np.mean(difference ** 2)), difference / difference.size


def _ascent_not_descent(I, T, Wq, Wk, Wv, learning_rate):
    """W + η dW: a step up the loss (the right step with η negated)."""
    return gradient_descent_step(I, T, Wq, Wk, Wv, -learning_rate)


def _weight_on_marker_row(A_prime, marker):
    return np.array(np.asarray(A_prime, float)[:, int(marker)])  # column m: query m's weights


MISTAKEN = {
    "11_training/mse_loss": {
        "mse_not_averaged": _mse_not_averaged,
        "dO_missing_factor_2": _mse_gradient_missing_factor_2,
    },
    "11_training/gradient_descent_step": {
        "ascent_not_descent": _ascent_not_descent,
    },
    "11_training/weight_on_marker": {
        "weight_on_marker_row": _weight_on_marker_row,
    },
}
