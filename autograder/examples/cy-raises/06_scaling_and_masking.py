# Cy's scaled scores, padding mask and sliding window are right. His causal mask has a typo
# (np.one instead of np.ones: AttributeError). His masked softmax takes each column's
# largest allowed score with A.max(..., where=mask) but forgets initial=, so numpy
# raises ValueError (a maximum over possibly nothing has no starting value); his
# layer calls it and fails the same way.
# %% scaled_scores
def scaled_scores(Q, K):
    return (K.T @ Q) / np.sqrt(K.shape[0])

# %% causal_mask
def causal_mask(N):
    return np.triu(np.one((N, N), dtype=bool))

# %% padding_mask
def padding_mask(N, length):
    keys = np.arange(N)
    return np.tile(keys[:, None] < length, (1, N))

# %% sliding_window_mask
def sliding_window_mask(N, window):
    keys, queries = np.indices((N, N))
    return (keys <= queries) & (queries - keys < window)

# %% masked_softmax_columns
def masked_softmax_columns(A, mask):
    top = A.max(axis=0, where=mask, keepdims=True)  # largest allowed score of each column
    E = np.where(mask, np.exp(A - top), 0.0)
    sums = E.sum(axis=0, keepdims=True)
    return np.divide(E, sums, out=np.zeros_like(E), where=sums > 0)

# %% masked_attention
def masked_attention(I, Wq, Wk, Wv, mask):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I
    return V @ masked_softmax_columns(scaled_scores(Q, K), mask)
