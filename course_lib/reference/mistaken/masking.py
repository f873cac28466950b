"""Wrong versions of ``reference/masking.py`` (notebook 06): masks, the masked softmax and the masked layer.

Some differ only on particular inputs: "masked_column_nan" needs a column with no allowed key;
"mask_on_queries" needs length < N; "window_one_too_many" needs window < N.
"""

import numpy as np

from ..masking import causal_mask, masked_softmax_columns, padding_mask, sliding_window_mask
from ..softmax import softmax_columns
from ._shared import floats, scaled


def _window(N, window, allowed):
    """A mask (N, N) from a rule allowed(j, i, window) on key j and query i."""
    j, i = np.arange(N)[:, None], np.arange(N)[None, :]
    return allowed(j, i, window)


def _mask_after_softmax(A, mask):
    return softmax_columns(A) * np.asarray(mask)  # masked entries zeroed AFTER softmax: columns sum to < 1


def _masked_softmax_rows(A, mask):
    return masked_softmax_columns(A.T, np.asarray(mask).T).T


def _masked_column_nan(A, mask):
    A = floats(A)
    filled = np.where(mask, A, -np.inf)
    with np.errstate(invalid="ignore"):  # a fully masked column: -inf - (-inf) = nan
        weights = np.exp(filled - filled.max(axis=0, keepdims=True))
        return weights / weights.sum(axis=0, keepdims=True)


def _masked_layer(scale="right", normalise=masked_softmax_columns, mask_of=lambda mask: mask):
    def wrong(I, Wq, Wk, Wv, mask):
        I = floats(I)
        Q, K, V = floats(Wq) @ I, floats(Wk) @ I, floats(Wv) @ I
        A = scaled(scale)(K.T @ Q, Q.shape[0])
        return V @ normalise(A, mask_of(np.asarray(mask)))
    return wrong


MISTAKEN = {
    "06_scaling_and_masking/causal_mask": {
        "mask_wrong_triangle": lambda N: np.tril(np.ones((N, N), dtype=bool)),
        "mask_excludes_self": lambda N: np.triu(np.ones((N, N), dtype=bool), k=1),
        "mask_inverted": lambda N: ~causal_mask(N),
    },
    "06_scaling_and_masking/padding_mask": {
        "mask_on_queries": lambda N, length: padding_mask(N, length).T,  # mask[j, i] = i < length
        "mask_inverted": lambda N, length: ~padding_mask(N, length),
    },
    "06_scaling_and_masking/sliding_window_mask": {
        "window_one_too_many": lambda N, window: _window(N, window, lambda j, i, w: (j <= i) & (j >= i - w)),
        "window_both_sides": lambda N, window: _window(N, window, lambda j, i, w: np.abs(i - j) < w),
        "mask_wrong_triangle": lambda N, window: sliding_window_mask(N, window).T,
        "mask_inverted": lambda N, window: ~sliding_window_mask(N, window),
    },
    "06_scaling_and_masking/masked_softmax_columns": {
        "mask_after_softmax": _mask_after_softmax,
        "masked_column_nan": _masked_column_nan,
        "mask_inverted": lambda A, mask: masked_softmax_columns(A, ~np.asarray(mask)),
        "softmax_rows": _masked_softmax_rows,
    },
    "06_scaling_and_masking/masked_attention": {
        "unscaled": _masked_layer(scale="unscaled"),
        "scaled_by_d_k": _masked_layer(scale="scaled_by_d_k"),
        "mask_after_softmax": _masked_layer(normalise=_mask_after_softmax),
        "mask_wrong_triangle": _masked_layer(mask_of=lambda mask: mask.T),
        "mask_inverted": _masked_layer(mask_of=lambda mask: ~mask),
        "softmax_rows": _masked_layer(normalise=_masked_softmax_rows),
    },
}
