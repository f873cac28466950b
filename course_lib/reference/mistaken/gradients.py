"""Wrong versions of ``reference/gradients.py`` (notebook 10): the backward passes and the numerical check."""

import numpy as np

from .. import gradients
from ..projections import projections
from ..scores import attention_scores
from ..softmax import softmax_columns


def _softmax_backward_rows(A_prime, dA_prime):
    """jacobian_rows: the Jacobian applied along rows (sum over axis 1) instead of down each column."""
    A_prime, dA_prime = np.asarray(A_prime, float), np.asarray(dA_prime, float)
    return A_prime * (dA_prime - (A_prime * dA_prime).sum(axis=1, keepdims=True))


def _softmax_backward_skipped(A_prime, dA_prime):
    """forgot_softmax_backward: dA = dA', as if A' were A."""
    return np.array(dA_prime, dtype=float)


def _scores_backward_dK_missing_transpose(Q, K, dA):
    Q, K, dA = (np.asarray(x, float) for x in (Q, K, dA))
    return K @ dA, Q @ dA  # dK = Q dA instead of Q dAᵀ


def _scores_backward_dQ_missing_transpose(Q, K, dA):
    Q, K, dA = (np.asarray(x, float) for x in (Q, K, dA))
    return K @ dA.T, Q @ dA.T  # dQ = K dAᵀ instead of K dA


def _backward(softmax_backward=gradients.softmax_columns_backward, scores_backward=gradients.scores_backward,
              input_paths=("q", "k", "v")):
    """self_attention_backward built from (possibly wrong) parts; input_paths: the terms kept in dI."""

    def wrong(I, Wq, Wk, Wv, dO):
        I, Wq, Wk, Wv, dO = (np.asarray(x, float) for x in (I, Wq, Wk, Wv, dO))
        Q, K, V = projections(I, Wq, Wk, Wv)
        A_prime = softmax_columns(attention_scores(Q, K))
        dV, dA_prime = dO @ A_prime.T, V.T @ dO
        dQ, dK = scores_backward(Q, K, softmax_backward(A_prime, dA_prime))
        terms = {"q": Wq.T @ dQ, "k": Wk.T @ dK, "v": Wv.T @ dV}
        dI = sum(terms[path] for path in input_paths)
        return dQ @ I.T, dK @ I.T, dV @ I.T, dI

    return wrong


def _difference_gradient(step, central):
    def wrong(I, Wq, Wk, Wv, dO):
        return gradients.finite_difference_gradient(I, Wq, Wk, Wv, dO, step, central)
    return wrong


MISTAKEN = {
    "10_gradients/softmax_columns_backward": {
        "jacobian_rows": _softmax_backward_rows,
    },
    "10_gradients/scores_backward": {
        "dK_missing_transpose": _scores_backward_dK_missing_transpose,
        "dQ_missing_transpose": _scores_backward_dQ_missing_transpose,
    },
    "10_gradients/self_attention_backward": {
        "jacobian_rows": _backward(softmax_backward=_softmax_backward_rows),
        "dK_missing_transpose": _backward(scores_backward=_scores_backward_dK_missing_transpose),
        "dQ_missing_transpose": _backward(scores_backward=_scores_backward_dQ_missing_transpose),
        "forgot_softmax_backward": _backward(softmax_backward=_softmax_backward_skipped),
        "dI_missing_terms": _backward(input_paths=("v",)),  # only the path through V
    },
    "10_gradients/numerical_gradient": {
        "step_too_large": _difference_gradient(1e-1, central=True),
        "step_too_small": _difference_gradient(1e-13, central=True),
        "one_sided_difference": _difference_gradient(1e-5, central=False),
    },
}
