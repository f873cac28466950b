"""Multi-head attention: h scaled layers side by side, their outputs stacked and mixed by W^o.

Beyond the lecture. Head r has its own weights W^{q,r}, W^{k,r}, W^{v,r};
they are stored stacked along a first axis of length h:
Wq (h, d_k, d_in), Wk (h, d_k, d_in), Wv (h, d_v, d_in), and the output
weights Wo have shape (d_out, h·d_v). Taught in notebook 07_multi_head.
"""

import numpy as np

from ._shapes import as_matrix, require_equal, size_argument
from .scaling import scaled_self_attention


def as_stack(name, x):
    """Return ``x`` as a float64 array of shape (h, rows, columns) with h >= 1, or raise ValueError."""
    array = np.asarray(x, dtype=np.float64)
    if array.ndim != 3:
        raise ValueError(f"{name} must be a stack of matrices, one per head (3-D array), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one head (h >= 1), got shape {array.shape}")
    return array


def head_outputs(I, Wq, Wk, Wv):
    """Every head's output: head r is the scaled layer with that head's weights.

        Q^r = W^{q,r} I,  K^r = W^{k,r} I,  V^r = W^{v,r} I,  O^r = V^r softmax_columns((K^r)ᵀ Q^r / √d_k)

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: shape (h, d_k, d_in);  Wk: shape (h, d_k, d_in);  Wv: shape (h, d_v, d_in)
    Returns:
        the heads' outputs stacked, shape (h, d_v, N): [r] is O^r
    Notebook: 07_multi_head (beyond the lecture).
    """
    I = as_matrix("I", I)
    Wq, Wk, Wv = as_stack("W^q", Wq), as_stack("W^k", Wk), as_stack("W^v", Wv)
    for name, W in (("W^k", Wk), ("W^v", Wv)):
        require_equal(W.shape[0], Wq.shape[0], f"heads in {name} == heads in W^q (h)", **{name: W.shape, "W^q": Wq.shape})
    heads = [scaled_self_attention(I, Wq[r], Wk[r], Wv[r]) for r in range(Wq.shape[0])]  # h × (d_v, N)
    return np.stack(heads, axis=0)  # -> (h, d_v, N)


def concat_heads(heads):
    """The heads' outputs on top of each other: O^1 above O^2 above … above O^h.

        concat = [O^1; O^2; …; O^h],  rows r·d_v … (r+1)·d_v - 1 hold O^{r+1}

    Inputs:
        heads: shape (h, d_v, N), as returned by head_outputs
    Returns:
        shape (h·d_v, N); column i is every head's output at position i, stacked
    Notebook: 07_multi_head (beyond the lecture).
    """
    heads = as_stack("heads", heads)
    return np.concatenate(list(heads), axis=0)  # h × (d_v, N) -> (h·d_v, N)


def multi_head_attention(I, Wq, Wk, Wv, Wo):
    """Multi-head attention: the heads' outputs stacked, then mixed by the output weights.

        O = W^o [O^1; O^2; …; O^h]

    Inputs:
        I: inputs as columns, shape (d_in, N)
        Wq: shape (h, d_k, d_in);  Wk: shape (h, d_k, d_in);  Wv: shape (h, d_v, d_in)
        Wo: output weights W^o, shape (d_out, h·d_v)
    Returns:
        O, shape (d_out, N)
    Notebook: 07_multi_head (beyond the lecture).
    """
    Wo = as_matrix("W^o", Wo)
    stacked = concat_heads(head_outputs(I, Wq, Wk, Wv))  # (h·d_v, N); checks I and the heads' weights
    require_equal(Wo.shape[1], stacked.shape[0], "columns of W^o == h·d_v",
                  **{"W^o": Wo.shape, "W^v": np.shape(Wv)})
    return Wo @ stacked  # (d_out, h·d_v) (h·d_v, N) -> (d_out, N)


def split_heads(W, h):
    """One tall weight matrix cut into h heads' weights, head 1 from the top rows.

        W = [W^{q,1}; W^{q,2}; …; W^{q,h}],  so  W I = [Q^1; Q^2; …; Q^h]

    Row block r of W times I is row block r of W I (a block product), so head
    r's queries come from rows (r-1)·d_k … r·d_k - 1 of W, with d_k = rows / h.

    Inputs:
        W: all heads' weights on top of each other, shape (h·d_k, d_in)
        h: the number of heads, an int >= 1 that divides the rows of W
    Returns:
        the stack of the heads' weights, shape (h, d_k, d_in): [r - 1] is W^{q,r}
    Notebook: 07_multi_head (beyond the lecture).
    """
    W = as_matrix("W", W)
    h = size_argument("h", h)
    if W.shape[0] % h:
        raise ValueError(f"h ({h}) must divide the rows of W, got shape {W.shape}")
    return W.reshape(h, W.shape[0] // h, W.shape[1])  # row r·d_k + m -> [r, m]: head r + 1's row m


def multi_head_parameter_count(d_in, d_k, d_v, h, d_out):
    """How many numbers multi-head attention learns: every head's W^q, W^k, W^v, and W^o.

        h·(d_k·d_in + d_k·d_in + d_v·d_in) + d_out·h·d_v

    Inputs:
        d_in, d_k, d_v, h, d_out: sizes, ints >= 1
    Returns:
        an int
    Notebook: 07_multi_head (beyond the lecture).
    """
    d_in, d_k, d_v, h, d_out = (size_argument(name, value) for name, value in
                                (("d_in", d_in), ("d_k", d_k), ("d_v", d_v), ("h", h), ("d_out", d_out)))
    return int(h * (2 * d_k + d_v) * d_in + d_out * h * d_v)
