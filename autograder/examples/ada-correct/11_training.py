# Ada gets all three right: she pastes her backward pass of notebook 10 above
# gradient_descent_step (as the notebook suggests) and reads the marker's row of A'.
# %% mse_loss
def mse_loss(O, T):
    error = O - T
    n = error.size
    return float((error ** 2).sum() / n), 2 * error / n

# %% gradient_descent_step
def softmax_columns_backward(A_prime, dA_prime):
    return A_prime * (dA_prime - (A_prime * dA_prime).sum(axis=0, keepdims=True))


def scores_backward(Q, K, dA):
    return K @ dA, Q @ dA.T


def self_attention_backward(I, Wq, Wk, Wv, dO):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A = K.T @ Q
    weights = np.exp(A - A.max(axis=0))
    weights /= weights.sum(axis=0)
    dV = dO @ weights.T
    dQ, dK = scores_backward(Q, K, softmax_columns_backward(weights, V.T @ dO))
    return dQ @ I.T, dK @ I.T, dV @ I.T, Wq.T @ dQ + Wk.T @ dK + Wv.T @ dV


def gradient_descent_step(I, T, Wq, Wk, Wv, learning_rate):
    A = (Wk @ I).T @ (Wq @ I)
    weights = np.exp(A - A.max(axis=0))
    weights /= weights.sum(axis=0)
    O = (Wv @ I) @ weights
    loss, dO = mse_loss(O, T)
    dWq, dWk, dWv, _ = self_attention_backward(I, Wq, Wk, Wv, dO)
    return Wq - learning_rate * dWq, Wk - learning_rate * dWk, Wv - learning_rate * dWv, loss

# %% weight_on_marker
def weight_on_marker(A_prime, marker):
    return np.array(A_prime[marker], dtype=float)
