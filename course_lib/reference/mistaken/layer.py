"""Wrong versions of ``reference/layer.py`` (notebook 05): the whole layer, one classic mistake each, and
its parameter count.
"""

import numpy as np

from ..softmax import softmax_columns
from ._shared import softmax_overflowing, softmax_rows


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
        "softmax_rows": layer(right_scores, softmax_rows, right_combine),
        "scores_transposed": layer(lambda Q, K: Q.T @ K, softmax_columns, right_combine),
        "output_order": layer(right_scores, softmax_columns, lambda V, P: P @ V),
        "output_transposed_values": layer(right_scores, softmax_columns, lambda V, P: P @ V.T),
        "weights_rows": layer(right_scores, softmax_columns, lambda V, P: V @ P.T),
        "scaled_unasked": layer(lambda Q, K: K.T @ Q / np.sqrt(Q.shape[0]), softmax_columns, right_combine),
        "layer_without_softmax": layer(right_scores, lambda A: A, right_combine),
        "inputs_for_projections": layer(right_scores, softmax_columns, right_combine, values=lambda I, Wv: I),
        "softmax_overflow": layer(right_scores, softmax_overflowing, right_combine),
    }


_LAYER = _layer_mistakes()


MISTAKEN = {
    "05_whole_layer/self_attention": _LAYER,
    "05_whole_layer/self_attention_loop": _LAYER,
    "05_whole_layer/SelfAttention": _LAYER,
    "05_whole_layer/parameter_count": {
        "counted_scores": lambda d_in, d_k, d_v, N: 2 * d_k * d_in + d_v * d_in + N * N,
        "missing_value_weights": lambda d_in, d_k, d_v, N: 2 * d_k * d_in,
        "one_weight_for_both": lambda d_in, d_k, d_v, N: d_k * d_in + d_v * d_in,
    },
}
