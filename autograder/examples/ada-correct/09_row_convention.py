# Ada gets everything right. She writes the row scores with einsum, normalises each row
# by hand, and builds PyTorch's layer with a reshape into (batch, heads, N, d_head).
# %% row_scores
def row_scores(Q_rows, K_rows):
    """S = Q_rows K_rowsᵀ / √d_k, shape (N, N): row i holds query i's scores."""
    scale = np.sqrt(K_rows.shape[1])
    return np.einsum("id,jd->ij", Q_rows, K_rows) / scale

# %% row_attention
def row_attention(X, Wq, Wk, Wv):
    """O_rows = softmax_rows(Q_rows K_rowsᵀ / √d_k) V_rows, shape (N, d_v): row i is the output at position i."""
    scores = row_scores(X @ Wq.T, X @ Wk.T)
    shifted = scores - scores.max(axis=-1)[:, None]
    weights = np.exp(shifted)
    weights /= weights.sum(axis=-1)[:, None]
    return weights @ (X @ Wv.T)

# %% torch_style_mha
def torch_style_mha(x, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, num_heads):
    """nn.MultiheadAttention(d_model, num_heads, batch_first=True)(x, x, x)'s output, shape (batch, N, d_model)."""
    batch, N, d_model = x.shape
    d_head = d_model // num_heads
    qkv = np.einsum("bnd,ed->bne", x, in_proj_weight) + in_proj_bias
    qkv = qkv.reshape(batch, N, 3, num_heads, d_head).transpose(2, 0, 3, 1, 4)  # (3, batch, h, N, d_head)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(d_head)
    scores -= scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    heads = np.einsum("bhij,bhjd->bhid", weights, v)
    joined = heads.transpose(0, 2, 1, 3).reshape(batch, N, d_model)
    return joined @ out_proj_weight.T + out_proj_bias
