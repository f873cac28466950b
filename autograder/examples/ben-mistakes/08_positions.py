# Ben puts the cosine in the even rows and the sine in the odd rows of the encoding
# (sin and cos swapped), and reorders with the inverse permutation, I[:, argsort(order)]
# (old position i lands at position order[i]). His attention_with_positions is written
# right, but it calls his encoding, so it inherits the swap.
# %% sinusoidal_encoding
def sinusoidal_encoding(d_model, N):
    rows = np.arange(d_model)[:, None]
    angles = np.arange(N)[None, :] / 10000 ** ((rows - rows % 2) / d_model)
    return np.where(rows % 2 == 0, np.cos(angles), np.sin(angles))

# %% permute_positions
def permute_positions(I, order):
    return I[:, np.argsort(order)]

# %% attention_with_positions
def attention_with_positions(I, Wq, Wk, Wv):
    X = I + sinusoidal_encoding(I.shape[0], I.shape[1])
    Q, K, V = Wq @ X, Wk @ X, Wv @ X
    A = K.T @ Q
    E = np.exp(A - A.max(axis=0, keepdims=True))
    return V @ (E / E.sum(axis=0, keepdims=True))
