"""Are the reference answers right? Each is held against an independent derivation:
a loop over positions, a small case worked out by hand, or a property the math guarantees."""

import importlib
import warnings

import numpy as np
import pytest

import course_lib
from course_lib import reference
from course_lib.examples import lecture_inputs, lecture_weights, random_problem
from course_lib.exercises import EXERCISES

SIZES = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}


@pytest.fixture
def problem():
    return random_problem(7, **SIZES)


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


def test_the_layer_agrees_with_the_loop_over_positions(problem):
    assert np.allclose(reference.self_attention(*problem), loop_self_attention(*problem), rtol=1e-12, atol=1e-12)


def test_public_names_are_the_reference_answers(problem):
    assert course_lib.self_attention is reference.self_attention
    assert course_lib.softmax_columns is reference.softmax_columns
    assert course_lib.self_attention(*problem).shape == (SIZES["d_v"], SIZES["N"])


def test_every_reference_name_is_a_reference_answer():
    assert all(callable(getattr(reference, name)) for name in reference.__all__)
    assert all(getattr(course_lib, name) is getattr(reference, name) for name in reference.__all__)


def test_every_exercise_has_its_answer_among_the_reference_names():
    """The student release, without reference/, says "a reference answer" for exactly the exercises' names."""
    assert {exercise.name for exercise in EXERCISES.values()} <= set(reference.__all__)


def test_the_student_release_explains_a_missing_reference_answer(monkeypatch):
    import_module = importlib.import_module

    def no_reference(name, package=None):
        if name == ".reference":
            raise ModuleNotFoundError(name)
        return import_module(name, package)

    monkeypatch.setattr(course_lib.importlib, "import_module", no_reference)
    with pytest.raises(AttributeError, match="student release"):
        course_lib.softmax_columns
    assert "softmax_columns" in dir(course_lib)


def test_inner_product_by_hand():
    assert reference.inner_product([1.0, 2.0, 3.0], [4.0, -5.0, 6.0]) == 1 * 4 - 2 * 5 + 3 * 6
    assert isinstance(reference.inner_product([1.0], [2.0]), float)


def test_query_and_key_by_hand():
    Wq, Wk, _ = lecture_weights()
    a1 = lecture_inputs()[:, 0]  # [1, 0, 1]
    q, k = reference.query_and_key(a1, Wq, Wk)
    assert q.tolist() == [2.0, -1.0]  # rows of W^q: [1,0,1]·a = 2, [0,1,-1]·a = -1
    assert k.tolist() == [1.0, 0.0]


def test_one_query_scores_are_the_loop_of_inner_products(problem):
    I, Wq, Wk, _ = problem
    Q, K = Wq @ I, Wk @ I
    keys = [K[:, j] for j in range(K.shape[1])]
    loop = reference.scores_one_by_one(Q[:, 0], keys)
    assert np.allclose(reference.one_query_scores(Q[:, 0], K), loop)
    assert loop.shape == (SIZES["N"],)


def test_score_matrix_holds_query_i_in_column_i(problem):
    I, Wq, Wk, _ = problem
    Q, K = Wq @ I, Wk @ I
    A = reference.attention_scores(Q, K)
    for i in range(SIZES["N"]):
        for j in range(SIZES["N"]):
            assert A[j, i] == pytest.approx(reference.inner_product(Q[:, i], K[:, j]))


def test_projections_are_columnwise(problem):
    I, Wq, Wk, Wv = problem
    Q, K, V = reference.projections(I, Wq, Wk, Wv)
    for i in range(SIZES["N"]):
        q, k = reference.query_and_key(I[:, i], Wq, Wk)
        assert np.allclose(Q[:, i], q) and np.allclose(K[:, i], k)
        assert np.allclose(V[:, i], Wv @ I[:, i])


def test_softmax_by_hand():
    A = np.array([[0.0, 1.0], [np.log(3.0), 1.0]])
    assert np.allclose(reference.softmax_columns(A), [[0.25, 0.5], [0.75, 0.5]])


def test_softmax_columns_sum_to_one_and_ignore_a_shift(problem):
    A = np.random.default_rng(3).standard_normal((6, 6)) * 5
    A_prime = reference.softmax_columns(A)
    assert np.allclose(A_prime.sum(axis=0), 1.0)
    assert np.allclose(reference.softmax_columns(A + np.arange(6)[None, :] * 100), A_prime)


def test_softmax_is_stable_for_scores_of_1e4():
    A = np.array([[1e4, -1e4, 0.0], [1e4 - 1, 1e4, 0.0], [0.0, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A_prime = reference.softmax_columns(A)
    assert np.all(np.isfinite(A_prime))
    assert A_prime[0, 0] == pytest.approx(1 / (1 + np.exp(-1)))


def test_weighted_sum_is_a_sum_of_values(problem):
    _, _, _, Wv = problem
    V = np.random.default_rng(4).standard_normal((4, 6))
    A_prime = reference.softmax_columns(np.random.default_rng(5).standard_normal((6, 6)))
    O = reference.weighted_sum(V, A_prime)
    b1 = sum(A_prime[j, 0] * V[:, j] for j in range(6))
    assert np.allclose(O[:, 0], b1)


def test_inputs_are_never_changed(problem):
    copies = [p.copy() for p in problem]
    reference.self_attention(*problem)
    A = np.random.default_rng(1).standard_normal((6, 6))
    A_copy = A.copy()
    reference.softmax_columns(A)
    assert all(np.array_equal(p, c) for p, c in zip(problem, copies))
    assert np.array_equal(A, A_copy)


@pytest.mark.parametrize("call, words", [
    (lambda I, Wq, Wk, Wv: reference.self_attention(I, Wq.T, Wk, Wv), ["W^q", "columns of W^q == rows of I (d_in)"]),
    (lambda I, Wq, Wk, Wv: reference.self_attention(I.T, Wq, Wk, Wv), ["I", "(d_in)"]),
    (lambda I, Wq, Wk, Wv: reference.attention_scores(Wq @ I, Wv @ I), ["rows of K == rows of Q (d_k)"]),
    (lambda I, Wq, Wk, Wv: reference.weighted_sum(Wv @ I, np.ones((5, 5))), ["columns of V == rows of A' (N)"]),
    (lambda I, Wq, Wk, Wv: reference.softmax_columns(np.ones(3)), ["A must be a matrix", "(3,)"]),
    (lambda I, Wq, Wk, Wv: reference.inner_product(np.ones(3), np.ones(4)), ["length of q == length of k (d_k)"]),
])
def test_wrong_shapes_raise_a_value_error_naming_the_relation(problem, call, words):
    with pytest.raises(ValueError) as raised:
        call(*problem)
    for word in words:
        assert word in str(raised.value)


def test_stack_inputs_puts_each_vector_in_a_column():
    vectors = [np.arange(5.0) + 10 * i for i in range(6)]
    I = reference.stack_inputs(vectors)
    assert I.shape == (5, 6)
    assert all(np.array_equal(I[:, i], v) for i, v in enumerate(vectors))
    with pytest.raises(ValueError, match="length of a\\^2 == length of a\\^1"):
        reference.stack_inputs([np.ones(3), np.ones(4)])


def test_queries_one_by_one_is_the_triple_sum(problem):
    I, Wq, _, _ = problem
    Q = reference.queries_one_by_one(I, Wq)
    for i in range(SIZES["N"]):
        for r in range(SIZES["d_k"]):
            assert Q[r, i] == pytest.approx(sum(Wq[r, m] * I[m, i] for m in range(SIZES["d_in"])))


def test_relu_columns_by_hand_and_an_empty_column_stays_zero():
    A = np.array([[1.0, -1.0, 2.0], [3.0, -2.0, -5.0], [-4.0, -3.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A_prime = reference.relu_columns(A)
    assert np.allclose(A_prime, [[0.25, 0.0, 0.5], [0.75, 0.0, 0.0], [0.0, 0.0, 0.5]])


def test_the_three_weighted_sums_agree(problem):
    rng = np.random.default_rng(8)
    V = rng.standard_normal((4, 6))
    A_prime = reference.softmax_columns(rng.standard_normal((6, 6)))
    O = reference.weighted_sum(V, A_prime)
    for i in range(6):
        assert np.allclose(reference.weighted_sum_loop(V, A_prime[:, i]), O[:, i])
        assert np.allclose(reference.output_one_query(V, A_prime[:, i]), O[:, i])
    assert np.allclose(reference.output_one_query([[1.0, 2.0], [3.0, 4.0]], [0.25, 0.75]), [1.75, 3.75])


def test_loop_layer_class_and_matrix_layer_agree(problem):
    I, Wq, Wk, Wv = problem
    O = reference.self_attention(I, Wq, Wk, Wv)
    assert np.allclose(reference.self_attention_loop(I, Wq, Wk, Wv), O)
    layer = reference.SelfAttention(Wq, Wk, Wv)
    Wq[0, 0] += 1.0  # the layer keeps its own copy of the weights
    assert np.allclose(layer(I), O)


def test_permuting_the_inputs_permutes_the_outputs(problem):
    I, Wq, Wk, Wv = problem
    order = np.random.default_rng(9).permutation(SIZES["N"])
    assert np.allclose(reference.self_attention(I[:, order], Wq, Wk, Wv), reference.self_attention(I, Wq, Wk, Wv)[:, order])


def test_parameter_count_counts_only_the_three_weight_matrices():
    Wq, Wk, Wv = lecture_weights()
    count = reference.parameter_count(d_in=3, d_k=2, d_v=5, N=4)
    assert count == Wq.size + Wk.size + Wv.size == 27
    assert reference.parameter_count(3, 2, 5, 1000) == count
    assert isinstance(count, int)
