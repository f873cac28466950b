"""Do the reference answers of notebooks 01-05 reject wrong shapes with a ``ValueError`` naming the shapes
and the relation that failed (``reference/_shapes.py``)?"""

import numpy as np
import pytest

from course_lib import reference


@pytest.mark.parametrize("call, words", [
    (lambda I, Wq, Wk, Wv: reference.self_attention(I, Wq.T, Wk, Wv), ["W^q", "columns of W^q == rows of I (d_in)"]),
    (lambda I, Wq, Wk, Wv: reference.self_attention(I.T, Wq, Wk, Wv), ["I", "(d_in)"]),
    (lambda I, Wq, Wk, Wv: reference.attention_scores(Wq @ I, Wv @ I), ["rows of K == rows of Q (d_k)"]),
    (lambda I, Wq, Wk, Wv: reference.weighted_sum(Wv @ I, np.ones((5, 5))), ["columns of V == rows of A' (N)"]),
    (lambda I, Wq, Wk, Wv: reference.softmax_columns(np.ones(3)), ["A must be a matrix", "(3,)"]),
    (lambda I, Wq, Wk, Wv: reference.inner_product(np.ones(3), np.ones(4)), ["length of q == length of k (d_k)"]),
])
def test_wrong_shapes_raise_a_value_error_naming_the_relation(lecture_problem, call, words):
    with pytest.raises(ValueError) as raised:
        call(*lecture_problem)
    for word in words:
        assert word in str(raised.value)
