"""The whole self-attention layer, from I to O.

Taught in notebook 05_whole_layer.
"""

from .projections import projections
from .scores import attention_scores
from .softmax import softmax_columns
from .weighted_sum import weighted_sum


def self_attention(I, Wq, Wk, Wv):
    """Self-attention in matrix form (no scaling, no mask, as in the lecture).

        Q = W^q I,  K = W^k I,  V = W^v I,  A = Kᵀ Q,  A' = softmax_columns(A),  O = V A'

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: shape (d_k, d_in);  Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
    Returns:
        O, shape (d_v, N): column i is the output b^i for input a^i
    Notebook: 05_whole_layer.
    """
    Q, K, V = projections(I, Wq, Wk, Wv)
    return weighted_sum(V, softmax_columns(attention_scores(Q, K)))
