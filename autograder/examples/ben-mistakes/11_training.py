# Ben's loss is right, but his step ADDS the gradient (gradient ascent: the loss grows),
# and he reads the marker's COLUMN of A' (one query's weights) instead of its row.
# %% mse_loss
def mse_loss(O, T):
    diff = O - T
    return np.mean(diff ** 2), 2 * diff / diff.size

# %% gradient_descent_step
def self_attention_backward(I, Wq, Wk, Wv, dO):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A = K.T @ Q
    E = np.exp(A - A.max(axis=0, keepdims=True))
    A_prime = E / E.sum(axis=0, keepdims=True)
    dV = dO @ A_prime.T
    dA_prime = V.T @ dO
    dA = A_prime * (dA_prime - np.sum(A_prime * dA_prime, axis=0, keepdims=True))
    dQ, dK = K @ dA, Q @ dA.T
    return dQ @ I.T, dK @ I.T, dV @ I.T, Wq.T @ dQ + Wk.T @ dK + Wv.T @ dV


def gradient_descent_step(I, T, Wq, Wk, Wv, learning_rate):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A = K.T @ Q
    E = np.exp(A - A.max(axis=0, keepdims=True))
    O = V @ (E / E.sum(axis=0, keepdims=True))
    loss, dO = mse_loss(O, T)
    dWq, dWk, dWv, dI = self_attention_backward(I, Wq, Wk, Wv, dO)
    return Wq + learning_rate * dWq, Wk + learning_rate * dWk, Wv + learning_rate * dWv, loss

# %% weight_on_marker
def weight_on_marker(A_prime, marker):
    return A_prime[:, marker]
