"""Wrong versions of ``reference/capstone.py`` (notebook 13): the loss, the forward pass, the training step."""

import numpy as np

from ... import capstone
from ..capstone import capstone_forward, cross_entropy_columns, masked_attention_backward
from ..masking import causal_mask
from ..positions import sinusoidal_encoding


def _cross_entropy_summed(logits, targets):
    loss, dlogits = cross_entropy_columns(logits, targets)
    N = np.asarray(logits).shape[1]
    return loss * N, dlogits * N  # the sum over the positions, and its gradient


def _cross_entropy_rows(logits, targets):
    logits = np.asarray(logits, dtype=np.float64)
    shifted = logits - logits.max(axis=1, keepdims=True)
    return _loss_from_probabilities(np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True), targets)  # rows sum to 1


def _softmax_overflow(logits, targets):
    logits = np.asarray(logits, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        P = np.exp(logits) / np.exp(logits).sum(axis=0, keepdims=True)  # no maximum subtracted: inf / inf
        return _loss_from_probabilities(P, targets)


def _log_of_underflowed_softmax(logits, targets):
    logits = np.asarray(logits, dtype=np.float64)
    shifted = np.exp(logits - logits.max(axis=0, keepdims=True))
    with np.errstate(divide="ignore"):
        return _loss_from_probabilities(shifted / shifted.sum(axis=0, keepdims=True), targets)  # log(0) = -inf


def _loss_from_probabilities(P, targets):
    """The mean of -log P[y_i, i] and (P - Y) / N, from probabilities P computed beforehand."""
    columns = np.arange(P.shape[1])
    loss = float(-np.mean(np.log(P[targets, columns])))
    dlogits = P.copy()
    dlogits[targets, columns] -= 1.0
    return loss, dlogits / P.shape[1]


def _dlogits_sign_flipped(logits, targets):
    loss, dlogits = cross_entropy_columns(logits, targets)
    return loss, -dlogits  # (Y - P) / N


def _forward(X, E, Wq, Wk, Wv, Wout, mask=None, positions=True, residual=True, scale=True, axis=0):
    """The forward pass with one of its parts changed (the defaults give the right one)."""
    X, E, Wq, Wk, Wv, Wout = (np.asarray(M, dtype=np.float64) for M in (X, E, Wq, Wk, Wv, Wout))
    N = X.shape[1]
    I = E @ X + (sinusoidal_encoding(E.shape[0], N) if positions else 0.0)
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A = K.T @ Q / (np.sqrt(Wq.shape[0]) if scale else 1.0)
    mask = causal_mask(N) if mask is None else mask
    scores = np.where(mask, A, -np.inf)
    weights = np.exp(scores - scores.max(axis=axis, keepdims=True))
    A_prime = weights / weights.sum(axis=axis, keepdims=True)
    O = V @ A_prime
    return Wout @ (I + O if residual else O), A_prime


def _no_causal_mask(X, E, Wq, Wk, Wv, Wout):
    N = np.asarray(X).shape[1]
    return _forward(X, E, Wq, Wk, Wv, Wout, mask=np.ones((N, N), dtype=bool))


def _mask_wrong_triangle(X, E, Wq, Wk, Wv, Wout):
    return _forward(X, E, Wq, Wk, Wv, Wout, mask=causal_mask(np.asarray(X).shape[1]).T)


def _softmax_rows(X, E, Wq, Wk, Wv, Wout):
    return _forward(X, E, Wq, Wk, Wv, Wout, axis=1)


def _positions_not_added(X, E, Wq, Wk, Wv, Wout):
    return _forward(X, E, Wq, Wk, Wv, Wout, positions=False)


def _no_residual(X, E, Wq, Wk, Wv, Wout):
    return _forward(X, E, Wq, Wk, Wv, Wout, residual=False)


def _unscaled(X, E, Wq, Wk, Wv, Wout):
    return _forward(X, E, Wq, Wk, Wv, Wout, scale=False)


def _step(ids, E, Wq, Wk, Wv, Wout, learning_rate, inputs, targets, residual_gradient=True):
    """A descent step on the loss of ``inputs`` against ``targets``, with or without the residual's gradient."""
    weights = [np.asarray(M, dtype=np.float64) for M in (E, Wq, Wk, Wv, Wout)]
    E, Wq, Wk, Wv, Wout = weights
    X = capstone.one_hot(inputs, E.shape[1])
    logits, A_prime = capstone_forward(X, E, Wq, Wk, Wv, Wout)
    loss, dlogits = cross_entropy_columns(logits, targets)
    I = E @ X + sinusoidal_encoding(E.shape[0], X.shape[1])
    H = I + (Wv @ I) @ A_prime
    dH = Wout.T @ dlogits
    dWq, dWk, dWv, dI_layer = masked_attention_backward(I, Wq, Wk, Wv, A_prime, dH)
    dI = dH + dI_layer if residual_gradient else dI_layer
    gradients = (dI @ X.T, dWq, dWk, dWv, dlogits @ H.T)
    return (*(W - learning_rate * dW for W, dW in zip(weights, gradients)), loss)


def _targets_not_shifted(ids, E, Wq, Wk, Wv, Wout, learning_rate):
    ids = np.asarray(ids)
    return _step(ids, E, Wq, Wk, Wv, Wout, learning_rate, ids[:-1], ids[:-1])  # each position predicts itself


def _targets_shifted_back(ids, E, Wq, Wk, Wv, Wout, learning_rate):
    ids = np.asarray(ids)
    return _step(ids, E, Wq, Wk, Wv, Wout, learning_rate, ids[1:], ids[:-1])  # predicts the character before


def _residual_gradient_missing(ids, E, Wq, Wk, Wv, Wout, learning_rate):
    ids = np.asarray(ids)
    return _step(ids, E, Wq, Wk, Wv, Wout, learning_rate, ids[:-1], ids[1:], residual_gradient=False)


def _ascent_not_descent(ids, E, Wq, Wk, Wv, Wout, learning_rate):
    ids = np.asarray(ids)
    return _step(ids, E, Wq, Wk, Wv, Wout, -learning_rate, ids[:-1], ids[1:])


MISTAKEN = {
    "13_capstone/cross_entropy_columns": {
        "cross_entropy_summed": _cross_entropy_summed,
        "logits_softmax_rows": _cross_entropy_rows,
        "dlogits_sign_flipped": _dlogits_sign_flipped,
        "softmax_overflow": _softmax_overflow,
        "log_of_underflowed_softmax": _log_of_underflowed_softmax,
    },
    "13_capstone/capstone_forward": {
        "no_causal_mask": _no_causal_mask,
        "mask_wrong_triangle": _mask_wrong_triangle,
        "softmax_rows": _softmax_rows,
        "positions_not_added": _positions_not_added,
        "no_residual": _no_residual,
        "unscaled": _unscaled,
    },
    "13_capstone/capstone_training_step": {
        "targets_not_shifted": _targets_not_shifted,
        "targets_shifted_back": _targets_shifted_back,
        "residual_gradient_missing": _residual_gradient_missing,
        "ascent_not_descent": _ascent_not_descent,
    },
}
