# Ben gets one output right, then writes all the outputs in the row convention he
# knows from PyTorch: A' Vᵀ instead of V A'.
# %% weighted_sum_loop
def weighted_sum_loop(V, weights):
    b = np.zeros(V.shape[0])
    for j in range(len(weights)):
        b = b + weights[j] * V[:, j]
    return b

# %% output_one_query
def output_one_query(V, weights):
    return V @ weights

# %% weighted_sum
def weighted_sum(V, A_prime):
    return A_prime @ V.T
