# Ben puts positions in rows, as PyTorch code does: he stacks the inputs as rows,
# and his projections return one row per position. His loop is right.
# %% stack_inputs
def stack_inputs(vectors):
    return np.array(vectors, dtype=float)

# %% queries_one_by_one
def queries_one_by_one(I, Wq):
    Q = np.zeros((Wq.shape[0], I.shape[1]))
    for i in range(I.shape[1]):
        Q[:, i] = Wq @ I[:, i]
    return Q

# %% projections
def projections(I, Wq, Wk, Wv):
    X = I.T
    return X @ Wq.T, X @ Wk.T, X @ Wv.T
