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

# %% written written_score_symmetry
# They are not equal in general. With the weights written out, α_{1,2} = (W^q a^1)ᵀ (W^k a^2) =
# (a^1)ᵀ (W^q)ᵀ W^k a^2, and α_{2,1} = (a^2)ᵀ (W^q)ᵀ W^k a^1: the same matrix, but with the two inputs in
# swapped roles. They would only agree for every pair if (W^q)ᵀ W^k were symmetric, for example if W^q = W^k.
# In the example the two numbers come out different. That is useful: input 1 can pay a lot of attention
# to input 2 while input 2 ignores input 1. If every score equalled its mirror image, the layer could only
# express relations that go both ways, like "these two look alike".
