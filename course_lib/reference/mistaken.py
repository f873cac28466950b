"""Deliberately wrong versions of the reference answers, one per classic mistake.

The checkers and hidden tests run these on the same inputs as the student's
function: when a wrong answer equals one of them, the feedback can name the
mistake (see ``course_lib.mistakes`` for the words). Instructor edition only.

``MISTAKEN`` maps an exercise's key (notebook/function, as in
``course_lib.exercises``) to {mistake key: function with the exercise's signature}.
"""

import numpy as np

from .scores import one_query_scores, scores_one_by_one


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
