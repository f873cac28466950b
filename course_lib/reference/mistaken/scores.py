"""Wrong versions of ``reference/scores.py`` (notebooks 01 and 03): inner products and scores."""

import numpy as np

from ..scores import one_query_scores, scores_one_by_one
from ..softmax import softmax_columns


def _softmax_vector(x):
    shifted = np.exp(x - x.max())
    return shifted / shifted.sum()


MISTAKEN = {
    "01_one_query_scores/inner_product": {
        "elementwise_not_summed": lambda q, k: np.asarray(q, float) * np.asarray(k, float),
        "outer_product": lambda q, k: np.outer(q, k),
    },
    "01_one_query_scores/scores_one_by_one": {
        "weights_not_scores": lambda q, keys: _softmax_vector(scores_one_by_one(q, keys)),
    },
    "01_one_query_scores/one_query_scores": {
        "weights_not_scores": lambda q, K: _softmax_vector(one_query_scores(q, K)),
    },
    "03_all_scores/attention_scores": {
        "scores_transposed": lambda Q, K: Q.T @ K,
        "scaled_unasked": lambda Q, K: K.T @ Q / np.sqrt(Q.shape[0]),
        "weights_not_scores": lambda Q, K: softmax_columns(K.T @ Q),
    },
}
