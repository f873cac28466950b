"""Positions: the layer alone cannot tell them apart; a positional encoding added to I can.

Beyond the lecture. Reordering the inputs of the lecture's layer reorders its
outputs the same way (the layer is permutation-equivariant), so it has no idea
of order. The Transformer paper adds a fixed sinusoidal encoding P to the
inputs, here written in columns: column i of P is position i's encoding.
Taught in notebook 08_positions.
"""

import numpy as np

from ._shapes import as_matrix, size_argument
from .layer import self_attention


def sinusoidal_encoding(d_model, N):
    """The Transformer paper's positional encoding, one column per position i = 0 … N-1.

        P[2m, i]   = sin(i / 10000^(2m / d_model))
        P[2m+1, i] = cos(i / 10000^(2m / d_model))

    Rows come in pairs that share one frequency, from 1 (rows 0, 1) down to
    nearly 1/10000. With an odd d_model the last row is a sine.

    Inputs:
        d_model: rows of P (the size of an input vector a^i), an int >= 1
        N: number of positions, an int >= 1
    Returns:
        P, shape (d_model, N)
    Notebook: 08_positions (beyond the lecture).
    """
    d_model = size_argument("d_model", d_model)
    N = size_argument("N", N)
    rows = np.arange(d_model)
    two_m = rows - rows % 2  # 0, 0, 2, 2, 4, 4, …: row 2m and row 2m+1 share a frequency
    angles = np.arange(N)[None, :] / 10000.0 ** (two_m[:, None] / d_model)  # (1, N) / (d_model, 1) -> (d_model, N)
    return np.where(rows[:, None] % 2 == 0, np.sin(angles), np.cos(angles))


def permute_positions(I, order):
    """The inputs in another order: position i of the result holds position order[i] of I.

        result = I[:, order],  result[:, i] = a^{order[i]}

    Inputs:
        I: inputs as columns, shape (d_in, N)
        order: a permutation of 0 … N-1, shape (N,), ints
    Returns:
        shape (d_in, N), a new array
    Notebook: 08_positions (beyond the lecture).
    """
    I = as_matrix("I", I)
    order = np.asarray(order)
    N = I.shape[1]
    is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0  # [] comes out as float64
    if order.ndim != 1 or not is_int:
        raise ValueError(f"order must be a vector of ints (a permutation of 0 … N-1), got {order.dtype} of shape {order.shape}")
    if order.shape[0] != N or not np.array_equal(np.sort(order), np.arange(N)):
        raise ValueError(
            f"order must be a permutation of 0 … N-1 (N = {N}, the columns of I {I.shape}), got {order.tolist()}"
        )
    return I[:, order.astype(np.intp)]  # (d_in, N): fancy indexing makes a copy


def attention_with_positions(I, Wq, Wk, Wv):
    """The lecture's layer (unscaled, no mask) applied to the inputs plus their positions.

        P = sinusoidal_encoding(d_in, N),  O = self_attention(I + P, W^q, W^k, W^v)

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: shape (d_k, d_in);  Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
    Returns:
        O, shape (d_v, N)
    Notebook: 08_positions (beyond the lecture).
    """
    I = as_matrix("I", I)
    if I.size == 0:
        raise ValueError(f"I needs at least one row and one column (d_in >= 1, N >= 1), got shape {I.shape}")
    P = sinusoidal_encoding(*I.shape)  # (d_in, N)
    return self_attention(I + P, as_matrix("W^q", Wq), as_matrix("W^k", Wk), as_matrix("W^v", Wv))
