# Ada answers everything correctly, in her own words.
# %% stack_inputs
def stack_inputs(vectors):
    I = np.empty((len(vectors[0]), len(vectors)))
    for i, a in enumerate(vectors):
        I[:, i] = a
    return I

# %% queries_one_by_one
def queries_one_by_one(I, Wq):
    columns = [np.dot(Wq, I[:, i]) for i in range(I.shape[1])]
    return np.column_stack(columns)

# %% projections
def projections(I, Wq, Wk, Wv):
    return tuple(np.matmul(W, I) for W in (Wq, Wk, Wv))
