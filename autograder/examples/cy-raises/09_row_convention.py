# Cy's row scores are right. In his row layer he forgets to transpose the weights
# (X @ Wq with Wq of shape (d_k, d_in)), a shape error; in his PyTorch-style layer he
# uses .T on the batched keys, which reverses all three axes and makes the product fail.
# %% row_scores
def row_scores(Q_rows, K_rows):
    """S = Q_rows K_rowsᵀ / √d_k, shape (N, N): row i holds query i's scores."""
    N, d_k = Q_rows.shape
    return Q_rows @ K_rows.T / np.sqrt(d_k)

# %% row_attention
def row_attention(X, Wq, Wk, Wv):
    """O_rows = softmax_rows(Q_rows K_rowsᵀ / √d_k) V_rows, shape (N, d_v): row i is the output at position i."""
    Q_rows, K_rows, V_rows = X @ Wq, X @ Wk, X @ Wv
    S = row_scores(Q_rows, K_rows)
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True) @ V_rows

# %% torch_style_mha
def torch_style_mha(x, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, num_heads):
    """nn.MultiheadAttention(d_model, num_heads, batch_first=True)(x, x, x)'s output, shape (batch, N, d_model)."""
    d_model = x.shape[2]
    d_head = d_model // num_heads
    q, k, v = np.split(x @ in_proj_weight.T + in_proj_bias, 3, axis=2)
    heads = []
    for r in range(num_heads):
        part = slice(r * d_head, (r + 1) * d_head)
        S = q[..., part] @ k[..., part].T / np.sqrt(d_head)
        E = np.exp(S - S.max(axis=-1, keepdims=True))
        heads.append(E / E.sum(axis=-1, keepdims=True) @ v[..., part])
    return np.concatenate(heads, axis=2) @ out_proj_weight.T + out_proj_bias
