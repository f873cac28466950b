"""The row convention of most code (PyTorch, JAX, the Transformer paper): positions in ROWS.

X = Iᵀ has shape (N, d_in), one position per row. The weights keep the
course's (and torch.nn.Linear's) layout, W^q of shape (d_k, d_in), so the
projections are X W^qᵀ. Every matrix of the layer comes out transposed:

    Q_rows = X W^qᵀ = Qᵀ,  scores = Q_rows K_rowsᵀ / √d_k = (A / √d_k)ᵀ,
    softmax over each ROW,  O_rows = weights V_rows = Oᵀ

The functions below are written in rows from scratch (not by transposing the
column answers), so that comparing the two conventions tests something.
Taught in notebook 09_row_convention (beyond the lecture).
"""

import numpy as np

from ._shapes import as_matrix, as_vector, require_equal, size_argument


def _softmax_last_axis(S):
    """Softmax over the last axis (each row of a matrix), with the row maximum subtracted."""
    weights = np.exp(S - S.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)


def row_scores(Q_rows, K_rows):
    """Scaled scores in rows: row i holds query i's scores on every key.

        scores = Q_rows K_rowsᵀ / √d_k = (A / √d_k)ᵀ,   scores[i, j] = (q^i)ᵀ k^j / √d_k

    Inputs:
        Q_rows: queries as rows, Q_rows = Qᵀ, shape (N, d_k)
        K_rows: keys as rows, K_rows = Kᵀ, shape (N, d_k)
    Returns:
        scores, shape (N, N)
    Notebook: 09_row_convention (beyond the lecture).
    """
    Q_rows = as_matrix("Q_rows", Q_rows)
    K_rows = as_matrix("K_rows", K_rows)
    require_equal(K_rows.shape[1], Q_rows.shape[1], "columns of K_rows == columns of Q_rows (d_k)",
                  K_rows=K_rows.shape, Q_rows=Q_rows.shape)
    d_k = Q_rows.shape[1]
    if d_k == 0:
        raise ValueError(f"Q_rows and K_rows need at least one column (d_k >= 1), got Q_rows {Q_rows.shape}")
    return Q_rows @ K_rows.T / np.sqrt(d_k)  # (N, d_k) (N, d_k)ᵀ -> (N, N)


def row_attention(X, Wq, Wk, Wv):
    """The scaled layer in rows, as PyTorch writes it.

        Q_rows = X W^qᵀ,  K_rows = X W^kᵀ,  V_rows = X W^vᵀ,
        O_rows = softmax_rows(Q_rows K_rowsᵀ / √d_k) V_rows   (= (V softmax_columns(Kᵀ Q / √d_k))ᵀ)

    Inputs:
        X: inputs as rows, X = Iᵀ, shape (N, d_in)
        Wq: shape (d_k, d_in);  Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in)
    Returns:
        O_rows = Oᵀ, shape (N, d_v): row i is the output at position i
    Notebook: 09_row_convention (beyond the lecture).
    """
    X = as_matrix("X", X)
    weights = {"W^q": as_matrix("W^q", Wq), "W^k": as_matrix("W^k", Wk), "W^v": as_matrix("W^v", Wv)}
    for name, W in weights.items():
        require_equal(W.shape[1], X.shape[1], f"columns of {name} == columns of X (d_in)", **{name: W.shape, "X": X.shape})
    Wq, Wk, Wv = weights.values()
    require_equal(Wq.shape[0], Wk.shape[0], "rows of W^q == rows of W^k (d_k)", **{"W^q": Wq.shape, "W^k": Wk.shape})
    Q_rows, K_rows, V_rows = X @ Wq.T, X @ Wk.T, X @ Wv.T  # (N, d_in) (d_in, d) -> (N, d)
    return _softmax_last_axis(row_scores(Q_rows, K_rows)) @ V_rows  # (N, N) (N, d_v) -> (N, d_v)


def torch_style_mha(x, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, num_heads):
    """What torch.nn.MultiheadAttention(d_model, num_heads, batch_first=True) computes
    for self-attention (query = key = value = x, no mask, no dropout), from its weights.

        [Q_rows | K_rows | V_rows] = x W_inᵀ + b_in           W_in = [W_q; W_k; W_v], (3·d_model, d_model)
        head r uses features r·d_head … (r+1)·d_head - 1,    d_head = d_model / num_heads
        O^r_rows = softmax_rows(Q^r_rows (K^r_rows)ᵀ / √d_head) V^r_rows
        output = [O^1_rows | … | O^h_rows] W_outᵀ + b_out

    Inputs:
        x: shape (batch, N, d_model), positions in rows
        in_proj_weight: shape (3·d_model, d_model);  in_proj_bias: shape (3·d_model,)
        out_proj_weight: shape (d_model, d_model);   out_proj_bias: shape (d_model,)
        num_heads: an int >= 1 that divides d_model
    Returns:
        output, shape (batch, N, d_model)
    Notebook: 09_row_convention (beyond the lecture).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3:
        raise ValueError(f"x must have shape (batch, N, d_model), got shape {x.shape}")
    batch, N, d_model = x.shape
    if 0 in x.shape:
        raise ValueError(f"x needs batch, N and d_model of at least 1, got shape {x.shape}")
    h = size_argument("num_heads", num_heads)
    if d_model % h:
        raise ValueError(f"num_heads ({h}) must divide d_model ({d_model}, the last axis of x {x.shape})")
    d_head = d_model // h
    W_in, W_out = as_matrix("in_proj_weight", in_proj_weight), as_matrix("out_proj_weight", out_proj_weight)
    b_in, b_out = as_vector("in_proj_bias", in_proj_bias), as_vector("out_proj_bias", out_proj_bias)
    for name, shape, wanted in (("in_proj_weight", W_in.shape, (3 * d_model, d_model)),
                                ("in_proj_bias", b_in.shape, (3 * d_model,)),
                                ("out_proj_weight", W_out.shape, (d_model, d_model)),
                                ("out_proj_bias", b_out.shape, (d_model,))):
        require_equal(shape, wanted, f"shape of {name} == {wanted} for d_model = {d_model}", **{name: shape, "x": x.shape})

    projected = x @ W_in.T + b_in  # (batch, N, d_model) (d_model, 3·d_model) -> (batch, N, 3·d_model)
    q, k, v = (projected[..., part * d_model:(part + 1) * d_model]  # each (batch, N, d_model)
               .reshape(batch, N, h, d_head).transpose(0, 2, 1, 3)  # -> (batch, h, N, d_head)
               for part in range(3))
    scores = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(d_head)  # (b, h, N, d_head) x (b, h, N, d_head) -> (b, h, N, N)
    weights = _softmax_last_axis(scores)  # each row i: query i's weights over the keys j
    heads = weights @ v  # (b, h, N, N) (b, h, N, d_head) -> (b, h, N, d_head)
    merged = heads.transpose(0, 2, 1, 3).reshape(batch, N, d_model)  # head r -> features r·d_head …
    return merged @ W_out.T + b_out  # (b, N, d_model) (d_model, d_model) -> (b, N, d_model)
