"""Is the benchmark's fast matrix form (``autograder.benchmarks.matrix_form``) the lecture's chain of answers?"""

import warnings

import numpy as np
import pytest

from autograder.benchmarks.matrix_form import attention_from_qkv
from course_lib import reference


@pytest.mark.parametrize("N, strip", [(1, 64), (7, 3), (130, 64), (64, 64)])
def test_the_fast_matrix_form_equals_the_lecture_chain(N, strip):
    rng = np.random.default_rng(N)
    Q, K, V = 30 * rng.standard_normal((4, N)), 30 * rng.standard_normal((4, N)), rng.standard_normal((3, N))
    before = [x.copy() for x in (Q, K, V)]
    chain = reference.weighted_sum(V, reference.softmax_columns(reference.attention_scores(Q, K)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scores in the thousands: no overflow allowed
        fast = attention_from_qkv(Q, K, V, strip=strip)
    assert fast.shape == (3, N) and np.allclose(fast, chain, rtol=1e-12, atol=1e-12)
    assert all(np.array_equal(x, y) for x, y in zip((Q, K, V), before))
