"""Inputs for each exercise, built from a random generator and a set of sizes.

Shared by the instant checks (fixed seeds, stored with their answers in
``check_data/``) and by the hidden tests (fresh seeds per student). Each
builder returns the exercise's arguments, in order, as a dict.
"""

import numpy as np


def _normal(rng, *shape, scale=1.0):
    return scale * rng.standard_normal(shape)


def inner_product_args(rng, sizes, scale=1.0):
    """q and k of length d_k."""
    return {"q": _normal(rng, sizes["d_k"], scale=scale), "k": _normal(rng, sizes["d_k"], scale=scale)}


def query_and_key_args(rng, sizes, scale=1.0):
    """a of length d_in; W^q and W^k of shape (d_k, d_in)."""
    d_in, d_k = sizes["d_in"], sizes["d_k"]
    return {"a": _normal(rng, d_in, scale=scale), "Wq": _normal(rng, d_k, d_in), "Wk": _normal(rng, d_k, d_in)}


def scores_one_by_one_args(rng, sizes, scale=1.0):
    """q of length d_k and a list of N keys, each of length d_k."""
    d_k = sizes["d_k"]
    return {"q": _normal(rng, d_k, scale=scale), "keys": [_normal(rng, d_k, scale=scale) for _ in range(sizes["N"])]}


def one_query_scores_args(rng, sizes, scale=1.0):
    """q of length d_k and K of shape (d_k, N)."""
    d_k = sizes["d_k"]
    return {"q": _normal(rng, d_k, scale=scale), "K": _normal(rng, d_k, sizes["N"], scale=scale)}


def distinct_sizes(rng, names=("d_in", "d_k", "d_v", "N"), low=2, high=12):
    """Random sizes, all different from each other, so a transpose cannot pass unnoticed."""
    values = rng.choice(np.arange(low, high), size=len(names), replace=False)
    return {name: int(value) for name, value in zip(names, values)}


def stack_inputs_args(rng, sizes, scale=1.0):
    """A list of N input vectors, each of length d_in."""
    return {"vectors": [_normal(rng, sizes["d_in"], scale=scale) for _ in range(sizes["N"])]}


def queries_one_by_one_args(rng, sizes, scale=1.0):
    """I of shape (d_in, N) and W^q of shape (d_k, d_in)."""
    return {"I": _normal(rng, sizes["d_in"], sizes["N"], scale=scale), "Wq": _normal(rng, sizes["d_k"], sizes["d_in"])}


def layer_args(rng, sizes, scale=1.0):
    """I of shape (d_in, N) and the weights W^q, W^k (d_k, d_in) and W^v (d_v, d_in)."""
    d_in, d_k, d_v, N = sizes["d_in"], sizes["d_k"], sizes["d_v"], sizes["N"]
    return {"I": _normal(rng, d_in, N, scale=scale), "Wq": _normal(rng, d_k, d_in),
            "Wk": _normal(rng, d_k, d_in), "Wv": _normal(rng, d_v, d_in)}


def attention_scores_args(rng, sizes, scale=1.0):
    """Q and K, each of shape (d_k, N)."""
    return {"Q": _normal(rng, sizes["d_k"], sizes["N"], scale=scale), "K": _normal(rng, sizes["d_k"], sizes["N"], scale=scale)}


def score_matrix_args(rng, sizes, scale=1.0):
    """A score matrix A of shape (N, N)."""
    return {"A": _normal(rng, sizes["N"], sizes["N"], scale=scale)}


def relu_scores_args(rng, sizes, scale=1.0):
    """A score matrix A of shape (N, N) whose last column has no positive score."""
    A = _normal(rng, sizes["N"], sizes["N"], scale=scale)
    A[:, -1] = -np.abs(A[:, -1]) - 0.1
    return {"A": A}


def one_query_weights_args(rng, sizes, scale=1.0):
    """V of shape (d_v, N) and one query's weights, shape (N,), positive and summing to 1."""
    return {"V": _normal(rng, sizes["d_v"], sizes["N"], scale=scale), "weights": rng.dirichlet(np.ones(sizes["N"]))}


def weighted_sum_args(rng, sizes, scale=1.0):
    """V of shape (d_v, N) and A' of shape (N, N) whose columns are positive and sum to 1."""
    N = sizes["N"]
    return {"V": _normal(rng, sizes["d_v"], N, scale=scale), "A_prime": rng.dirichlet(np.ones(N), size=N).T}


def parameter_count_args(rng, sizes, scale=1.0):
    """The sizes d_in, d_k, d_v and N as whole numbers."""
    return {name: int(sizes[name]) for name in ("d_in", "d_k", "d_v", "N")}


# Beyond the lecture (notebooks 06-12).

def size_args(*names):
    """A builder whose arguments are the named sizes themselves, as whole numbers."""
    def build(rng, sizes, scale=1.0):
        return {name: int(sizes[name]) for name in names}
    build.__doc__ = f"The sizes {', '.join(names)} as whole numbers."
    return build


def padding_mask_args(rng, sizes, scale=1.0):
    """N, and the number of real (not padded) positions, between 1 and N - 1."""
    N = sizes["N"]
    return {"N": int(N), "length": int(rng.integers(1, N))}


def _random_mask(rng, N, fully_masked_column=False):
    """A random mask (N, N): every query may attend to itself, one column may have nothing allowed."""
    mask = rng.random((N, N)) < 0.5
    mask[np.arange(N), np.arange(N)] = True
    if fully_masked_column:
        mask[:, rng.integers(N)] = False
    return mask


def masked_scores_args(rng, sizes, scale=1.0):
    """A score matrix A (N, N) and a mask (N, N) with one column where nothing is allowed."""
    N = sizes["N"]
    return {"A": _normal(rng, N, N, scale=scale), "mask": _random_mask(rng, N, fully_masked_column=True)}


def masked_layer_args(rng, sizes, scale=1.0):
    """The layer's I, W^q, W^k, W^v and a random mask (N, N) in which every query may attend to itself."""
    return {**layer_args(rng, sizes, scale), "mask": _random_mask(rng, sizes["N"])}


def _head_weights(rng, sizes):
    h, d_in, d_k, d_v = sizes["h"], sizes["d_in"], sizes["d_k"], sizes["d_v"]
    return {"Wq": _normal(rng, h, d_k, d_in), "Wk": _normal(rng, h, d_k, d_in), "Wv": _normal(rng, h, d_v, d_in)}


def heads_args(rng, sizes, scale=1.0):
    """I (d_in, N) and each head's weights stacked: W^q, W^k (h, d_k, d_in), W^v (h, d_v, d_in)."""
    return {"I": _normal(rng, sizes["d_in"], sizes["N"], scale=scale), **_head_weights(rng, sizes)}


def multi_head_args(rng, sizes, scale=1.0):
    """As ``heads_args``, and W^o of shape (d_out, h d_v)."""
    Wo = _normal(rng, sizes["d_out"], sizes["h"] * sizes["d_v"])
    return {**heads_args(rng, sizes, scale), "Wo": Wo}


def stacked_heads_args(rng, sizes, scale=1.0):
    """The heads' outputs stacked: shape (h, d_v, N)."""
    return {"heads": _normal(rng, sizes["h"], sizes["d_v"], sizes["N"], scale=scale)}


def permutation_args(rng, sizes, scale=1.0):
    """I (d_in, N) and an order of the positions 0 … N-1 that is not its own inverse (where N ≥ 3 allows one)."""
    N = sizes["N"]
    order = rng.permutation(N)
    while N >= 3 and np.array_equal(order[order], np.arange(N)):
        order = rng.permutation(N)
    return {"I": _normal(rng, sizes["d_in"], N, scale=scale), "order": order}


def row_scores_args(rng, sizes, scale=1.0):
    """Q_rows and K_rows, each of shape (N, d_k): one row per position."""
    N, d_k = sizes["N"], sizes["d_k"]
    return {"Q_rows": _normal(rng, N, d_k, scale=scale), "K_rows": _normal(rng, N, d_k, scale=scale)}


def row_layer_args(rng, sizes, scale=1.0):
    """X = Iᵀ of shape (N, d_in), and W^q, W^k (d_k, d_in), W^v (d_v, d_in) as in the column convention."""
    args = layer_args(rng, sizes, scale)
    return {"X": args.pop("I").T.copy(), **args}


def torch_mha_args(rng, sizes, scale=1.0):
    """x (batch, N, d_model) and nn.MultiheadAttention's weights, d_model = h × d_head."""
    batch, N, h, d_head = sizes["batch"], sizes["N"], sizes["h"], sizes["d_head"]
    d_model = h * d_head
    width = 1 / np.sqrt(d_model)
    return {"x": _normal(rng, batch, N, d_model, scale=scale),
            "in_proj_weight": _normal(rng, 3 * d_model, d_model, scale=width),
            "in_proj_bias": _normal(rng, 3 * d_model, scale=0.1),
            "out_proj_weight": _normal(rng, d_model, d_model, scale=width),
            "out_proj_bias": _normal(rng, d_model, scale=0.1),
            "num_heads": int(h)}


def _column_weights(rng, N, count=None):
    """Attention weights: columns positive and summing to 1, shape (N, N) (or (N, count))."""
    return rng.dirichlet(np.ones(N), size=count or N).T


def softmax_backward_args(rng, sizes, scale=1.0):
    """A' (N, N) with columns summing to 1, and the gradient dA' (N, N) coming back from O."""
    N = sizes["N"]
    return {"A_prime": _column_weights(rng, N), "dA_prime": _normal(rng, N, N, scale=scale)}


def scores_backward_args(rng, sizes, scale=1.0):
    """Q and K (d_k, N), and the gradient dA (N, N)."""
    return {**attention_scores_args(rng, sizes, scale), "dA": _normal(rng, sizes["N"], sizes["N"])}


def layer_backward_args(rng, sizes, scale=1.0):
    """The layer's I, W^q, W^k, W^v, and the gradient dO (d_v, N) coming back from the loss."""
    args = layer_args(rng, sizes, scale)
    args.update(Wq=0.5 * args["Wq"], Wk=0.5 * args["Wk"])  # scores of moderate size: gradients worth checking
    return {**args, "dO": _normal(rng, sizes["d_v"], sizes["N"])}


def loss_args(rng, sizes, scale=1.0):
    """An output O and a target T, both (d_v, N)."""
    d_v, N = sizes["d_v"], sizes["N"]
    return {"O": _normal(rng, d_v, N, scale=scale), "T": _normal(rng, d_v, N, scale=scale)}


def training_step_args(rng, sizes, scale=1.0):
    """I (d_in, N), a target T (d_v, N), the weights, and a learning rate."""
    args = layer_args(rng, sizes, scale)
    return {"I": args.pop("I"), "T": _normal(rng, sizes["d_v"], sizes["N"]), **args,
            "learning_rate": float(rng.uniform(0.01, 0.5))}


def marker_weights_args(rng, sizes, scale=1.0):
    """A' (N, N) with columns summing to 1, and the position of the marker."""
    N = sizes["N"]
    return {"A_prime": _column_weights(rng, N), "marker": int(rng.integers(N))}


def online_softmax_args(rng, sizes, scale=1.0):
    """The running max m (n_q,), sum s (n_q,) and weighted sum acc (d_v, n_q); a block of scores (n_k, n_q) and of V (d_v, n_k)."""
    n_q, n_k, d_v = sizes["n_q"], sizes["n_k"], sizes["d_v"]
    m = _normal(rng, n_q, scale=scale)
    return {"m": m, "s": rng.uniform(1.0, 3.0, n_q), "acc": _normal(rng, d_v, n_q),
            "scores": _normal(rng, n_k, n_q, scale=scale), "V_block": _normal(rng, d_v, n_k)}


def blockwise_args(rng, sizes, scale=1.0):
    """Q, K (d_k, N), V (d_v, N) and a block size (smaller or larger than N: both must work)."""
    return {**attention_scores_args(rng, sizes, scale), "V": _normal(rng, sizes["d_v"], sizes["N"]),
            "block_size": int(sizes["block"])}


# Hidden-case regimes (see ``course_lib.exercises.Regime``): sizes and entries an answer must be right on.

def sizes_where(condition, high=12):
    """A size drawer: distinct random sizes, drawn again until ``condition(sizes)`` holds."""
    def draw(rng, names):
        while True:
            sizes = distinct_sizes(rng, names, high=high)
            if condition(sizes):
                return sizes
    return draw


def several_blocks_short_last(sizes):
    """At least three blocks of keys, the last one shorter than the others, and N the largest size (so that
    no other size, d_k or d_v, can stand in for the number of keys)."""
    return (sizes["N"] > 2 * sizes["block"] and sizes["N"] % sizes["block"] != 0
            and sizes["N"] > max(sizes["d_k"], sizes["d_v"]))


def one_block(sizes):
    """block_size at least N: the matrix form in one block."""
    return sizes["block"] >= sizes["N"]


def rising_key_sizes(rng, args):
    """Keys that grow along the positions, so that the running maximum rises from block to block."""
    N = args["K"].shape[1]
    return {**args, "K": args["K"] * np.linspace(0.5, 3.0, N)}


def block_raises_max(rng, args):
    """A running maximum below every query's best score in the block: the step must rescale."""
    return {**args, "m": args["scores"].max(axis=0) - rng.uniform(0.5, 2.0, args["m"].shape)}


def block_keeps_max(rng, args):
    """A running maximum above every score in the block: nothing is rescaled."""
    return {**args, "m": args["scores"].max(axis=0) + rng.uniform(0.5, 2.0, args["m"].shape)}


def large_allowed_scores(rng, args):
    """One allowed score per column well above 710, where exp overflows; where two columns or more allow
    something, one of them has all its scores below -710 instead, where exp underflows to 0 (unless the
    column's maximum is subtracted, neither happens)."""
    A, mask = args["A"].copy(), args["mask"]
    open_columns = np.flatnonzero(mask.any(axis=0))
    for i in open_columns:
        j = rng.choice(np.flatnonzero(mask[:, i]))
        A[j, i] = abs(A[j, i]) + 1e3
    if len(open_columns) > 1:
        below = rng.choice(open_columns)
        A[:, below] = -np.abs(A[:, below]) - 1e3
    return {**args, "A": A}


def with_size(name, size, high=12):
    """A size drawer: distinct random sizes, then ``name`` set to ``size`` (e.g. a block of one key)."""
    def draw(rng, names):
        return {**distinct_sizes(rng, names, high=high), name: size}
    return draw


def small_positive_column(rng, args):
    """A score matrix with one column whose positive scores sum to less than 1 (ReLU's normalisation shows)."""
    A = args["A"].copy()
    i = rng.integers(A.shape[1] - 1)  # not the last column, which has no positive score
    A[:, i] = -np.abs(A[:, i]) - 0.1
    A[rng.integers(A.shape[0]), i] = rng.uniform(0.1, 0.9)
    return {**args, "A": A}


def two_or_more_padded(rng, args):
    """A padding mask's length at most N - 2: at least two padded positions (N >= 3)."""
    return {**args, "length": int(rng.integers(1, args["N"] - 1))}


def one_query_far_below(rng, args):
    """Keys with a positive first feature and one query pointing against it: that query's scores are all
    below -1e3, where exp underflows to 0 unless the running maximum starts at -inf and is subtracted."""
    Q, K = args["Q"].copy(), args["K"].copy()
    K[0] = np.abs(K[0]) + 1.0
    i = rng.integers(Q.shape[1])
    Q[:, i] = 0.0
    Q[0, i] = -rng.uniform(1e3, 2e3)
    return {**args, "Q": Q, "K": K}


def some_key_masked(rng, args):
    """A mask in which some query that may attend to something is also kept from some key (N >= 3)."""
    mask = args["mask"].copy()
    N = mask.shape[0]
    open_columns = [i for i in range(N) if mask[:, i].any()]
    i = int(rng.choice(open_columns))
    j = int(rng.choice([j for j in range(N) if j != i]))
    mask[j, i] = False
    mask[i, i] = True
    return {**args, "mask": mask}


def some_query_sees_two_keys(rng, args):
    """A mask in which some query may attend to another key besides itself, so scaling and softmax show."""
    mask = args["mask"].copy()
    N = mask.shape[0]
    i = int(rng.integers(N))
    mask[int(rng.choice([j for j in range(N) if j != i])), i] = True
    mask[i, i] = True
    return {**args, "mask": mask}
