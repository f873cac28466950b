"""Problems and independent derivations shared by the tests of the reference answers, one test file per
module of ``course_lib/reference/``."""

import math

import numpy as np
import pytest

from course_lib.examples import random_problem

SIZES = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}
H, D_OUT = 3, 7  # heads and output size for multi-head attention, unlike every size above


@pytest.fixture
def lecture_problem():
    """I, W^q, W^k, W^v for the lecture's modules (notebooks 01-05)."""
    return random_problem(7, **SIZES)


# Notebooks 06-09.

@pytest.fixture
def problem():
    return random_problem(11, **SIZES)


def heads_problem(seed=5, h=H, d_in=5, d_k=3, d_v=4, N=6, d_out=D_OUT):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((d_in, N)), rng.standard_normal((h, d_k, d_in)),
            rng.standard_normal((h, d_k, d_in)), rng.standard_normal((h, d_v, d_in)),
            rng.standard_normal((d_out, h * d_v)))


def torch_problem(seed=3, batch=2, N=5, d_model=6, biases=True):
    rng = np.random.default_rng(seed)
    scale = 1.0 if biases else 0.0
    return (rng.standard_normal((batch, N, d_model)), rng.standard_normal((3 * d_model, d_model)),
            scale * rng.standard_normal(3 * d_model), rng.standard_normal((d_model, d_model)),
            scale * rng.standard_normal(d_model))


def loop_attention(I, Wq, Wk, Wv, scale=True, allowed=None):
    """The layer position by position with Python sums: b^i = Σ over allowed j of α'_{i,j} v^j."""
    d_in, N = I.shape
    q = [Wq @ I[:, i] for i in range(N)]
    k = [Wk @ I[:, j] for j in range(N)]
    v = [Wv @ I[:, j] for j in range(N)]
    divisor = math.sqrt(Wq.shape[0]) if scale else 1.0
    outputs = []
    for i in range(N):
        keys = [j for j in range(N) if allowed is None or allowed(i, j)]
        alpha = {j: float(q[i] @ k[j]) / divisor for j in keys}
        b = np.zeros(Wv.shape[0])
        if keys:
            top = max(alpha.values())
            e = {j: math.exp(alpha[j] - top) for j in keys}
            total = sum(e.values())
            for j in keys:
                b = b + e[j] / total * v[j]
        outputs.append(b)
    return np.stack(outputs, axis=1)


# Notebooks 10-12.

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
