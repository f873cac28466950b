# Cy's code raises: he puts the weights on the left of V, so the inner sizes do not fit.
# %% weighted_sum_loop
def weighted_sum_loop(V, weights):
    return sum(weights[j] * V[:, j] for j in range(V.shape[1]))

# %% output_one_query
def output_one_query(V, weights):
    return weights @ V

# %% weighted_sum
def weighted_sum(V, A_prime):
    return A_prime @ V
