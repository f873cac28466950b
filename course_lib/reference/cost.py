"""What the layer costs: floating-point operations of the two big matrix products.

Taught in notebook 12_cost (beyond the lecture). For N positions the layer
computes A = Kᵀ Q, an (N, N) matrix of inner products of length d_k, and
O = V A', N outputs each a weighted sum of N values of length d_v. Both grow
like N²: doubling the sequence quadruples the work (and A alone holds N²
numbers, 8 N² bytes in float64; see blockwise.py for a way around storing it).
"""

import numbers


def attention_flops(N, d_k, d_v):
    """Flops of A = Kᵀ Q and O = V A', counting a multiply-add as 2 flops.

        Kᵀ Q:  N·N entries, each d_k multiply-adds  ->  2·d_k·N²
        V A':  d_v·N entries, each N multiply-adds  ->  2·d_v·N²
        total  2·d_k·N² + 2·d_v·N²

    The projections (W^q I, …: 2·(2 d_k + d_v)·d_in·N) and the softmax (a few
    operations per entry of A) grow only like N or are small beside these.

    Inputs:
        N: positions;  d_k: length of queries and keys;  d_v: length of values (non-negative ints)
    Returns:
        the flop count, a Python int
    Notebook: 12_cost.
    """
    sizes = {"N": N, "d_k": d_k, "d_v": d_v}
    for name, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {size!r}")
    N, d_k, d_v = (int(size) for size in sizes.values())
    return 2 * d_k * N * N + 2 * d_v * N * N
