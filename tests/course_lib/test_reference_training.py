"""Are the reference answers of notebooks 10_gradients, 11_training and 12_cost right?

Each is held against an independent derivation: an explicit Jacobian, central
differences written here, a small case worked out by hand, a loop that counts
operations, or the matrix form itself. Then: does every named mistake really
give a different answer?
"""

import time
import tracemalloc
import warnings

import numpy as np
import pytest

from course_lib.examples import random_problem
from course_lib import reference
from course_lib.reference import blockwise, cost, gradients, training
from course_lib.reference.mistaken.training import MISTAKEN_TRAINING
from course_lib.reference.softmax import softmax_columns

SIZES = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}
SEVERAL_SIZES = [SIZES, {"d_in": 2, "d_k": 4, "d_v": 3, "N": 7}, {"d_in": 6, "d_k": 1, "d_v": 2, "N": 3},
                 {"d_in": 3, "d_k": 5, "d_v": 1, "N": 1}]


def upstream(seed, d_v, N):
    return np.random.default_rng(seed + 1000).standard_normal((d_v, N))


def central_differences(loss, X, h=1e-6):
    """∂loss/∂X entry by entry, (loss(X + h E) - loss(X - h E)) / 2h, on copies of X."""
    gradient = np.empty_like(X)
    for index in np.ndindex(*X.shape):
        plus, minus = X.copy(), X.copy()
        plus[index] += h
        minus[index] -= h
        gradient[index] = (loss(plus) - loss(minus)) / (2 * h)
    return gradient


def layer_output(I, Wq, Wk, Wv):
    """The forward pass written out here, independent of the library's layer."""
    A = (Wk @ I).T @ (Wq @ I)
    E = np.exp(A - A.max(axis=0))
    return (Wv @ I) @ (E / E.sum(axis=0))


def relative(x, y):
    return np.abs(x - y).max() / max(np.abs(x).max() + np.abs(y).max(), 1e-300)


# ---------------------------------------------------------------- 10_gradients

def test_softmax_backward_is_the_explicit_jacobian_column_by_column():
    rng = np.random.default_rng(1)
    A_prime = softmax_columns(rng.standard_normal((6, 6)) * 3)
    dA_prime = rng.standard_normal((6, 6))
    expected = np.empty((6, 6))
    for i in range(6):
        a = A_prime[:, i]
        jacobian = np.diag(a) - np.outer(a, a)  # ∂a_j/∂x_m = a_j (δ_jm - a_m)
        expected[:, i] = jacobian.T @ dA_prime[:, i]
    assert np.allclose(gradients.softmax_columns_backward(A_prime, dA_prime), expected, rtol=1e-13, atol=1e-15)


def test_softmax_backward_agrees_with_central_differences():
    rng = np.random.default_rng(2)
    A, dA_prime = rng.standard_normal((5, 5)) * 2, rng.standard_normal((5, 5))
    numeric = central_differences(lambda X: np.sum(dA_prime * softmax_columns(X)), A)
    analytic = gradients.softmax_columns_backward(softmax_columns(A), dA_prime)
    assert relative(analytic, numeric) < 1e-8


def test_scores_backward_by_hand():
    # L = Σ dA ∘ A with dA = diag(1, 2): L = k¹·q¹ + 2 k²·q², so
    # ∂L/∂q¹ = k¹ = [1, 2], ∂L/∂q² = 2k² = [0, 2], ∂L/∂k¹ = q¹ = [1, 0], ∂L/∂k² = 2q² = [4, 2].
    Q = np.array([[1.0, 2.0], [0.0, 1.0]])
    K = np.array([[1.0, 0.0], [2.0, 1.0]])
    dA = np.array([[1.0, 0.0], [0.0, 2.0]])
    dQ, dK = gradients.scores_backward(Q, K, dA)
    assert dQ.tolist() == [[1.0, 0.0], [2.0, 2.0]]
    assert dK.tolist() == [[1.0, 4.0], [0.0, 2.0]]


def test_scores_backward_sums_over_the_other_position():
    rng = np.random.default_rng(3)
    Q, K, dA = rng.standard_normal((3, 6)), rng.standard_normal((3, 6)), rng.standard_normal((6, 6))
    dQ, dK = gradients.scores_backward(Q, K, dA)
    for i in range(6):  # q^i meets every key: Σ_j dA[j, i] k^j; k^j meets every query: Σ_i dA[j, i] q^i
        assert np.allclose(dQ[:, i], sum(dA[j, i] * K[:, j] for j in range(6)))
        assert np.allclose(dK[:, i], sum(dA[i, j] * Q[:, j] for j in range(6)))


@pytest.mark.parametrize("sizes", SEVERAL_SIZES, ids=lambda s: "-".join(map(str, s.values())))
def test_self_attention_backward_agrees_with_central_differences_on_every_argument(sizes):
    I, Wq, Wk, Wv = random_problem(11, **sizes)
    dO = upstream(11, sizes["d_v"], sizes["N"])
    analytic = gradients.self_attention_backward(I, Wq, Wk, Wv, dO)
    losses = [lambda X: np.sum(dO * layer_output(I, X, Wk, Wv)), lambda X: np.sum(dO * layer_output(I, Wq, X, Wv)),
              lambda X: np.sum(dO * layer_output(I, Wq, Wk, X)), lambda X: np.sum(dO * layer_output(X, Wq, Wk, Wv))]
    for name, loss, X, gradient in zip(("dWq", "dWk", "dWv", "dI"), losses, (Wq, Wk, Wv, I), analytic):
        assert gradient.shape == X.shape, name
        assert relative(gradient, central_differences(loss, X)) < 1e-7, name


def test_numerical_gradient_matches_the_analytic_one_and_reports_its_step():
    I, Wq, Wk, Wv = random_problem(5, **SIZES)
    dO = upstream(5, SIZES["d_v"], SIZES["N"])
    copies = [x.copy() for x in (I, Wq, Wk, Wv, dO)]
    numeric, step = gradients.numerical_gradient(I, Wq, Wk, Wv, dO)
    assert step == 1e-5
    assert numeric.shape == Wq.shape
    analytic = gradients.self_attention_backward(I, Wq, Wk, Wv, dO)[0]
    assert gradients.relative_error(numeric, analytic) < 1e-8
    assert np.allclose(numeric, analytic, rtol=1e-6, atol=1e-9)
    assert all(np.array_equal(x, c) for x, c in zip((I, Wq, Wk, Wv, dO), copies))


def test_relative_error_by_hand():
    assert gradients.relative_error([1.0, 2.0], [1.0, 2.5]) == 0.5 / (2.0 + 2.5)
    assert gradients.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="same shape"):
        gradients.relative_error(np.zeros(3), np.zeros(4))


def test_backward_shape_errors_name_the_sizes():
    I, Wq, Wk, Wv = random_problem(0, **SIZES)
    with pytest.raises(ValueError, match=r"dO.*\(d_v, N\)"):
        gradients.self_attention_backward(I, Wq, Wk, Wv, np.zeros((SIZES["N"], SIZES["d_v"])))
    with pytest.raises(ValueError, match="dA'"):
        gradients.softmax_columns_backward(np.eye(3), np.eye(4))
    with pytest.raises(ValueError, match="dA"):
        gradients.scores_backward(np.zeros((3, 6)), np.zeros((3, 5)), np.zeros((6, 6)))


# ---------------------------------------------------------------- 11_training

def test_mse_loss_by_hand():
    O = np.array([[1.0, 2.0], [3.0, 4.0]])
    T = np.array([[0.0, 2.0], [3.0, 6.0]])
    loss, dO = training.mse_loss(O, T)  # differences 1, 0, 0, -2: mean of squares 5 / 4
    assert loss == 1.25 and isinstance(loss, float)
    assert dO.tolist() == [[0.5, 0.0], [0.0, -1.0]]  # 2 (O - T) / 4
    numeric = central_differences(lambda X: training.mse_loss(X, T)[0], O)
    assert np.allclose(dO, numeric, atol=1e-8)


def test_a_small_gradient_descent_step_lowers_the_loss():
    I, Wq, Wk, Wv = random_problem(9, **SIZES)
    T = np.random.default_rng(9).standard_normal((SIZES["d_v"], SIZES["N"]))
    copies = [W.copy() for W in (Wq, Wk, Wv)]
    Wq_new, Wk_new, Wv_new, before = training.gradient_descent_step(I, T, Wq, Wk, Wv, 1e-3)
    assert before == training.mse_loss(layer_output(I, Wq, Wk, Wv), T)[0]
    assert training.mse_loss(layer_output(I, Wq_new, Wk_new, Wv_new), T)[0] < before
    _, dO = training.mse_loss(layer_output(I, Wq, Wk, Wv), T)
    dWq, dWk, dWv, _ = gradients.self_attention_backward(I, Wq, Wk, Wv, dO)
    assert np.allclose(Wq_new, Wq - 1e-3 * dWq) and np.allclose(Wv_new, Wv - 1e-3 * dWv)
    assert all(np.array_equal(W, c) for W, c in zip((Wq, Wk, Wv), copies))


def test_the_marker_task_has_one_mark_and_targets_copy_it():
    inputs, targets, markers = training.marker_task(np.random.default_rng(4), 10, 6, 4)
    assert inputs.shape == (10, 6, 6) and targets.shape == (10, 4, 6) and markers.shape == (10,)
    assert np.array_equal(inputs[:, 4, :].sum(axis=1), np.ones(10))  # one marked position per sequence
    assert np.array_equal(inputs[np.arange(10), 4, markers], np.ones(10))
    assert np.all(inputs[:, 5, :] == 1.0)
    for I, T, m in zip(inputs, targets, markers):
        assert np.array_equal(T, np.repeat(I[:4, m:m + 1], 6, axis=1))


def test_training_learns_to_attend_to_the_marker():
    rng = np.random.default_rng(training.SEED)
    inputs, targets, markers = training.marker_task(rng)
    Wq, Wk, Wv = training.initial_weights(rng)
    started = time.perf_counter()
    Wq, Wk, Wv, losses = training.train(inputs, targets, Wq, Wk, Wv, training.LEARNING_RATE, training.STEPS)
    seconds = time.perf_counter() - started
    assert losses.shape == (training.STEPS + 1,)
    assert losses[0] / losses[-1] >= 10
    assert training.mean_weight_on_marker(inputs, markers, Wq, Wk).min() >= 0.8
    assert seconds < 10  # the course promises about 1-2 s on 2 cores


def test_weight_on_marker_is_the_marked_keys_row():
    A_prime = softmax_columns(np.random.default_rng(3).standard_normal((4, 4)))
    assert training.weight_on_marker(A_prime, 2).tolist() == A_prime[2, :].tolist()
    with pytest.raises(ValueError, match="marker"):
        training.weight_on_marker(np.eye(3), 3)


# ---------------------------------------------------------------- 12_cost

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
    assert np.allclose(O, blockwise.attention_from_qkv(Q, K, V))
    assert cost.attention_flops(N, d_k, d_v) == flops


def test_two_online_steps_equal_the_softmax_of_both_blocks_at_once():
    rng = np.random.default_rng(6)
    first, second = rng.standard_normal((3, 5)) * 4, rng.standard_normal((4, 5)) * 4 + 3
    V_first, V_second = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    m, s, acc = np.full(5, -np.inf), np.zeros(5), np.zeros((2, 5))
    m, s, acc = blockwise.online_softmax_step(m, s, acc, first, V_first)
    m, s, acc = blockwise.online_softmax_step(m, s, acc, second, V_second)
    both, V = np.vstack([first, second]), np.hstack([V_first, V_second])
    assert np.allclose(m, both.max(axis=0))
    assert np.allclose(s, np.exp(both - both.max(axis=0)).sum(axis=0))
    assert np.allclose(acc / s, V @ softmax_columns(both), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("block_size", [1, 4, 7, 10, 29, 30, 64])
def test_blockwise_attention_is_the_matrix_form_even_for_scores_near_1e3(block_size):
    rng = np.random.default_rng(8)
    N, d_k, d_v = 30, 3, 4
    Q, K = rng.standard_normal((d_k, N)) * 20, rng.standard_normal((d_k, N)) * 20
    V = rng.standard_normal((d_v, N))
    assert np.abs(K.T @ Q).max() > 500
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, no NaN on the way
        O = blockwise.blockwise_attention(Q, K, V, block_size)
    assert O.shape == (d_v, N)
    assert np.abs(O - V @ softmax_columns(K.T @ Q)).max() < 1e-10


def test_blockwise_attention_never_holds_an_n_by_n_array():
    rng = np.random.default_rng(12)
    N, d, block = 1024, 8, 64
    Q, K, V = (rng.standard_normal((d, N)) for _ in range(3))
    tracemalloc.start()
    try:
        blockwise.blockwise_attention(Q, K, V, block)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * N * N / 8  # far below one N × N float64 matrix (8 MiB here)


def test_blockwise_attention_rejects_a_bad_block_size():
    Q = np.zeros((2, 3))
    for bad in (0, -1, 2.0):
        with pytest.raises(ValueError, match="block_size"):
            blockwise.blockwise_attention(Q, Q, Q, bad)


# ---------------------------------------------------------------- the named mistakes

EXPECTED_KEYS = {
    "10_gradients/softmax_columns_backward": {"jacobian_rows"},
    "10_gradients/scores_backward": {"dK_missing_transpose", "dQ_missing_transpose"},
    "10_gradients/self_attention_backward": {"jacobian_rows", "dK_missing_transpose", "dQ_missing_transpose",
                                             "forgot_softmax_backward", "dI_missing_terms"},
    "10_gradients/numerical_gradient": {"step_too_large", "step_too_small", "one_sided_difference"},
    "11_training/mse_loss": {"mse_not_averaged", "dO_missing_factor_2"},
    "11_training/gradient_descent_step": {"ascent_not_descent"},
    "11_training/weight_on_marker": {"weight_on_marker_row"},
    "12_cost/attention_flops": {"counted_multiplies_only"},
    "12_cost/online_softmax_step": {"forgot_rescale"},
    "12_cost/blockwise_attention": {"forgot_rescale"},
}


def generic_arguments():
    """Generic inputs for each exercise, sizes all different (d_in=5, d_k=3, d_v=4, N=6)."""
    rng = np.random.default_rng(21)
    I, Wq, Wk, Wv = random_problem(21, **SIZES)
    dO = upstream(21, SIZES["d_v"], SIZES["N"])
    A_prime = softmax_columns(rng.standard_normal((6, 6)) * 2)
    Q, K, V = rng.standard_normal((3, 6)), rng.standard_normal((3, 6)), rng.standard_normal((4, 6))
    scores = rng.standard_normal((5, 6)) * 3
    return {
        "softmax_columns_backward": ((A_prime, rng.standard_normal((6, 6))), gradients.softmax_columns_backward),
        "scores_backward": ((Q, K, rng.standard_normal((6, 6))), gradients.scores_backward),
        "self_attention_backward": ((I, Wq, Wk, Wv, dO), gradients.self_attention_backward),
        "numerical_gradient": ((I, Wq, Wk, Wv, dO), gradients.numerical_gradient),
        "mse_loss": ((rng.standard_normal((4, 6)), rng.standard_normal((4, 6))), training.mse_loss),
        "gradient_descent_step": ((I, rng.standard_normal((4, 6)), Wq, Wk, Wv, 0.1), training.gradient_descent_step),
        "weight_on_marker": ((A_prime, 2), training.weight_on_marker),
        "attention_flops": ((6, 3, 4), cost.attention_flops),
        "online_softmax_step": ((rng.standard_normal(6), rng.random(6) + 1, rng.standard_normal((4, 6)), scores,
                                 rng.standard_normal((4, 5))), blockwise.online_softmax_step),
        "blockwise_attention": ((Q * 3, K * 3, V, 4), blockwise.blockwise_attention),
    }


def same_answer(x, y):
    if isinstance(x, tuple):
        return len(x) == len(y) and all(same_answer(a, b) for a, b in zip(x, y))
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return x.shape == y.shape and np.allclose(x, y, rtol=1e-6, atol=1e-9)


def test_every_named_mistake_is_there():
    assert {key: set(mistakes) for key, mistakes in MISTAKEN_TRAINING.items()} == EXPECTED_KEYS


@pytest.mark.parametrize("exercise, mistake", [(e, m) for e, ms in EXPECTED_KEYS.items() for m in sorted(ms)])
def test_each_mistake_differs_from_the_right_answer(exercise, mistake):
    arguments, right = generic_arguments()[exercise.split("/")[1]]
    copies = [np.array(a, copy=True) for a in arguments]
    wrong_answer = MISTAKEN_TRAINING[exercise][mistake](*arguments)  # generic inputs: every mistake computes
    right_answer = right(*arguments)
    if exercise.endswith("numerical_gradient"):  # judged on the gradient, by the same rtol as the grader
        assert not np.allclose(wrong_answer[0], right_answer[0], rtol=1e-6, atol=0)
    else:
        assert not same_answer(wrong_answer, right_answer)
    assert all(np.array_equal(a, c) for a, c in zip(arguments, copies))


def test_the_right_answers_leave_their_arguments_alone():
    for arguments, right in generic_arguments().values():
        copies = [np.array(a, copy=True) for a in arguments]
        right(*arguments)
        assert all(np.array_equal(a, c) for a, c in zip(arguments, copies)), right.__name__


@pytest.mark.parametrize("N, strip", [(1, 64), (7, 3), (130, 64), (64, 64)])
def test_the_fast_matrix_form_equals_the_lecture_chain(N, strip):
    rng = np.random.default_rng(N)
    Q, K, V = 30 * rng.standard_normal((4, N)), 30 * rng.standard_normal((4, N)), rng.standard_normal((3, N))
    before = [x.copy() for x in (Q, K, V)]
    chain = reference.weighted_sum(V, reference.softmax_columns(reference.attention_scores(Q, K)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scores in the thousands: no overflow allowed
        fast = blockwise.attention_from_qkv(Q, K, V, strip=strip)
    assert fast.shape == (3, N) and np.allclose(fast, chain, rtol=1e-12, atol=1e-12)
    assert all(np.array_equal(x, y) for x, y in zip((Q, K, V), before))
