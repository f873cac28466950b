# Ada answers everything correctly, in her own words.
# %% head_outputs
def head_outputs(I, Wq, Wk, Wv):
    h, d_k = Wq.shape[0], Wq.shape[1]
    result = []
    for head in range(h):
        queries = np.dot(Wq[head], I)
        keys = np.dot(Wk[head], I)
        values = np.dot(Wv[head], I)
        scores = np.dot(keys.T, queries) / d_k ** 0.5
        result.append(np.dot(values, softmax_columns(scores)))
    return np.array(result)

# %% concat_heads
def concat_heads(heads):
    h, d_v, N = heads.shape
    return heads.reshape(h * d_v, N)  # C order: all rows of head 1 first, then head 2, ...

# %% multi_head_attention
def multi_head_attention(I, Wq, Wk, Wv, Wo):
    return np.dot(Wo, concat_heads(head_outputs(I, Wq, Wk, Wv)))

# %% split_heads
def split_heads(W, h):
    return np.stack(np.split(W, h, axis=0))  # h blocks of consecutive rows, head 1 on top

# %% multi_head_parameter_count
def multi_head_parameter_count(d_in, d_k, d_v, h, d_out):
    # each head: W^q and W^k (d_k x d_in), W^v (d_v x d_in); then W^o (d_out x h d_v)
    one_head = 2 * d_k * d_in + d_v * d_in
    return h * one_head + d_out * (h * d_v)
