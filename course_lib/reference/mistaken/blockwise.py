"""Wrong versions of ``reference/blockwise.py`` (notebook 12): the online softmax step and blockwise
attention.
"""

import numpy as np


def _online_step_forgot_rescale(m, s, acc, scores, V_block):
    """forgot_rescale: the old sums are kept as they were, summed under the old max (no factor c)."""
    m, s, acc, scores, V_block = (np.asarray(x, float) for x in (m, s, acc, scores, V_block))
    m_new = np.maximum(m, scores.max(axis=0))
    E = np.exp(scores - m_new)
    return m_new, s + E.sum(axis=0), acc + V_block @ E


def _blockwise(step):
    def wrong(Q, K, V, block_size):
        Q, K, V = (np.asarray(x, float) for x in (Q, K, V))
        if int(block_size) < 1:
            raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
        d_v, N = V.shape[0], Q.shape[1]
        O = np.empty((d_v, N))
        for start in range(0, N, block_size):
            Q_block = Q[:, start:start + block_size]
            n_q = Q_block.shape[1]
            m, s, acc = np.full(n_q, -np.inf), np.zeros(n_q), np.zeros((d_v, n_q))
            for key_start in range(0, K.shape[1], block_size):
                keys = slice(key_start, key_start + block_size)
                m, s, acc = step(m, s, acc, K[:, keys].T @ Q_block, V[:, keys])
            O[:, start:start + n_q] = acc / s
        return O
    return wrong


MISTAKEN = {
    "12_cost/online_softmax_step": {
        "forgot_rescale": _online_step_forgot_rescale,
    },
    "12_cost/blockwise_attention": {
        "forgot_rescale": _blockwise(_online_step_forgot_rescale),
    },
    "12_cost/online_softmax_exp_count": {
        "exp_count_without_c": lambda N, block_size: int(N * N),
        "exp_count_c_per_entry": lambda N, block_size: int(2 * N * N),
        "exp_count_floor_blocks": lambda N, block_size: int(N * N + (N // block_size) * N),
        "exp_count_c_per_tile": lambda N, block_size: int(N * N + (-(-N // block_size)) ** 2),
    },
}
