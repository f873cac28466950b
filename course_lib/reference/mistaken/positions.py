"""Wrong versions of ``reference/positions.py`` (notebook 08): the sinusoidal encoding, permuted positions
and attention with positions.

A few cannot be computed at some sizes and raise ValueError there (numpy's own shape errors included):
"permuted_rows" (I[order]) needs N <= d_in; attention_with_positions' "positions_in_rows" (I + Pᵀ) needs
d_in == N.
"""

import numpy as np

from ..layer import self_attention
from ..positions import sinusoidal_encoding
from ..scaling import scaled_self_attention
from ._shared import floats


def _encoding(d_model, N, first=0, swapped=False):
    rows = np.arange(d_model)
    two_m = rows - rows % 2
    angles = np.arange(first, first + N)[None, :] / 10000.0 ** (two_m[:, None] / d_model)
    sin, cos = np.sin(angles), np.cos(angles)
    if swapped:
        sin, cos = cos, sin
    return np.where(rows[:, None] % 2 == 0, sin, cos)


def _permuted_rows(I, order):
    I, order = floats(I), np.asarray(order)
    if order.size and order.max() >= I.shape[0]:
        raise ValueError(f"I[order] needs N <= d_in, got I {I.shape}")
    return I[order]


def _with_positions(encoding=None, layer=self_attention):
    def wrong(I, Wq, Wk, Wv):
        I = floats(I)
        P = encoding(*I.shape) if encoding is not None else 0.0
        return layer(I + P, floats(Wq), floats(Wk), floats(Wv))
    return wrong


MISTAKEN = {
    "08_positions/sinusoidal_encoding": {
        "positions_in_rows": lambda d_model, N: sinusoidal_encoding(d_model, N).T,  # (N, d_model)
        "sin_cos_swapped": lambda d_model, N: _encoding(d_model, N, swapped=True),
        "positions_from_one": lambda d_model, N: _encoding(d_model, N, first=1),
    },
    "08_positions/permute_positions": {
        "permuted_rows": _permuted_rows,
        "inverse_permutation": lambda I, order: floats(I)[:, np.argsort(order)],
    },
    "08_positions/attention_with_positions": {
        "positions_not_added": _with_positions(),
        "scaled_unasked": _with_positions(sinusoidal_encoding, layer=scaled_self_attention),
        "positions_in_rows": _with_positions(lambda d_in, N: sinusoidal_encoding(d_in, N).T),  # needs d_in == N
        "sin_cos_swapped": _with_positions(lambda d_in, N: _encoding(d_in, N, swapped=True)),
        "positions_from_one": _with_positions(lambda d_in, N: _encoding(d_in, N, first=1)),
    },
}
