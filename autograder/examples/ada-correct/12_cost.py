# Ada answers everything correctly, in her own words.
# %% attention_flops
def attention_flops(N, d_k, d_v):
    # each entry of a product is a dot product: one multiply and one add per term
    flops_for_scores = N * N * d_k * 2
    flops_for_outputs = d_v * N * N * 2
    return flops_for_scores + flops_for_outputs

# %% online_softmax_step
def online_softmax_step(m, s, acc, scores, V_block):
    block_max = np.max(scores, axis=0)
    new_max = np.where(block_max > m, block_max, m)
    shrink = np.exp(m - new_max)
    weights = np.exp(scores - new_max[np.newaxis, :])
    new_sum = s * shrink + np.sum(weights, axis=0)
    new_acc = acc * shrink[np.newaxis, :] + np.dot(V_block, weights)
    return new_max, new_sum, new_acc

# %% blockwise_attention
def blockwise_attention(Q, K, V, block_size):
    N = Q.shape[1]
    columns = []
    for first_query in range(0, N, block_size):
        last_query = min(first_query + block_size, N)
        q = Q[:, first_query:last_query]
        n = last_query - first_query
        running_max = -np.inf * np.ones(n)
        running_sum = np.zeros(n)
        running_acc = np.zeros((V.shape[0], n))
        for first_key in range(0, N, block_size):
            last_key = min(first_key + block_size, N)
            tile = np.dot(K[:, first_key:last_key].T, q)
            running_max, running_sum, running_acc = online_softmax_step(
                running_max, running_sum, running_acc, tile, V[:, first_key:last_key])
        columns.append(running_acc / running_sum[np.newaxis, :])
    return np.concatenate(columns, axis=1)

# %% online_softmax_exp_count
def online_softmax_exp_count(N, block_size):
    # count what my blockwise_attention does, block by block
    count = 0
    for q_start in range(0, N, block_size):
        n_q = min(block_size, N - q_start)
        for k_start in range(0, N, block_size):
            n_k = min(block_size, N - k_start)
            count += n_k * n_q + n_q   # E for the tile, c for the queries
    return count
