# Ada answers everything correctly, in her own words.
# %% weighted_sum_loop
def weighted_sum_loop(V, weights):
    b = np.zeros(V.shape[0])
    for w_j, v_j in zip(weights, V.T):  # the rows of V.T are the columns v^j
        b += w_j * v_j
    return b

# %% output_one_query
def output_one_query(V, weights):
    return np.dot(V, weights)

# %% weighted_sum
def weighted_sum(V, A_prime):
    columns = [output_one_query(V, A_prime[:, i]) for i in range(A_prime.shape[1])]
    return np.stack(columns, axis=1)
