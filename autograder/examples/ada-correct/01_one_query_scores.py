# Ada answers everything correctly, in her own words.
# %% inner_product
def inner_product(q, k):
    total = 0.0
    for q_m, k_m in zip(q, k):
        total += q_m * k_m
    return total

# %% query_and_key
def query_and_key(a, Wq, Wk):
    q = np.dot(Wq, a)
    k = np.dot(Wk, a)
    return q, k

# %% scores_one_by_one
def scores_one_by_one(q, keys):
    scores = np.zeros(len(keys))
    for j, k in enumerate(keys):
        scores[j] = inner_product(q, k)
    return scores

# %% one_query_scores
def one_query_scores(q, K):
    return np.transpose(K) @ q
