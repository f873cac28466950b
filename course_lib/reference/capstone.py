"""A small causal self-attention model that learns to predict the next character of a text.

Taught in notebook 13_capstone (beyond the lecture: the lecture neither
masks, adds positions, nor trains). The text, the one-hot columns and the
sampler are in ``course_lib.capstone``; the notebook gives the earlier
notebooks' pieces as readable code, and their reference answers are used
here (positions, masking, and ``masked_attention_backward`` below). Here are
the three answers the student writes:

    loss = -(1/N) Σ_i log Ŷ[y_i, i],  Ŷ = softmax of each column of the logits,  dlogits = (Ŷ - Y) / N
    logits = W^out (I + V A'),  I = E X + P_pos,  A' = masked softmax_columns(Kᵀ Q / √d_k)
    one step of gradient descent on the loss of a window of N + 1 characters (inputs: the first N,
    targets: the last N, each the character after its input)
"""

import numpy as np

from .. import capstone
from ._shapes import as_matrix, require_equal
from .gradients import scores_backward, softmax_columns_backward
from .masking import causal_mask, masked_softmax_columns
from .positions import sinusoidal_encoding
from .projections import projections


def cross_entropy_columns(logits, targets):
    """The mean cross-entropy of the columns of ``logits`` against the target rows, and its gradient.

        Ŷ = softmax of each column of logits (max subtracted first),  loss = -(1/N) Σ_i log Ŷ[targets[i], i]
        dlogits = ∂loss/∂logits = (Ŷ - Y) / N,  Y the one-hot columns of the targets

    Inputs:
        logits: (vocab, N), column i scores every character that may come next;  targets: N ints in [0, vocab)
    Returns:
        (loss, a Python float; dlogits, shape (vocab, N))
    Notebook: 13_capstone.
    """
    logits = as_matrix("logits", logits)
    targets = np.asarray(targets)
    if targets.shape != (logits.shape[1],) or not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"targets must be N = {logits.shape[1]} whole numbers, got shape {targets.shape}")
    if targets.size and not (0 <= targets.min() and targets.max() < logits.shape[0]):
        raise ValueError(f"targets must be rows of the logits, 0 <= y < vocab = {logits.shape[0]}")
    N = logits.shape[1]
    shifted = logits - logits.max(axis=0, keepdims=True)  # (vocab, N): exp cannot overflow
    log_P = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    columns = np.arange(N)
    loss = float(-np.mean(log_P[targets, columns]))
    dlogits = np.exp(log_P)
    dlogits[targets, columns] -= 1.0  # Ŷ - Y
    return loss, dlogits / N


def capstone_forward(X, E, Wq, Wk, Wv, Wout):
    """The model's forward pass on one window: (logits, A').

        I = E X + P  (P = sinusoidal_encoding(d, N), notebook 08),  Q = W^q I, K = W^k I, V = W^v I
        A' = masked softmax_columns(Kᵀ Q / √d_k) with the causal mask,  H = I + V A',  logits = W^out H

    Inputs:
        X: one-hot characters (vocab, N);  E: (d, vocab);  Wq, Wk: (d_k, d);  Wv: (d, d);  Wout: (vocab, d)
    Returns:
        (logits (vocab, N), A' (N, N))
    Notebook: 13_capstone.
    """
    X, E, Wq, Wk, Wv, Wout = (as_matrix(name, M) for name, M in
                              (("X", X), ("E", E), ("W^q", Wq), ("W^k", Wk), ("W^v", Wv), ("W^out", Wout)))
    require_equal(E.shape[1], X.shape[0], "columns of E == rows of X (vocab)", E=E.shape, X=X.shape)
    d, N = E.shape[0], X.shape[1]
    I = E @ X + sinusoidal_encoding(d, N)  # (d, vocab) (vocab, N) -> (d, N)
    Q, K, V = Wq @ I, Wk @ I, Wv @ I  # (d_k, N), (d_k, N), (d, N)
    A_prime = masked_softmax_columns(K.T @ Q / np.sqrt(Wq.shape[0]), causal_mask(N))
    H = I + V @ A_prime  # (d, N) (N, N) -> (d, N)
    return Wout @ H, A_prime  # (vocab, d) (d, N) -> (vocab, N)


def capstone_training_step(ids, E, Wq, Wk, Wv, Wout, learning_rate):
    """One step of gradient descent on the next-character loss of one window ``ids`` of N + 1 characters.

        X = one_hot(ids[:N]), targets = ids[1:];  (logits, A') = capstone_forward(X, …)
        (loss, dlogits) = cross_entropy_columns(logits, targets)
        dW^out = dlogits Hᵀ,  dH = W^outᵀ dlogits,  (dW^q, dW^k, dW^v, dI_layer) = masked_attention_backward(I, …, dH)
        dI = dH + dI_layer (the residual),  dE = dI Xᵀ;  every W ← W - η dW (new arrays)

    Inputs:
        ids: N + 1 ints;  E, Wq, Wk, Wv, Wout: as in capstone_forward;  learning_rate: η
    Returns:
        (E, W^q, W^k, W^v, W^out after the step, the loss BEFORE the step)
    Notebook: 13_capstone.
    """
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.shape[0] < 2 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be at least 2 whole numbers (N + 1), got shape {ids.shape}")
    weights = [as_matrix(name, M) for name, M in
               (("E", E), ("W^q", Wq), ("W^k", Wk), ("W^v", Wv), ("W^out", Wout))]
    loss, gradients = _loss_and_gradients(ids, *weights)
    return (*(W - learning_rate * dW for W, dW in zip(weights, gradients)), loss)


def _loss_and_gradients(ids, E, Wq, Wk, Wv, Wout):
    """The loss of one window and (dE, dW^q, dW^k, dW^v, dW^out)."""
    X = capstone.one_hot(ids[:-1], E.shape[1])  # inputs: every character but the last
    logits, A_prime = capstone_forward(X, E, Wq, Wk, Wv, Wout)
    loss, dlogits = cross_entropy_columns(logits, ids[1:])  # targets: every character but the first
    I = E @ X + sinusoidal_encoding(E.shape[0], X.shape[1])
    H = I + (Wv @ I) @ A_prime
    dH = Wout.T @ dlogits  # (d, vocab) (vocab, N) -> (d, N)
    dWq, dWk, dWv, dI_layer = masked_attention_backward(I, Wq, Wk, Wv, A_prime, dH)
    dI = dH + dI_layer  # H = I + O: the residual passes dH straight to I
    return loss, (dI @ X.T, dWq, dWk, dWv, dlogits @ H.T)


def masked_attention_backward(I, Wq, Wk, Wv, A_prime, dO):
    """The backward pass of O = V A', A' = masked softmax of the columns of Kᵀ Q / √d_k (notebook 10's, scaled).

        dV = dO A'ᵀ,  dA' = Vᵀ dO,  dA = A' ⊙ (dA' - 1 (1ᵀ (A' ⊙ dA'))) / √d_k   (0 where the mask hides)
        dQ = K dA,  dK = Q dAᵀ,  dW^q = dQ Iᵀ,  dW^k = dK Iᵀ,  dW^v = dV Iᵀ
        dI = W^qᵀ dQ + W^kᵀ dK + W^vᵀ dV

    Inputs:
        I: (d, N);  Wq, Wk: (d_k, d);  Wv: (d_v, d);  A_prime: the layer's A' (N, N);  dO: (d_v, N)
    Returns:
        (dW^q, dW^k, dW^v, dI), the shapes of W^q, W^k, W^v and I. dI is the path through the layer only:
        a residual H = I + O adds dH to it.
    Notebook: 13_capstone gives it as readable code (its own copy, the same function: tests/course_lib/test_capstone.py).
    """
    Q, K, V = projections(I, Wq, Wk, Wv)  # (d_k, N), (d_k, N), (d_v, N)
    dV = dO @ A_prime.T  # (d_v, N) (N, N) -> (d_v, N)
    # notebook 10's two backward steps; a masked entry has A' = 0, so softmax_columns_backward gives it dA = 0
    dA = softmax_columns_backward(A_prime, V.T @ dO) / np.sqrt(Wq.shape[0])  # (N, N)
    dQ, dK = scores_backward(Q, K, dA)  # (d_k, N) each
    return dQ @ I.T, dK @ I.T, dV @ I.T, Wq.T @ dQ + Wk.T @ dK + Wv.T @ dV
