"""Does ``reference/cost.py`` (notebook 12) count the floating-point operations of the matrix form?"""

import numpy as np
import pytest

from course_lib import reference
from course_lib.reference import cost
from course_lib.reference.softmax import softmax_columns


def test_attention_flops_by_hand():
    assert cost.attention_flops(4, 2, 5) == 2 * 2 * 16 + 2 * 5 * 16 == 224
    assert isinstance(cost.attention_flops(np.int64(3), 2, 2), int)
    for bad in (-1, 2.5, "4", True):
        with pytest.raises(ValueError):
            cost.attention_flops(bad, 2, 2)


@pytest.mark.parametrize("N, d_k, d_v", [(1, 1, 1), (3, 2, 4), (5, 3, 2)])
def test_attention_flops_counts_the_multiply_adds_of_a_loop(N, d_k, d_v):
    rng = np.random.default_rng(N)
    Q, K, V = rng.standard_normal((d_k, N)), rng.standard_normal((d_k, N)), rng.standard_normal((d_v, N))
    flops = 0
    A = np.zeros((N, N))
    for j in range(N):
        for i in range(N):
            for r in range(d_k):
                A[j, i] += K[r, j] * Q[r, i]
                flops += 2
    A_prime = softmax_columns(A)
    O = np.zeros((d_v, N))
    for r in range(d_v):
        for i in range(N):
            for j in range(N):
                O[r, i] += V[r, j] * A_prime[j, i]
                flops += 2
    assert np.allclose(O, reference.weighted_sum(V, softmax_columns(reference.attention_scores(Q, K))))
    assert cost.attention_flops(N, d_k, d_v) == flops
