# Ben scales every head's scores by √(h d_k), the size of all heads together (d_model),
# instead of the head's own √d_k; he stacks the heads after swapping their axes, which
# interleaves their rows; he splits one tall W into heads the same interleaved way; and
# his parameter count forgets W^o. His layer, written in one go with numpy's batched
# products and a plain reshape, is right.
# %% head_outputs
def head_outputs(I, Wq, Wk, Wv):
    h, d_k = Wq.shape[0], Wq.shape[1]
    d_model = h * d_k
    heads = []
    for r in range(h):
        Q, K, V = Wq[r] @ I, Wk[r] @ I, Wv[r] @ I
        A = K.T @ Q / np.sqrt(d_model)
        E = np.exp(A - A.max(axis=0, keepdims=True))
        heads.append(V @ (E / E.sum(axis=0, keepdims=True)))
    return np.stack(heads)

# %% concat_heads
def concat_heads(heads):
    h, d_v, N = heads.shape
    return heads.transpose(1, 0, 2).reshape(h * d_v, N)

# %% multi_head_attention
def multi_head_attention(I, Wq, Wk, Wv, Wo):
    Q, K, V = Wq @ I, Wk @ I, Wv @ I                   # (h, d_k, N), (h, d_k, N), (h, d_v, N)
    A = K.transpose(0, 2, 1) @ Q / np.sqrt(Q.shape[1])  # (h, N, N)
    E = np.exp(A - A.max(axis=1, keepdims=True))
    heads = V @ (E / E.sum(axis=1, keepdims=True))      # (h, d_v, N)
    return Wo @ heads.reshape(-1, I.shape[1])

# %% split_heads
def split_heads(W, h):
    d_k = W.shape[0] // h
    return W.reshape(d_k, h, W.shape[1]).transpose(1, 0, 2)

# %% multi_head_parameter_count
def multi_head_parameter_count(d_in, d_k, d_v, h, d_out):
    return h * (2 * d_k + d_v) * d_in
