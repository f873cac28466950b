"""Is ``reference/training.py`` (notebook 11) right: the loss by hand, a descent step that lowers it, and
a training run that learns to attend to the marker?
"""

import time

import numpy as np
import pytest

from course_lib.examples import random_problem
from course_lib.reference import gradients, training
from course_lib.reference.softmax import softmax_columns

from .conftest import SIZES, central_differences, layer_output


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
