# Cy's code raises: two matrix products have their operands the wrong way round.
# %% inner_product
def inner_product(q, k):
    return float(np.dot(q, k))

# %% query_and_key
def query_and_key(a, Wq, Wk):
    return a @ Wq, a @ Wk

# %% scores_one_by_one
def scores_one_by_one(q, keys):
    return np.array([q @ k for k in keys])

# %% one_query_scores
def one_query_scores(q, K):
    return K @ q
