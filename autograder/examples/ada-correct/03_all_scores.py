# Ada answers everything correctly, in her own words.
# %% attention_scores
def attention_scores(Q, K):
    # A[j, i] = k^j · q^i: rows are keys, columns are queries
    return np.einsum("dj,di->ji", K, Q)

# %% softmax_columns
def softmax_columns(A):
    column_max = np.max(A, axis=0)
    exps = np.exp(A - column_max[np.newaxis, :])
    totals = np.sum(exps, axis=0)
    return exps / totals[np.newaxis, :]

# %% relu_columns
def relu_columns(A):
    R = np.clip(A, 0.0, None)
    out = np.zeros_like(R)
    for i in range(R.shape[1]):
        total = R[:, i].sum()
        if total > 0:
            out[:, i] = R[:, i] / total
    return out
