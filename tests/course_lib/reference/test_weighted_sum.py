"""Is ``reference/weighted_sum.py`` (notebook 04) right: b^i = Σ_j α'_{i,j} v^j, O = V A', written three
ways?"""

import numpy as np

from course_lib import reference


def test_weighted_sum_is_a_sum_of_values(lecture_problem):
    _, _, _, Wv = lecture_problem
    V = np.random.default_rng(4).standard_normal((4, 6))
    A_prime = reference.softmax_columns(np.random.default_rng(5).standard_normal((6, 6)))
    O = reference.weighted_sum(V, A_prime)
    b1 = sum(A_prime[j, 0] * V[:, j] for j in range(6))
    assert np.allclose(O[:, 0], b1)


def test_the_three_weighted_sums_agree(lecture_problem):
    rng = np.random.default_rng(8)
    V = rng.standard_normal((4, 6))
    A_prime = reference.softmax_columns(rng.standard_normal((6, 6)))
    O = reference.weighted_sum(V, A_prime)
    for i in range(6):
        assert np.allclose(reference.weighted_sum_loop(V, A_prime[:, i]), O[:, i])
        assert np.allclose(reference.output_one_query(V, A_prime[:, i]), O[:, i])
    assert np.allclose(reference.output_one_query([[1.0, 2.0], [3.0, 4.0]], [0.25, 0.75]), [1.75, 3.75])
