# Ben's row scores are right, but he keeps the column layout's habit in his row layer
# (softmax over axis 0, i.e. over the queries: the conventions mixed up), and in his
# PyTorch-style layer he divides every head's scores by √d_model instead of √d_head.
# %% row_scores
def row_scores(Q_rows, K_rows):
    """S = Q_rows K_rowsᵀ / √d_k, shape (N, N): row i holds query i's scores."""
    d_k = Q_rows.shape[1]
    return (Q_rows @ K_rows.T) / d_k ** 0.5

# %% row_attention
def row_attention(X, Wq, Wk, Wv):
    """O_rows = softmax_rows(Q_rows K_rowsᵀ / √d_k) V_rows, shape (N, d_v): row i is the output at position i."""
    S = row_scores(X @ Wq.T, X @ Wk.T)
    E = np.exp(S - S.max(axis=0, keepdims=True))
    weights = E / E.sum(axis=0, keepdims=True)
    return weights @ (X @ Wv.T)

# %% torch_style_mha
def torch_style_mha(x, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, num_heads):
    """nn.MultiheadAttention(d_model, num_heads, batch_first=True)(x, x, x)'s output, shape (batch, N, d_model)."""
    batch, N, d_model = x.shape
    d_head = d_model // num_heads
    q, k, v = np.split(x @ in_proj_weight.T + in_proj_bias, 3, axis=-1)
    outputs = []
    for r in range(num_heads):
        cols = slice(r * d_head, (r + 1) * d_head)
        S = q[:, :, cols] @ k[:, :, cols].transpose(0, 2, 1) / np.sqrt(d_model)
        E = np.exp(S - S.max(axis=-1, keepdims=True))
        outputs.append(E / E.sum(axis=-1, keepdims=True) @ v[:, :, cols])
    return np.concatenate(outputs, axis=-1) @ out_proj_weight.T + out_proj_bias
