# Cy's heads and his stacking are right, but his layer multiplies by Wᵒ transposed
# (Wo.T @ ..., a shape error), and his count uses a name he never defined (dv), so it
# raises NameError. His split_heads divides with / and gives reshape a float size
# (TypeError).
# %% head_outputs
def head_outputs(I, Wq, Wk, Wv):
    outs = []
    for r in range(len(Wq)):
        Q = Wq[r] @ I
        K = Wk[r] @ I
        V = Wv[r] @ I
        A = K.T @ Q / np.sqrt(Q.shape[0])
        A = A - A.max(axis=0)
        A_prime = np.exp(A) / np.exp(A).sum(axis=0)
        outs.append(V @ A_prime)
    return np.array(outs)

# %% concat_heads
def concat_heads(heads):
    return np.vstack(heads)

# %% multi_head_attention
def multi_head_attention(I, Wq, Wk, Wv, Wo):
    return Wo.T @ concat_heads(head_outputs(I, Wq, Wk, Wv))

# %% split_heads
def split_heads(W, h):
    return W.reshape(h, W.shape[0] / h, W.shape[1])

# %% multi_head_parameter_count
def multi_head_parameter_count(d_in, d_k, d_v, h, d_out):
    return h * (2 * d_k + d_v) * d_in + d_out * h * dv
