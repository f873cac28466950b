"""Is ``reference/capstone.py`` (notebook 13) right: the loss against a softmax written out and against
finite differences, a forward pass that never looks ahead, a training step whose gradients are those of the
loss, a training run whose loss falls, and the masked layer's backward pass against finite differences?
"""

import numpy as np
import pytest

from course_lib import capstone as given
from course_lib.reference import capstone, masking

from .conftest import central_differences

VOCAB, D, D_K, N = 7, 6, 3, 5  # all different: a transposed product fails loudly


def _weights(seed):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((D, VOCAB)), rng.standard_normal((D_K, D)) / np.sqrt(D),
            rng.standard_normal((D_K, D)) / np.sqrt(D), rng.standard_normal((D, D)) / np.sqrt(D),
            rng.standard_normal((VOCAB, D)) / np.sqrt(D))


def _window_loss(ids, weights):
    """The next-character loss of one window, from the forward pass and the loss."""
    logits, _ = capstone.capstone_forward(given.one_hot(ids[:-1], weights[0].shape[1]), *weights)
    return capstone.cross_entropy_columns(logits, ids[1:])[0]


def test_cross_entropy_against_a_softmax_written_out_and_finite_differences():
    rng = np.random.default_rng(1)
    logits, targets = rng.standard_normal((VOCAB, N)), rng.integers(0, VOCAB, N)
    loss, dlogits = capstone.cross_entropy_columns(logits, targets)
    P = np.exp(logits) / np.exp(logits).sum(axis=0)
    assert isinstance(loss, float)
    assert np.isclose(loss, -np.mean([np.log(P[targets[i], i]) for i in range(N)]), rtol=1e-12)
    numeric = central_differences(lambda Z: capstone.cross_entropy_columns(Z, targets)[0], logits)
    assert np.allclose(dlogits, numeric, atol=1e-8)
    assert np.allclose(dlogits.sum(axis=0), 0.0)  # (P - Y) / N: every column sums to 0


def test_cross_entropy_stays_finite_for_logits_of_1e3():
    rng = np.random.default_rng(2)
    logits = 1000.0 * rng.standard_normal((VOCAB, N))
    targets = rng.integers(0, VOCAB, N)
    loss, dlogits = capstone.cross_entropy_columns(logits, targets)
    expected = np.mean(logits.max(axis=0) - logits[targets, np.arange(N)])  # log Σ exp ≈ the maximum here
    assert np.isfinite(loss) and np.all(np.isfinite(dlogits))
    assert np.isclose(loss, expected, rtol=1e-6)


def test_the_forward_pass_is_causal_and_its_weights_sum_to_one():
    weights = _weights(3)
    ids = np.random.default_rng(3).integers(0, VOCAB, N)
    logits, A_prime = capstone.capstone_forward(given.one_hot(ids, VOCAB), *weights)
    assert logits.shape == (VOCAB, N) and A_prime.shape == (N, N)
    assert np.allclose(A_prime.sum(axis=0), 1.0)
    assert np.all(np.tril(A_prime, k=-1) == 0.0)  # keys j > i get no weight from query i
    changed = ids.copy()
    changed[-1] = (changed[-1] + 1) % VOCAB
    logits_changed, _ = capstone.capstone_forward(given.one_hot(changed, VOCAB), *weights)
    assert np.allclose(logits_changed[:, :-1], logits[:, :-1])  # the last character changes only its own column
    assert not np.allclose(logits_changed[:, -1], logits[:, -1])


def test_the_forward_pass_sees_the_positions():
    weights = _weights(4)
    X = given.one_hot(np.zeros(N, dtype=np.int64), VOCAB)  # the same character everywhere
    logits, _ = capstone.capstone_forward(X, *weights)
    assert not np.allclose(logits[:, 0], logits[:, 1])  # only P tells the positions apart


def test_the_training_step_follows_the_gradient_of_the_loss():
    weights = _weights(5)
    copies = [W.copy() for W in weights]
    ids = np.random.default_rng(5).integers(0, VOCAB, N + 1)
    eta = 1e-3
    *new, loss = capstone.capstone_training_step(ids, *weights, eta)
    assert np.isclose(loss, _window_loss(ids, weights), rtol=1e-12)
    for n, (W, W_new) in enumerate(zip(weights, new)):
        def loss_of(M, n=n):
            return _window_loss(ids, [M if m == n else other for m, other in enumerate(weights)])
        assert np.allclose((W - W_new) / eta, central_differences(loss_of, W), atol=1e-7), f"parameter {n}"
    assert all(np.array_equal(W, c) for W, c in zip(weights, copies))  # the caller's arrays are left alone
    assert _window_loss(ids, new) < loss


def test_the_training_step_refuses_a_window_of_one_character():
    with pytest.raises(ValueError, match="at least 2"):
        capstone.capstone_training_step(np.array([3]), *_weights(6), 0.1)


def test_a_short_training_run_lowers_the_loss_on_the_text():
    text = given.load_text()
    chars = given.characters(text)
    ids = given.encode(text, chars)
    rng = np.random.default_rng(given.SEED)
    weights = given.initial_weights(rng, len(chars), d=16, d_k=8)
    windows = given.training_windows(rng, ids, 8, 16)
    before = np.mean([_window_loss(w, weights) for w in windows])
    for _ in range(60):
        results = [capstone.capstone_training_step(w, *weights, 1.0) for w in windows]
        weights = [np.mean([r[n] for r in results], axis=0) for n in range(5)]
    assert np.mean([_window_loss(w, weights) for w in windows]) < before - 0.5


def test_the_masked_backward_pass_against_finite_differences():
    rng = np.random.default_rng(1)
    d, d_k, N = 5, 3, 6
    I, dO = rng.standard_normal((d, N)), rng.standard_normal((d, N))
    Wq, Wk, Wv = rng.standard_normal((d_k, d)), rng.standard_normal((d_k, d)), rng.standard_normal((d, d))
    mask = masking.causal_mask(N)

    def loss(I, Wq, Wk, Wv):  # Σ dO ⊙ O has the gradient dO with respect to O
        A_prime = masking.masked_softmax_columns((Wk @ I).T @ (Wq @ I) / np.sqrt(d_k), mask)
        return np.sum(dO * (Wv @ I @ A_prime))

    A_prime = masking.masked_softmax_columns((Wk @ I).T @ (Wq @ I) / np.sqrt(d_k), mask)
    dWq, dWk, dWv, dI = capstone.masked_attention_backward(I, Wq, Wk, Wv, A_prime, dO)
    assert np.allclose(dWq, central_differences(lambda M: loss(I, M, Wk, Wv), Wq), atol=1e-7)
    assert np.allclose(dWk, central_differences(lambda M: loss(I, Wq, M, Wv), Wk), atol=1e-7)
    assert np.allclose(dWv, central_differences(lambda M: loss(I, Wq, Wk, M), Wv), atol=1e-7)
    assert np.allclose(dI, central_differences(lambda M: loss(M, Wq, Wk, Wv), I), atol=1e-7)
