# Cy's softmax backward and scores backward are right. His whole backward pass has a
# typo (dA_prim for dA_prime) and raises NameError; his numerical gradient multiplies
# I @ Wq the wrong way round and raises a shape error.
# %% softmax_columns_backward
def softmax_columns_backward(A_prime, dA_prime):
    column_dots = (A_prime * dA_prime).sum(axis=0)
    return A_prime * dA_prime - A_prime * column_dots

# %% scores_backward
def scores_backward(Q, K, dA):
    dQ = K @ dA
    dK = Q @ dA.T
    return dQ, dK

# %% self_attention_backward
def self_attention_backward(I, Wq, Wk, Wv, dO):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A = K.T @ Q
    A_prime = np.exp(A - A.max(axis=0)) / np.exp(A - A.max(axis=0)).sum(axis=0)
    dV = dO @ A_prime.T
    dA_prime = V.T @ dO
    dA = softmax_columns_backward(A_prime, dA_prim)
    dQ, dK = scores_backward(Q, K, dA)
    return dQ @ I.T, dK @ I.T, dV @ I.T, Wq.T @ dQ + Wk.T @ dK + Wv.T @ dV

# %% numerical_gradient
def numerical_gradient(I, Wq, Wk, Wv, dO):
    h = 1e-5

    def loss(W):
        Q, K, V = I @ W, I @ Wk, I @ Wv
        A = K.T @ Q
        E = np.exp(A - A.max(axis=0))
        return np.sum(dO * (V @ (E / E.sum(axis=0))))

    numeric = np.zeros_like(Wq)
    for index in np.ndindex(Wq.shape):
        plus, minus = Wq.copy(), Wq.copy()
        plus[index] += h
        minus[index] -= h
        numeric[index] = (loss(plus) - loss(minus)) / (2 * h)
    return numeric, h
