"""Gradients of the layer by hand: backpropagation through O = V A', A' = softmax_columns(A), A = Kᵀ Q.

Taught in notebook 10_gradients (beyond the lecture, which stops at the
forward pass). The loss used to check a gradient is L = Σ dO ∘ O (the sum
of the entries of dO times O), so that ∂L/∂O = dO: dO stands for the
gradient that arrives from whatever comes after the layer.

Backward through the chain, one product at a time (every gradient has the
shape of the matrix it belongs to):

    O = V A'           ->  dV = dO A'ᵀ,  dA' = Vᵀ dO
    A' = softmax(A)    ->  dA[:, i] = (diag(a) - a aᵀ) dA'[:, i],  a = A'[:, i]
    A = Kᵀ Q           ->  dQ = K dA,  dK = Q dAᵀ
    Q = W^q I (and K, V) -> dW^q = dQ Iᵀ,  dI = W^qᵀ dQ + W^kᵀ dK + W^vᵀ dV
"""

import numpy as np

from ._shapes import as_matrix, require_equal
from .layer import self_attention
from .projections import projections
from .scores import attention_scores
from .softmax import softmax_columns

STEP = 1e-5  # the reference step h of numerical_gradient's central differences


def softmax_columns_backward(A_prime, dA_prime):
    """Backward through A' = softmax_columns(A): from dA' = ∂L/∂A' to dA = ∂L/∂A.

    Column i of A' depends only on column i of A, through the Jacobian
    ∂a/∂x = diag(a) - a aᵀ (a = A'[:, i], symmetric), so column by column

        dA[:, i] = (diag(a) - a aᵀ) g = a ∘ (g - aᵀ g),   g = dA'[:, i]

    and for all columns at once  dA = A' ∘ (dA' - Σ_j A'[j, :] dA'[j, :]),
    the sum running down each column (a (1, N) row, broadcast).

    Inputs:
        A_prime: attention weights A', shape (N, N), every column sums to 1
        dA_prime: upstream gradient ∂L/∂A', shape (N, N)
    Returns:
        dA = ∂L/∂A, shape (N, N)
    Notebook: 10_gradients.
    """
    A_prime = as_matrix("A'", A_prime)
    dA_prime = as_matrix("dA'", dA_prime)
    require_equal(A_prime.shape, dA_prime.shape, "shape of dA' == shape of A'",
                  **{"A'": A_prime.shape, "dA'": dA_prime.shape})
    column_dots = (A_prime * dA_prime).sum(axis=0, keepdims=True)  # (1, N): aᵀ g for every column
    return A_prime * (dA_prime - column_dots)  # (N, N) ∘ ((N, N) - (1, N)) -> (N, N)


def scores_backward(Q, K, dA):
    """Backward through A = Kᵀ Q: from dA = ∂L/∂A to (dQ, dK).

        dQ = K dA     (d_k, N) (N, N) -> (d_k, N)
        dK = Q dAᵀ    (d_k, N) (N, N)ᵀ -> (d_k, N)

    (A[j, i] = k^jᵀ q^i, so q^i collects Σ_j dA[j, i] k^j and k^j collects Σ_i dA[j, i] q^i.)

    Inputs:
        Q: queries, shape (d_k, N);  K: keys, shape (d_k, N)
        dA: ∂L/∂A, shape (N, N): rows for keys, columns for queries, like A
    Returns:
        (dQ, dK), each of shape (d_k, N)
    Notebook: 10_gradients.
    """
    Q = as_matrix("Q", Q)
    K = as_matrix("K", K)
    dA = as_matrix("dA", dA)
    require_equal(K.shape[0], Q.shape[0], "rows of K == rows of Q (d_k)", K=K.shape, Q=Q.shape)
    require_equal(dA.shape, (K.shape[1], Q.shape[1]), "shape of dA == (columns of K, columns of Q) (N, N)",
                  dA=dA.shape, K=K.shape, Q=Q.shape)
    dQ = K @ dA  # (d_k, N) (N, N) -> (d_k, N)
    dK = Q @ dA.T  # (d_k, N) (N, N)ᵀ -> (d_k, N)
    return dQ, dK


def self_attention_backward(I, Wq, Wk, Wv, dO):
    """The gradients of L = Σ dO ∘ O for the whole layer O = V softmax_columns(Kᵀ Q).

    Forward again (Q, K, V, A, A'), then backward one product at a time:

        dV = dO A'ᵀ,  dA' = Vᵀ dO,  dA = softmax_columns_backward(A', dA'),
        (dQ, dK) = scores_backward(Q, K, dA),
        dW^q = dQ Iᵀ,  dW^k = dK Iᵀ,  dW^v = dV Iᵀ,  dI = W^qᵀ dQ + W^kᵀ dK + W^vᵀ dV

    I reaches O along three paths (through Q, K and V), so dI has three terms.

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: shape (d_k, d_in);  Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
        dO: upstream gradient ∂L/∂O, shape (d_v, N)
    Returns:
        (dWq, dWk, dWv, dI) with shapes (d_k, d_in), (d_k, d_in), (d_v, d_in), (d_in, N)
    Notebook: 10_gradients.
    """
    I, Wq, Wk, Wv, dO = _layer_arguments(I, Wq, Wk, Wv, dO)
    Q, K, V = projections(I, Wq, Wk, Wv)
    A_prime = softmax_columns(attention_scores(Q, K))
    dV = dO @ A_prime.T  # (d_v, N) (N, N)ᵀ -> (d_v, N)
    dA_prime = V.T @ dO  # (d_v, N)ᵀ (d_v, N) -> (N, N)
    dA = softmax_columns_backward(A_prime, dA_prime)
    dQ, dK = scores_backward(Q, K, dA)
    dWq, dWk, dWv = dQ @ I.T, dK @ I.T, dV @ I.T  # (d, N) (d_in, N)ᵀ -> (d, d_in)
    dI = Wq.T @ dQ + Wk.T @ dK + Wv.T @ dV  # (d, d_in)ᵀ (d, N) -> (d_in, N), three paths
    return dWq, dWk, dWv, dI


def numerical_gradient(I, Wq, Wk, Wv, dO):
    """∂L/∂W^q by central differences, one entry at a time, for L = Σ dO ∘ self_attention(I, W^q, W^k, W^v).

        numeric[r, c] = (L(W^q + h E_rc) - L(W^q - h E_rc)) / 2h,   h = 1e-5

    E_rc is 1 at (r, c) and 0 elsewhere. The error of a central difference
    falls like h² while rounding error grows like ε·|L|/h (ε ≈ 1e-16): a
    step near 1e-5 balances the two (relative error about 1e-10).
    W^q itself is never changed: each nudge is made on a copy.

    Inputs:
        I: shape (d_in, N);  Wq, Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
        dO: upstream gradient, shape (d_v, N)
    Returns:
        (numeric ∂L/∂W^q of shape (d_k, d_in), the step h used, a float)
    Notebook: 10_gradients.
    """
    return finite_difference_gradient(I, Wq, Wk, Wv, dO, STEP)


def relative_error(x, y):
    """max|x - y| / max(max|x| + max|y|, 1e-300): how far apart two arrays are, scale-free.

    About 1e-16 means equal to rounding; a gradient check expects < 1e-7.
    Returns a Python float. Notebook: 10_gradients (a helper, not graded).
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"relative_error needs two arrays of the same shape, got {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    scale = max(float(np.abs(x).max() + np.abs(y).max()), 1e-300)
    return float(np.abs(x - y).max() / scale)


def attention_loss(I, Wq, Wk, Wv, dO):
    """L = Σ dO ∘ O with O = self_attention(I, W^q, W^k, W^v): the check loss, a Python float.

    Its gradient with respect to O is dO. Notebook: 10_gradients.
    """
    I, Wq, Wk, Wv, dO = _layer_arguments(I, Wq, Wk, Wv, dO)
    return float((dO * self_attention(I, Wq, Wk, Wv)).sum())


def finite_difference_gradient(I, Wq, Wk, Wv, dO, step, central=True):
    """∂L/∂W^q by finite differences with any step h, to see how h matters; returns (numeric, h).

        central:  (L(W^q + h E_rc) - L(W^q - h E_rc)) / 2h    error ~ h², rounding ~ ε|L|/h
        forward:  (L(W^q + h E_rc) - L(W^q)) / h              error ~ h (one-sided)

    Inputs: as numerical_gradient, plus step h > 0 and central (bool).
    Notebook: 10_gradients (a helper, not graded).
    """
    if not step > 0:
        raise ValueError(f"the step h must be a positive number, got {step!r}")
    I, Wq, Wk, Wv, dO = _layer_arguments(I, Wq, Wk, Wv, dO)
    loss = lambda W: attention_loss(I, W, Wk, Wv, dO)  # noqa: E731
    base = None if central else loss(Wq)
    numeric = np.empty_like(Wq)
    nudged = Wq.copy()  # the caller's W^q stays as it was
    for index in np.ndindex(*Wq.shape):
        nudged[index] = Wq[index] + step
        plus = loss(nudged)
        if central:
            nudged[index] = Wq[index] - step
            numeric[index] = (plus - loss(nudged)) / (2 * step)
        else:
            numeric[index] = (plus - base) / step
        nudged[index] = Wq[index]
    return numeric, step


def _layer_arguments(I, Wq, Wk, Wv, dO):
    """The layer's arguments as float64 matrices and dO checked against (d_v, N), or ValueError."""
    I = as_matrix("I", I)
    Wq, Wk, Wv = as_matrix("W^q", Wq), as_matrix("W^k", Wk), as_matrix("W^v", Wv)
    dO = as_matrix("dO", dO)
    projections(I, Wq, Wk, Wv)  # the shape checks of I and the weights, with their messages
    require_equal(dO.shape, (Wv.shape[0], I.shape[1]), "shape of dO == shape of O (d_v, N)",
                  dO=dO.shape, **{"W^v": Wv.shape, "I": I.shape})
    return I, Wq, Wk, Wv, dO
