# Cy's flop count is right. In online_softmax_step he multiplies E @ V_block, the
# factors the wrong way round, and numpy stops on a shape error; in blockwise_attention
# he slices with `block`, a name that does not exist (the argument is block_size). His
# count of exponentials calls math.ceil without importing math: a NameError.
# %% attention_flops
def attention_flops(N, d_k, d_v):
    return 2 * N * N * (d_k + d_v)

# %% online_softmax_step
def online_softmax_step(m, s, acc, scores, V_block):
    m_new = np.maximum(m, scores.max(axis=0))
    c = np.exp(m - m_new)
    E = np.exp(scores - m_new)
    return m_new, c * s + E.sum(axis=0), c * acc + E @ V_block

# %% blockwise_attention
def blockwise_attention(Q, K, V, block_size):
    N = Q.shape[1]
    O = np.zeros((V.shape[0], N))
    for start in range(0, N, block_size):
        Qb = Q[:, start:start + block]
        m = np.full(Qb.shape[1], -np.inf)
        s = np.zeros(Qb.shape[1])
        acc = np.zeros((V.shape[0], Qb.shape[1]))
        for k in range(0, N, block_size):
            m, s, acc = online_softmax_step(m, s, acc, K[:, k:k + block_size].T @ Qb, V[:, k:k + block_size])
        O[:, start:start + block_size] = acc / s
    return O

# %% online_softmax_exp_count
def online_softmax_exp_count(N, block_size):
    return N * N + math.ceil(N / block_size) * N
