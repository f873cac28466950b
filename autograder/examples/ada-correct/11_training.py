# Ada gets all three right: her step calls the given forward and backward passes,
# and she reads the marker's row of A'.
# %% mse_loss
def mse_loss(O, T):
    error = O - T
    n = error.size
    return float((error ** 2).sum() / n), 2 * error / n

# %% gradient_descent_step
def gradient_descent_step(I, T, Wq, Wk, Wv, learning_rate):
    loss, dO = mse_loss(forward(I, Wq, Wk, Wv)[4], T)
    dWq, dWk, dWv, _ = self_attention_backward(I, Wq, Wk, Wv, dO)
    return Wq - learning_rate * dWq, Wk - learning_rate * dWk, Wv - learning_rate * dWv, loss

# %% weight_on_marker
def weight_on_marker(A_prime, marker):
    return np.array(A_prime[marker], dtype=float)
