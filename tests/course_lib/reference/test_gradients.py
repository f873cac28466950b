"""Are ``reference/gradients.py``'s backward passes (notebook 10) right: against the explicit Jacobian,
central differences on every argument, and cases by hand?
"""

import numpy as np
import pytest

from course_lib.examples import random_problem
from course_lib.reference import gradients
from course_lib.reference.softmax import softmax_columns

from .conftest import SEVERAL_SIZES, SIZES, central_differences, layer_output, relative, upstream


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
