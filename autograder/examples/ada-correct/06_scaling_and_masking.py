# Ada answers everything right, in her own way: she compares index grids for the
# causal mask, broadcasts a column for the padding mask, cuts the causal triangle to a
# band for the sliding window, and writes the masked
# softmax as a loop over the queries.
# %% scaled_scores
def scaled_scores(Q, K):
    d_k = len(Q)
    scores = K.T @ Q
    return scores / d_k ** 0.5

# %% causal_mask
def causal_mask(N):
    rows, cols = np.indices((N, N))  # rows: key j, cols: query i
    return rows <= cols

# %% padding_mask
def padding_mask(N, length):
    is_real = (np.arange(N) < length).reshape(N, 1)
    return is_real & np.ones((1, N), dtype=bool)

# %% sliding_window_mask
def sliding_window_mask(N, window):
    ones = np.ones((N, N), dtype=bool)
    return np.triu(ones) & np.tril(ones, k=window - 1)  # on and above the diagonal, at most window - 1 above

# %% masked_softmax_columns
def masked_softmax_columns(A, mask):
    result = np.zeros(A.shape)
    for i in range(A.shape[1]):
        keep = mask[:, i]
        if not keep.any():
            continue  # nothing to attend to: the column stays 0
        allowed = A[keep, i]
        e = np.exp(allowed - allowed.max())
        result[keep, i] = e / e.sum()
    return result

# %% masked_attention
def masked_attention(I, Wq, Wk, Wv, mask):
    Q = Wq @ I
    K = Wk @ I
    V = Wv @ I
    weights = masked_softmax_columns(scaled_scores(Q, K), mask)
    return V @ weights
