"""Deliberately wrong versions of the reference answers, one per classic mistake.

The checkers and hidden tests run these on the same inputs as the student's
function: when a wrong answer equals one of them, the feedback can name the
mistake (see ``course_lib.mistake_words`` for the words). Instructor edition only.

``MISTAKEN`` maps an exercise's key (notebook/function, as in
``course_lib.exercises``) to {mistake key: function with the exercise's signature}.
"""

import numpy as np

from .beyond import MISTAKEN_BEYOND
from .training import MISTAKEN_TRAINING
from ..scores import one_query_scores, scores_one_by_one
from ..softmax import relu_columns, softmax_columns


def _softmax_vector(x):
    shifted = np.exp(x - x.max())
    return shifted / shifted.sum()


MISTAKEN = {
    "01_one_query_scores/inner_product": {
        "elementwise_not_summed": lambda q, k: np.asarray(q, float) * np.asarray(k, float),
        "outer_product": lambda q, k: np.outer(q, k),
    },
    "01_one_query_scores/query_and_key": {
        "inputs_for_projections": lambda a, Wq, Wk: (np.asarray(a, float), np.asarray(a, float)),
        "query_key_swapped": lambda a, Wq, Wk: (Wk @ a, Wq @ a),
        "one_weight_for_both": lambda a, Wq, Wk: (Wq @ a, Wq @ a),
    },
    "01_one_query_scores/scores_one_by_one": {
        "weights_not_scores": lambda q, keys: _softmax_vector(scores_one_by_one(q, keys)),
    },
    "01_one_query_scores/one_query_scores": {
        "weights_not_scores": lambda q, K: _softmax_vector(one_query_scores(q, K)),
    },
}


def _softmax_naive(A, axis=0):
    weights = np.exp(A)  # overflows to inf for scores near 710 and above
    return weights / weights.sum(axis=axis, keepdims=True)


def _softmax_rows(A):
    return softmax_columns(A.T).T


def _relu_rows(A):
    return relu_columns(A.T).T


def _relu_dividing_by_zero(A):
    R = np.maximum(A, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return R / R.sum(axis=0, keepdims=True)


def _layer_mistakes():
    """The whole layer with one classic mistake each, all with the signature (I, Wq, Wk, Wv)."""

    def layer(score_fn, normalise, combine, values=lambda I, Wv: Wv @ I):
        def wrong(I, Wq, Wk, Wv):
            Q, K, V = Wq @ I, Wk @ I, values(I, Wv)
            return combine(V, normalise(score_fn(Q, K)))
        return wrong

    right_scores = lambda Q, K: K.T @ Q  # noqa: E731
    right_combine = lambda V, P: V @ P  # noqa: E731
    return {
        "softmax_rows": layer(right_scores, _softmax_rows, right_combine),
        "scores_transposed": layer(lambda Q, K: Q.T @ K, softmax_columns, right_combine),
        "output_order": layer(right_scores, softmax_columns, lambda V, P: P @ V),
        "output_transposed_values": layer(right_scores, softmax_columns, lambda V, P: P @ V.T),
        "weights_rows": layer(right_scores, softmax_columns, lambda V, P: V @ P.T),
        "scaled_unasked": layer(lambda Q, K: K.T @ Q / np.sqrt(Q.shape[0]), softmax_columns, right_combine),
        "layer_without_softmax": layer(right_scores, lambda A: A, right_combine),
        "inputs_for_projections": layer(right_scores, softmax_columns, right_combine, values=lambda I, Wv: I),
        "softmax_overflow": layer(right_scores, _softmax_naive, right_combine),
    }


_LAYER = _layer_mistakes()

MISTAKEN.update({
    "02_queries_keys_values/stack_inputs": {
        "inputs_as_rows": lambda vectors: np.stack(vectors, axis=0),
    },
    "02_queries_keys_values/queries_one_by_one": {
        "inputs_for_projections": lambda I, Wq: np.array(I, dtype=float),
        "positions_in_rows": lambda I, Wq: (Wq @ I).T,
    },
    "02_queries_keys_values/projections": {
        "inputs_for_projections": lambda I, Wq, Wk, Wv: (I, I, I),
        "weights_swapped": lambda I, Wq, Wk, Wv: (Wk @ I, Wq @ I, Wv @ I),
        "positions_in_rows": lambda I, Wq, Wk, Wv: ((Wq @ I).T, (Wk @ I).T, (Wv @ I).T),
    },
    "03_all_scores/attention_scores": {
        "scores_transposed": lambda Q, K: Q.T @ K,
        "scaled_unasked": lambda Q, K: K.T @ Q / np.sqrt(Q.shape[0]),
        "weights_not_scores": lambda Q, K: softmax_columns(K.T @ Q),
    },
    "03_all_scores/softmax_columns": {
        "softmax_rows": _softmax_rows,
        "scores_not_weights": lambda A: np.array(A, dtype=float),
        "softmax_overflow": _softmax_naive,
    },
    "03_all_scores/relu_columns": {
        "normalised_rows": _relu_rows,
        "relu_not_normalised": lambda A: np.maximum(A, 0.0),
        "empty_column_nan": _relu_dividing_by_zero,
    },
    "04_weighted_sum/weighted_sum_loop": {
        "weighted_not_summed": lambda V, weights: V * weights,
        "summed_over_value_entries": lambda V, weights: (V * weights).sum(axis=0),
    },
    "04_weighted_sum/output_one_query": {
        "output_order": lambda V, weights: weights @ V,
        "weighted_not_summed": lambda V, weights: V * weights,
        "summed_over_value_entries": lambda V, weights: (V * weights).sum(axis=0),
    },
    "04_weighted_sum/weighted_sum": {
        "output_order": lambda V, A_prime: A_prime @ V,
        "output_transposed_values": lambda V, A_prime: A_prime @ V.T,
        "weights_rows": lambda V, A_prime: V @ A_prime.T,
    },
    "05_whole_layer/self_attention": _LAYER,
    "05_whole_layer/self_attention_loop": _LAYER,
    "05_whole_layer/SelfAttention": _LAYER,
    "05_whole_layer/parameter_count": {
        "counted_scores": lambda d_in, d_k, d_v, N: 2 * d_k * d_in + d_v * d_in + N * N,
        "missing_value_weights": lambda d_in, d_k, d_v, N: 2 * d_k * d_in,
        "one_weight_for_both": lambda d_in, d_k, d_v, N: d_k * d_in + d_v * d_in,
    },
})

MISTAKEN.update(MISTAKEN_BEYOND)  # notebooks 06-09
MISTAKEN.update(MISTAKEN_TRAINING)  # notebooks 10-12
