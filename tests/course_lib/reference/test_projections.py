"""Is ``reference/projections.py`` (notebooks 01-02) right: q^i = W^q a^i, k^i = W^k a^i, Q = W^q I, K, V,
and I with a^i in column i?"""

import numpy as np
import pytest

from course_lib import reference
from course_lib.examples import lecture_inputs, lecture_weights

from .conftest import SIZES


def test_query_and_key_by_hand():
    Wq, Wk, _ = lecture_weights()
    a1 = lecture_inputs()[:, 0]  # [1, 0, 1]
    q, k = reference.query_and_key(a1, Wq, Wk)
    assert q.tolist() == [2.0, -1.0]  # rows of W^q: [1,0,1]·a = 2, [0,1,-1]·a = -1
    assert k.tolist() == [1.0, 0.0]


def test_projections_are_columnwise(lecture_problem):
    I, Wq, Wk, Wv = lecture_problem
    Q, K, V = reference.projections(I, Wq, Wk, Wv)
    for i in range(SIZES["N"]):
        q, k = reference.query_and_key(I[:, i], Wq, Wk)
        assert np.allclose(Q[:, i], q) and np.allclose(K[:, i], k)
        assert np.allclose(V[:, i], Wv @ I[:, i])


def test_stack_inputs_puts_each_vector_in_a_column():
    vectors = [np.arange(5.0) + 10 * i for i in range(6)]
    I = reference.stack_inputs(vectors)
    assert I.shape == (5, 6)
    assert all(np.array_equal(I[:, i], v) for i, v in enumerate(vectors))
    with pytest.raises(ValueError, match="length of a\\^2 == length of a\\^1"):
        reference.stack_inputs([np.ones(3), np.ones(4)])


def test_queries_one_by_one_is_the_triple_sum(lecture_problem):
    I, Wq, _, _ = lecture_problem
    Q = reference.queries_one_by_one(I, Wq)
    for i in range(SIZES["N"]):
        for r in range(SIZES["d_k"]):
            assert Q[r, i] == pytest.approx(sum(Wq[r, m] * I[m, i] for m in range(SIZES["d_in"])))
