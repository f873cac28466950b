# Ben's loss is right. His forward pass leaves out the causal mask (every position sees the
# characters after it), and his training step uses the same characters as inputs and targets
# (no shift by one), so the model would only learn to copy.
# %% cross_entropy_columns
def cross_entropy_columns(logits, targets):
    shifted = logits - logits.max(axis=0, keepdims=True)
    log_P = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    N = logits.shape[1]
    dlogits = np.exp(log_P)
    dlogits[targets, range(N)] -= 1
    return -np.mean(log_P[targets, range(N)]), dlogits / N

# %% capstone_forward
def capstone_forward(X, E, Wq, Wk, Wv, Wout):
    N = X.shape[1]
    I = E @ X + positional_encoding(E.shape[0], N)
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A_prime = masked_softmax_columns(K.T @ Q / np.sqrt(Wq.shape[0]), np.ones((N, N), dtype=bool))
    return Wout @ (I + V @ A_prime), A_prime

# %% capstone_training_step
def capstone_training_step(ids, E, Wq, Wk, Wv, Wout, learning_rate):
    X = one_hot(ids[:-1], E.shape[1])
    N = X.shape[1]
    I = E @ X + positional_encoding(E.shape[0], N)
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    A_prime = masked_softmax_columns(K.T @ Q / np.sqrt(Wq.shape[0]), causal_mask(N))
    H = I + V @ A_prime
    loss, dlogits = cross_entropy_columns(Wout @ H, ids[:-1])
    dH = Wout.T @ dlogits
    dWq, dWk, dWv, dI = masked_attention_backward(I, Wq, Wk, Wv, A_prime, dH)
    dE = (dH + dI) @ X.T
    return (E - learning_rate * dE, Wq - learning_rate * dWq, Wk - learning_rate * dWk,
            Wv - learning_rate * dWv, Wout - learning_rate * dlogits @ H.T, loss)
