# Ben makes two classic mistakes: he swaps the query and the key, and he
# applies softmax to the scores before the lecture does.
# %% inner_product
def inner_product(q, k):
    return float(q @ k)

# %% query_and_key
def query_and_key(a, Wq, Wk):
    return Wk @ a, Wq @ a

# %% scores_one_by_one
def scores_one_by_one(q, keys):
    return np.array([inner_product(q, k) for k in keys])

# %% one_query_scores
def one_query_scores(q, K):
    scores = K.T @ q
    weights = np.exp(scores - scores.max())
    return weights / weights.sum()
