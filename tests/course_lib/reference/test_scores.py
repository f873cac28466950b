"""Is ``reference/scores.py`` (notebooks 01-03) right: α_{i,j} = (k^j)ᵀ q^i, one query's scores, and
A = KᵀQ with A[j, i] = α_{i,j}?"""

import numpy as np
import pytest

from course_lib import reference

from .conftest import SIZES


def test_inner_product_by_hand():
    assert reference.inner_product([1.0, 2.0, 3.0], [4.0, -5.0, 6.0]) == 1 * 4 - 2 * 5 + 3 * 6
    assert isinstance(reference.inner_product([1.0], [2.0]), float)


def test_one_query_scores_are_the_loop_of_inner_products(lecture_problem):
    I, Wq, Wk, _ = lecture_problem
    Q, K = Wq @ I, Wk @ I
    keys = [K[:, j] for j in range(K.shape[1])]
    loop = reference.scores_one_by_one(Q[:, 0], keys)
    assert np.allclose(reference.one_query_scores(Q[:, 0], K), loop)
    assert loop.shape == (SIZES["N"],)


def test_score_matrix_holds_query_i_in_column_i(lecture_problem):
    I, Wq, Wk, _ = lecture_problem
    Q, K = Wq @ I, Wk @ I
    A = reference.attention_scores(Q, K)
    for i in range(SIZES["N"]):
        for j in range(SIZES["N"]):
            assert A[j, i] == pytest.approx(reference.inner_product(Q[:, i], K[:, j]))
