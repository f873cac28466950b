# Cy's layer in matrix form and his count are right, but his loop takes a^i as a
# ROW of I (I[i]) and fails on a shape error, and his class has no __call__, so
# layer(I) raises TypeError.
# %% self_attention
def self_attention(I, Wq, Wk, Wv):
    Q = Wq @ I
    K = Wk @ I
    V = Wv @ I
    A = K.T @ Q
    A = A - A.max(axis=0)
    A_prime = np.exp(A) / np.exp(A).sum(axis=0)
    return V @ A_prime

# %% self_attention_loop
def self_attention_loop(I, Wq, Wk, Wv):
    N = I.shape[1]
    O = np.zeros((Wv.shape[0], N))
    for i in range(N):
        q = Wq @ I[i]
        scores = np.array([q @ (Wk @ I[j]) for j in range(N)])
        weights = np.exp(scores - scores.max())
        weights = weights / weights.sum()
        O[:, i] = sum(weights[j] * (Wv @ I[j]) for j in range(N))
    return O

# %% SelfAttention
class SelfAttention:
    """A self-attention layer: it stores W^q, W^k, W^v and maps I to O."""

    def __init__(self, Wq, Wk, Wv):
        """Keep the three learned matrices."""
        self.Wq = Wq
        self.Wk = Wk
        self.Wv = Wv

# %% parameter_count
def parameter_count(d_in, d_k, d_v, N):
    query_and_key = 2 * d_k * d_in
    value = d_v * d_in
    return query_and_key + value
