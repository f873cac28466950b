"""The whole self-attention layer, from I to O.

Taught in notebook 05_whole_layer.
"""

import numpy as np

from ._shapes import as_matrix
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


def self_attention_loop(I, Wq, Wk, Wv):
    """The same layer position by position, as the lecture first tells it.

    For each i: q^i = W^q a^i; α_{i,j} = (q^i)ᵀ k^j for every j; α'_{i,·} = softmax
    over j; b^i = Σ_j α'_{i,j} v^j. Returns O = [b^1 … b^N], shape (d_v, N).
    Notebook: 05_whole_layer.
    """
    I = as_matrix("I", I)
    projections(I, Wq, Wk, Wv)  # the shape checks, with their messages
    N = I.shape[1]
    keys = [Wk @ I[:, j] for j in range(N)]
    values = [Wv @ I[:, j] for j in range(N)]
    O = np.empty((Wv.shape[0], N))
    for i in range(N):
        q = Wq @ I[:, i]
        scores = np.array([q @ k for k in keys])
        weights = np.exp(scores - scores.max())
        weights /= weights.sum()
        O[:, i] = sum(weights[j] * values[j] for j in range(N))
    return O


class SelfAttention:
    """A self-attention layer holding its only learned parameters, W^q, W^k and W^v.

    ``SelfAttention(Wq, Wk, Wv)(I)`` returns O = V A' for inputs I of shape (d_in, N).
    Notebook: 05_whole_layer.
    """

    def __init__(self, Wq, Wk, Wv):
        self.Wq = np.array(Wq, dtype=np.float64)
        self.Wk = np.array(Wk, dtype=np.float64)
        self.Wv = np.array(Wv, dtype=np.float64)

    def __call__(self, I):
        return self_attention(I, self.Wq, self.Wk, self.Wv)


def parameter_count(d_in, d_k, d_v, N):
    """How many numbers the layer learns: the entries of W^q, W^k, W^v.

        d_k·d_in + d_k·d_in + d_v·d_in   (N does not appear: A, A', Q, K, V are computed, not learned)

    Returns an int. Notebook: 05_whole_layer.
    """
    return int(2 * d_k * d_in + d_v * d_in)
