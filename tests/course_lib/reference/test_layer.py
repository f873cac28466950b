"""Is ``reference/layer.py`` (notebook 05) right: the whole layer O = V softmax(KᵀQ), held against the
lecture's first telling position by position, as a loop, a class, and its parameter count?"""

import numpy as np

from course_lib import reference
from course_lib.examples import lecture_weights

from .conftest import SIZES


def loop_self_attention(I, Wq, Wk, Wv):
    """The lecture's first telling, position by position, with plain Python sums."""
    d_in, N = I.shape
    a = [I[:, i] for i in range(N)]
    q = [Wq @ a_i for a_i in a]
    k = [Wk @ a_i for a_i in a]
    v = [Wv @ a_i for a_i in a]
    outputs = []
    for i in range(N):
        alpha = [sum(q[i][m] * k[j][m] for m in range(len(q[i]))) for j in range(N)]
        top = max(alpha)
        e = [np.exp(x - top) for x in alpha]
        alpha_prime = [x / sum(e) for x in e]
        outputs.append(sum(alpha_prime[j] * v[j] for j in range(N)))
    return np.stack(outputs, axis=1)


def test_the_layer_agrees_with_the_loop_over_positions(lecture_problem):
    assert np.allclose(reference.self_attention(*lecture_problem), loop_self_attention(*lecture_problem), rtol=1e-12, atol=1e-12)


def test_inputs_are_never_changed(lecture_problem):
    copies = [p.copy() for p in lecture_problem]
    reference.self_attention(*lecture_problem)
    A = np.random.default_rng(1).standard_normal((6, 6))
    A_copy = A.copy()
    reference.softmax_columns(A)
    assert all(np.array_equal(p, c) for p, c in zip(lecture_problem, copies))
    assert np.array_equal(A, A_copy)


def test_loop_layer_class_and_matrix_layer_agree(lecture_problem):
    I, Wq, Wk, Wv = lecture_problem
    O = reference.self_attention(I, Wq, Wk, Wv)
    assert np.allclose(reference.self_attention_loop(I, Wq, Wk, Wv), O)
    layer = reference.SelfAttention(Wq, Wk, Wv)
    Wq[0, 0] += 1.0  # the layer keeps its own copy of the weights
    assert np.allclose(layer(I), O)


def test_permuting_the_inputs_permutes_the_outputs(lecture_problem):
    I, Wq, Wk, Wv = lecture_problem
    order = np.random.default_rng(9).permutation(SIZES["N"])
    assert np.allclose(reference.self_attention(I[:, order], Wq, Wk, Wv), reference.self_attention(I, Wq, Wk, Wv)[:, order])


def test_parameter_count_counts_only_the_three_weight_matrices():
    Wq, Wk, Wv = lecture_weights()
    count = reference.parameter_count(d_in=3, d_k=2, d_v=5, N=4)
    assert count == Wq.size + Wk.size + Wv.size == 27
    assert reference.parameter_count(3, 2, 5, 1000) == count
    assert isinstance(count, int)
