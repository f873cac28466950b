"""Deliberately wrong versions of the answers of notebooks 10_gradients, 11_training and 12_cost.

Like ``mistaken.MISTAKEN``: the checkers run these on the same inputs as the
student's function, and when a wrong answer equals one of them the feedback
can name the mistake. Each has the signature of the exercise it imitates and
differs from the right answer on generic inputs (it may raise ValueError
where it cannot be computed). Instructor edition only.

``MISTAKEN_TRAINING`` maps "<notebook>/<function>" to {mistake key: function}.
"""

import numpy as np

from .. import gradients
from ..projections import projections
from ..scores import attention_scores
from ..softmax import softmax_columns
from ..training import gradient_descent_step


# ---------------------------------------------------------------- 10_gradients

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


# ---------------------------------------------------------------- 11_training

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


# ---------------------------------------------------------------- 12_cost

def _online_step_forgot_rescale(m, s, acc, scores, V_block):
    """forgot_rescale: the old sums are kept as they were, summed under the old max (no factor c)."""
    m, s, acc, scores, V_block = (np.asarray(x, float) for x in (m, s, acc, scores, V_block))
    m_new = np.maximum(m, scores.max(axis=0))
    E = np.exp(scores - m_new)
    return m_new, s + E.sum(axis=0), acc + V_block @ E


def _blockwise(step):
    def wrong(Q, K, V, block_size):
        Q, K, V = (np.asarray(x, float) for x in (Q, K, V))
        if int(block_size) < 1:
            raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
        d_v, N = V.shape[0], Q.shape[1]
        O = np.empty((d_v, N))
        for start in range(0, N, block_size):
            Q_block = Q[:, start:start + block_size]
            n_q = Q_block.shape[1]
            m, s, acc = np.full(n_q, -np.inf), np.zeros(n_q), np.zeros((d_v, n_q))
            for key_start in range(0, K.shape[1], block_size):
                keys = slice(key_start, key_start + block_size)
                m, s, acc = step(m, s, acc, K[:, keys].T @ Q_block, V[:, keys])
            O[:, start:start + n_q] = acc / s
        return O
    return wrong


MISTAKEN_TRAINING = {
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
    "12_cost/attention_flops": {
        "counted_multiplies_only": lambda N, d_k, d_v: int(d_k * N * N + d_v * N * N),
    },
    "12_cost/online_softmax_step": {
        "forgot_rescale": _online_step_forgot_rescale,
    },
    "12_cost/blockwise_attention": {
        "forgot_rescale": _blockwise(_online_step_forgot_rescale),
    },
}
