"""Training the layer by gradient descent on a task that needs attention: copy the marked input.

Taught in notebook 11_training (beyond the lecture, which never trains the
layer). The marker task: every input vector is

    a^i = [x^i; marker bit; 1]      (d_in = d_c + 2)

with x^i of length d_c, exactly one position m per sequence marked (bit 1,
all others 0) and a constant 1 last. The target at EVERY position is the
content of the marked one: T = [x^m x^m … x^m], shape (d_c, N). A position
cannot know x^m by itself; it has to attend to key m. The layer can do it:
W^q turns the constant 1 into a query, W^k the marker bit into a key that
matches it, and W^v copies x. Gradient descent finds such weights from
small random ones (see train and the constants below).

Loss: mse = mean((O - T)²) over all d_c·N entries, so ∂mse/∂O = 2 (O - T) / (d_c·N).
"""

import numpy as np

from ._shapes import as_matrix, require_equal
from .gradients import self_attention_backward
from .layer import self_attention
from .scores import attention_scores
from .softmax import softmax_columns

# The course's default marker task and training run (11_training uses these).
SEED = 0  # numpy.random.default_rng(SEED) draws the task, then the starting weights
N_SEQUENCES = 64  # sequences in the training set (one full batch)
N = 6  # positions per sequence
D_C = 4  # length of each content vector x^i: d_in = D_C + 2, d_v = D_C
D_K = 3  # rows of W^q and W^k
INIT_SCALE = 0.1  # starting weights: INIT_SCALE × standard normal entries
LEARNING_RATE = 1.0
STEPS = 100


def mse_loss(O, T):
    """Mean squared error and its gradient: mse = mean((O - T)²), dO = ∂mse/∂O = 2 (O - T) / O.size.

    Inputs:
        O: the layer's outputs, shape (d_v, N)
        T: the targets, the same shape as O
    Returns:
        (mse, a Python float; dO, shape (d_v, N))
    Notebook: 11_training.
    """
    O = as_matrix("O", O)
    T = as_matrix("T", T)
    require_equal(O.shape, T.shape, "shape of T == shape of O (d_v, N)", O=O.shape, T=T.shape)
    difference = O - T
    return float(np.mean(difference ** 2)), 2.0 * difference / O.size


def gradient_descent_step(I, T, Wq, Wk, Wv, learning_rate):
    """One step of gradient descent on mse(self_attention(I, W^q, W^k, W^v), T).

        (dW^q, dW^k, dW^v, _) = self_attention_backward(I, W^q, W^k, W^v, dO),  dO = ∂mse/∂O
        W^q_new = W^q - η dW^q,  W^k_new = W^k - η dW^k,  W^v_new = W^v - η dW^v   (η = learning_rate)

    New arrays are returned; the caller's weights are not changed.

    Inputs:
        I: inputs, shape (d_in, N);  T: targets, shape (d_v, N)
        Wq, Wk: shape (d_k, d_in);  Wv: shape (d_v, d_in);  learning_rate: η > 0, a float
    Returns:
        (W^q_new, W^k_new, W^v_new, the mse BEFORE the step, a float)
    Notebook: 11_training.
    """
    loss, gradients = _loss_and_gradients(I, T, Wq, Wk, Wv)
    weights = [as_matrix(name, W) for name, W in (("W^q", Wq), ("W^k", Wk), ("W^v", Wv))]
    return (*(W - learning_rate * dW for W, dW in zip(weights, gradients)), loss)


def marker_task(rng, n_sequences=N_SEQUENCES, N=N, d_c=D_C):
    """A training set for the marker task, drawn from ``rng`` (a numpy Generator).

    Sequence s: x^i standard normal, one marked position markers[s] (uniform),
    inputs[s] = I = [a^1 … a^N] with a^i = [x^i; bit; 1], targets[s] = T with
    every column x^{markers[s]}.

    Returns:
        (inputs (S, d_c + 2, N), targets (S, d_c, N), markers (S,) ints), S = n_sequences
    Notebook: 11_training (not graded).
    """
    if min(n_sequences, N, d_c) < 1:
        raise ValueError(f"marker_task needs n_sequences, N and d_c >= 1, got {n_sequences}, {N}, {d_c}")
    x = rng.standard_normal((n_sequences, d_c, N))
    markers = rng.integers(0, N, size=n_sequences)
    bits = np.zeros((n_sequences, 1, N))
    bits[np.arange(n_sequences), 0, markers] = 1.0
    inputs = np.concatenate([x, bits, np.ones((n_sequences, 1, N))], axis=1)  # (S, d_c + 2, N)
    marked = x[np.arange(n_sequences), :, markers]  # (S, d_c): x^m of each sequence
    targets = np.repeat(marked[:, :, None], N, axis=2)  # (S, d_c, N)
    return inputs, targets, markers


def initial_weights(rng, d_in=D_C + 2, d_k=D_K, d_v=D_C, scale=INIT_SCALE):
    """Small random starting weights (W^q, W^k, W^v): scale × standard normal entries.

    Shapes (d_k, d_in), (d_k, d_in), (d_v, d_in). Notebook: 11_training (not graded).
    """
    return (scale * rng.standard_normal((d_k, d_in)), scale * rng.standard_normal((d_k, d_in)),
            scale * rng.standard_normal((d_v, d_in)))


def train(inputs, targets, Wq, Wk, Wv, learning_rate=LEARNING_RATE, steps=STEPS):
    """Full-batch gradient descent: each step uses the MEAN gradient over all S sequences.

        W ← W - η · (1/S) Σ_s ∂mse(O_s, T_s)/∂W     for W in W^q, W^k, W^v, ``steps`` times

    Inputs:
        inputs: (S, d_in, N);  targets: (S, d_v, N)
        Wq, Wk: starting weights, shape (d_k, d_in);  Wv: shape (d_v, d_in) (the caller's arrays stay as they are)
        learning_rate: η;  steps: how many updates
    Returns:
        (W^q, W^k, W^v after training, losses): losses has shape (steps + 1,), the mean mse
        before each step and, last, after the final one
    Notebook: 11_training (not graded).
    """
    inputs = np.asarray(inputs, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.float64)
    if inputs.ndim != 3 or targets.ndim != 3:
        raise ValueError(f"inputs and targets must be stacks of matrices (S, d, N), got shapes "
                         f"{inputs.shape} and {targets.shape}")
    require_equal(inputs.shape[0], targets.shape[0], "sequences in targets == sequences in inputs (S)",
                  inputs=inputs.shape, targets=targets.shape)
    require_equal(inputs.shape[2], targets.shape[2], "columns of each target == columns of each input (N)",
                  inputs=inputs.shape, targets=targets.shape)
    if inputs.shape[0] == 0:
        raise ValueError("train needs at least one sequence")
    weights = [as_matrix(name, W).copy() for name, W in (("W^q", Wq), ("W^k", Wk), ("W^v", Wv))]
    losses = []
    for step in range(steps + 1):
        results = [_loss_and_gradients(I, T, *weights) for I, T in zip(inputs, targets)]
        losses.append(sum(loss for loss, _ in results) / len(results))
        if step == steps:
            break  # the last pass only measures the loss after the final step
        for W, *dWs in zip(weights, *(gradients for _, gradients in results)):
            W -= learning_rate * (sum(dWs) / len(dWs))  # our own copies, never the caller's
    return (*weights, np.array(losses))


def weight_on_marker(A_prime, marker):
    """How much attention each query pays to the marked key: A'[marker, :], shape (N,).

    Row ``marker`` of A' holds α'_{i,marker} for every query i (columns are
    queries, rows are keys). Near 1 everywhere once the layer has learned the task.

    Inputs:
        A_prime: attention weights A', shape (N, N);  marker: the marked position m, 0 <= m < N
    Returns:
        shape (N,), entry i = α'_{i,m}
    Notebook: 11_training.
    """
    A_prime = as_matrix("A'", A_prime)
    require_equal(A_prime.shape[0], A_prime.shape[1], "rows of A' == columns of A' (N)", **{"A'": A_prime.shape})
    if int(marker) != marker or not 0 <= marker < A_prime.shape[0]:
        raise ValueError(f"marker must be a position 0 <= m < N = {A_prime.shape[0]}, got {marker!r}")
    return A_prime[int(marker), :].copy()


def attention_weights(I, Wq, Wk):
    """A' = softmax_columns(Kᵀ Q) for inputs I: the layer's attention, shape (N, N).

    Notebook: 11_training (to look inside the trained layer; not graded).
    """
    I = as_matrix("I", I)
    Wq, Wk = as_matrix("W^q", Wq), as_matrix("W^k", Wk)
    for name, W in (("W^q", Wq), ("W^k", Wk)):
        require_equal(W.shape[1], I.shape[0], f"columns of {name} == rows of I (d_in)", **{name: W.shape, "I": I.shape})
    return softmax_columns(attention_scores(Wq @ I, Wk @ I))  # (N, N)


def mean_weight_on_marker(inputs, markers, Wq, Wk):
    """The mean over sequences of weight_on_marker(A'_s, markers[s]), shape (N,): one number per query position.

    Notebook: 11_training (not graded).
    """
    shares = [weight_on_marker(attention_weights(I, Wq, Wk), m) for I, m in zip(inputs, markers)]
    return np.mean(shares, axis=0)


def _loss_and_gradients(I, T, Wq, Wk, Wv):
    """mse of the layer on (I, T) and its gradients (dW^q, dW^k, dW^v)."""
    loss, dO = mse_loss(self_attention(I, Wq, Wk, Wv), T)
    dWq, dWk, dWv, _ = self_attention_backward(I, Wq, Wk, Wv, dO)
    return loss, (dWq, dWk, dWv)
