# Ada writes every step right: the softmax's Jacobian column by column (with an explicit
# loop), the two transposes of A = Kᵀ Q, the three paths into I, and a central difference
# with a step of 1e-6.
# %% softmax_columns_backward
def softmax_columns_backward(A_prime, dA_prime):
    N = A_prime.shape[1]
    dA = np.empty((A_prime.shape[0], N))
    for i in range(N):
        a = A_prime[:, i]
        jacobian = np.diag(a) - np.outer(a, a)
        dA[:, i] = jacobian @ dA_prime[:, i]
    return dA

# %% scores_backward
def scores_backward(Q, K, dA):
    dK = (dA @ Q.T).T
    dQ = K @ dA
    return dQ, dK

# %% self_attention_backward
def self_attention_backward(I, Wq, Wk, Wv, dO):
    Q = Wq @ I
    K = Wk @ I
    V = Wv @ I
    scores = K.T @ Q
    weights = np.exp(scores - scores.max(axis=0))
    weights /= weights.sum(axis=0)
    dV = dO @ weights.T
    dQ, dK = scores_backward(Q, K, softmax_columns_backward(weights, V.T @ dO))
    dI = Wq.T @ dQ + Wk.T @ dK + Wv.T @ dV
    return dQ @ I.T, dK @ I.T, dV @ I.T, dI

# %% numerical_gradient
def numerical_gradient(I, Wq, Wk, Wv, dO):
    h = 1e-6

    def L(W):
        Q, K, V = W @ I, Wk @ I, Wv @ I
        A = K.T @ Q
        P = np.exp(A - A.max(axis=0))
        P = P / P.sum(axis=0)
        return (dO * (V @ P)).sum()

    grad = np.zeros(Wq.shape)
    for r, c in np.ndindex(*Wq.shape):
        up, down = Wq.copy(), Wq.copy()
        up[r, c] += h
        down[r, c] -= h
        grad[r, c] = (L(up) - L(down)) / (2 * h)
    return grad, h
