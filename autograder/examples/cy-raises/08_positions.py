# Cy's encoding is right, but his permute_positions has a typo'd name (orders) and raises
# NameError, and his attention_with_positions asks for the encoding as
# sinusoidal_encoding(N, d_in), shape (N, d_in), so I + P fails on a shape error.
# %% sinusoidal_encoding
def sinusoidal_encoding(d_model, N):
    P = np.empty((d_model, N))
    for i in range(N):
        for row in range(d_model):
            angle = i / 10000 ** ((row - row % 2) / d_model)
            P[row, i] = np.sin(angle) if row % 2 == 0 else np.cos(angle)
    return P

# %% permute_positions
def permute_positions(I, order):
    return I[:, orders]

# %% attention_with_positions
def attention_with_positions(I, Wq, Wk, Wv):
    d_in, N = I.shape
    X = I + sinusoidal_encoding(N, d_in)
    Q, K, V = Wq @ X, Wk @ X, Wv @ X
    A = K.T @ Q
    A_prime = np.exp(A - A.max(axis=0)) / np.exp(A - A.max(axis=0)).sum(axis=0)
    return V @ A_prime
