"""Example data: the course's example (four inputs, as the lecture draws) and seeded random problems.

The lecture draws four input vectors a^1 … a^4 without giving numbers; the
numbers below, and the weights, are this course's own, small integers so that
a score can be checked by hand. Sizes are all different (d_in = 3, d_k = 2, d_v = 5, N = 4)
so that a transposed matrix shows up as a shape error.
"""

import json

import numpy as np

from .stored_cases import LECTURE_CHAIN, decode, path_for

def lecture_inputs():
    """The input matrix I = [a^1 a^2 a^3 a^4], shape (d_in, N) = (3, 4).

    Column i (0-based in Python) is a^{i+1} (the lecture counts from 1). The
    numbers are the course's: the lecture gives none.
    """
    return np.array([
        [1.0, 0.0, 1.0, 2.0],
        [0.0, 2.0, 1.0, 1.0],
        [1.0, 1.0, 0.0, 3.0],
    ])


def lecture_weights():
    """Example weights (W^q, W^k, W^v) with shapes (2, 3), (2, 3), (5, 3).

    In a trained network these are learned; here they are the course's fixed
    small integers (the lecture gives no numbers).
    """
    Wq = np.array([[1.0, 0.0, 1.0],
                   [0.0, 1.0, -1.0]])
    Wk = np.array([[0.0, 1.0, 1.0],
                   [1.0, 0.0, -1.0]])
    Wv = np.array([[1.0, 0.0, 0.0],
                   [0.0, 1.0, 0.0],
                   [0.0, 0.0, 1.0],
                   [1.0, 1.0, 0.0],
                   [0.0, 1.0, 1.0]])
    return Wq, Wk, Wv


def random_problem(seed, d_in=5, d_k=3, d_v=4, N=6):
    """A seeded random problem: (I, W^q, W^k, W^v) with standard normal entries.

    Shapes: I (d_in, N), W^q (d_k, d_in), W^k (d_k, d_in), W^v (d_v, d_in).
    The same seed always gives the same arrays.
    """
    rng = np.random.default_rng(seed)
    I = rng.standard_normal((d_in, N))
    Wq = rng.standard_normal((d_k, d_in))
    Wk = rng.standard_normal((d_k, d_in))
    Wv = rng.standard_normal((d_v, d_in))
    return I, Wq, Wk, Wv


def lecture_chain():
    """Every matrix of the layer for the course's example: {"I", "Q", "K", "V", "A", "A_prime", "O"}.

    Stored numbers (computed with the reference answers), so that a notebook
    can start mid-chain, e.g. from V and A', without showing how to compute them.
    """
    stored = json.loads(path_for(LECTURE_CHAIN).read_text())
    return {name: decode(value) for name, value in stored.items()}
