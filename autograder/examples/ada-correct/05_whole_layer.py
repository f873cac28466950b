# Ada answers everything correctly, in her own words.
# %% self_attention
def self_attention(I, Wq, Wk, Wv):
    Q = np.dot(Wq, I)
    K = np.dot(Wk, I)
    V = np.dot(Wv, I)
    scores = np.dot(np.transpose(K), Q)
    top = np.max(scores, axis=0)
    e = np.exp(scores - top[np.newaxis, :])
    weights = e / np.sum(e, axis=0)[np.newaxis, :]
    return np.dot(V, weights)

# %% self_attention_loop
def self_attention_loop(I, Wq, Wk, Wv):
    d_in, N = I.shape
    outputs = []
    for i in range(N):
        q_i = np.dot(Wq, I[:, i])
        alpha = np.zeros(N)
        for j in range(N):
            alpha[j] = np.dot(q_i, np.dot(Wk, I[:, j]))
        alpha_prime = np.exp(alpha - np.max(alpha))
        alpha_prime = alpha_prime / np.sum(alpha_prime)
        b_i = np.zeros(Wv.shape[0])
        for j in range(N):
            b_i = b_i + alpha_prime[j] * np.dot(Wv, I[:, j])
        outputs.append(b_i)
    return np.column_stack(outputs)

# %% SelfAttention
class SelfAttention:
    """A self-attention layer: it stores W^q, W^k, W^v and maps I to O."""

    def __init__(self, Wq, Wk, Wv):
        """Keep the three learned matrices."""
        self.Wq = np.copy(Wq)
        self.Wk = np.copy(Wk)
        self.Wv = np.copy(Wv)

    def __call__(self, I):
        """O = V A' for inputs I of shape (d_in, N)."""
        A = (self.Wk @ I).T @ (self.Wq @ I)
        A_prime = np.exp(A - A.max(axis=0))
        A_prime /= A_prime.sum(axis=0)
        return (self.Wv @ I) @ A_prime

# %% parameter_count
def parameter_count(d_in, d_k, d_v, N):
    # Only W^q, W^k and W^v are learned; their sizes do not depend on N.
    return d_in * (d_k + d_k + d_v)
