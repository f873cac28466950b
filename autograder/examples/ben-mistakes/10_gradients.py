# Ben sums the softmax's Jacobian along the rows of A' (axis=1) instead of down each
# column, and writes dK = Q dA without the transpose in scores_backward. His whole
# backward pass calls his softmax_columns_backward, so it inherits the rows mistake
# (there he wrote dQ and dK inline, with the transpose). A gradient check would have
# caught both, but he picked a step of 1e-1, too large for the check to be trusted.
# %% softmax_columns_backward
def softmax_columns_backward(A_prime, dA_prime):
    s = np.sum(A_prime * dA_prime, axis=1, keepdims=True)
    return A_prime * (dA_prime - s)

# %% scores_backward
def scores_backward(Q, K, dA):
    return K @ dA, Q @ dA

# %% self_attention_backward
def self_attention_backward(I, Wq, Wk, Wv, dO):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A = K.T @ Q
    E = np.exp(A - A.max(axis=0, keepdims=True))
    A_prime = E / E.sum(axis=0, keepdims=True)
    dV = dO @ A_prime.T
    dA = softmax_columns_backward(A_prime, V.T @ dO)
    dQ, dK = K @ dA, Q @ dA.T
    return dQ @ I.T, dK @ I.T, dV @ I.T, Wq.T @ dQ + Wk.T @ dK + Wv.T @ dV

# %% numerical_gradient
def numerical_gradient(I, Wq, Wk, Wv, dO):
    step = 1e-1

    def loss(W):
        Q, K, V = W @ I, Wk @ I, Wv @ I
        A = K.T @ Q
        E = np.exp(A - A.max(axis=0, keepdims=True))
        return np.sum(dO * (V @ (E / E.sum(axis=0, keepdims=True))))

    numeric = np.zeros_like(Wq)
    for r in range(Wq.shape[0]):
        for c in range(Wq.shape[1]):
            plus, minus = Wq.copy(), Wq.copy()
            plus[r, c] += step
            minus[r, c] -= step
            numeric[r, c] = (loss(plus) - loss(minus)) / (2 * step)
    return numeric, step
