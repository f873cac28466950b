# Ben makes three classic mistakes: he divides the scores by d_k instead of √d_k,
# his causal mask keeps the wrong triangle (np.tril: in the course's columns that
# lets every query see the future), and his masked softmax takes the softmax of the
# whole column first and zeros the masked entries afterwards (the columns no longer
# sum to 1). His sliding window reaches both ways, |i - j| < window, so it sees the
# future too. His padding mask is right, and so is his layer, which he wrote in one
# piece from the Transformer paper's formula (-inf fill, √d_k) without reusing his
# other functions.
# %% scaled_scores
def scaled_scores(Q, K):
    return K.T @ Q / Q.shape[0]

# %% causal_mask
def causal_mask(N):
    return np.tril(np.ones((N, N), dtype=bool))

# %% padding_mask
def padding_mask(N, length):
    mask = np.zeros((N, N), dtype=bool)
    mask[:length, :] = True
    return mask

# %% sliding_window_mask
def sliding_window_mask(N, window):
    j, i = np.indices((N, N))
    return np.abs(i - j) < window

# %% masked_softmax_columns
def masked_softmax_columns(A, mask):
    E = np.exp(A - A.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True) * mask

# %% masked_attention
def masked_attention(I, Wq, Wk, Wv, mask):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    scores = np.where(mask, K.T @ Q / np.sqrt(Q.shape[0]), -np.inf)
    E = np.exp(scores - scores.max(axis=0))
    return V @ (E / E.sum(axis=0))
