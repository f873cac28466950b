# Cy's code raises: his loop takes the rows of I where the inputs are its columns,
# and his products have their operands the wrong way round (I @ W^q).
# %% stack_inputs
def stack_inputs(vectors):
    return np.column_stack(vectors).astype(float)

# %% queries_one_by_one
def queries_one_by_one(I, Wq):
    N = I.shape[1]
    return np.stack([Wq @ I[i] for i in range(N)], axis=1)

# %% projections
def projections(I, Wq, Wk, Wv):
    return I @ Wq, I @ Wk, I @ Wv
