"""Is ``reference/positions.py`` (notebook 08) right: the sinusoidal encoding entry by entry, permuted
positions, and attention with positions? And do the mistakes that need special sizes raise elsewhere?
"""

import math

import numpy as np
import pytest

from course_lib.examples import random_problem
from course_lib.reference import layer, positions
from course_lib.reference.mistaken import MISTAKEN

from .conftest import SIZES, loop_attention


def encoding_by_formula(d_model, N):
    """P[2m, i] = sin(i / 10000^(2m/d)), P[2m+1, i] = cos(same), entry by entry with math."""
    P = np.empty((d_model, N))
    for row in range(d_model):
        m = row // 2
        for i in range(N):
            angle = i / 10000 ** (2 * m / d_model)
            P[row, i] = math.sin(angle) if row % 2 == 0 else math.cos(angle)
    return P


def test_sinusoid_at_known_points():
    P = positions.sinusoidal_encoding(4, 3)
    assert P.shape == (4, 3) and P.dtype == np.float64
    assert P[:, 0].tolist() == [0.0, 1.0, 0.0, 1.0]  # position 0: sin 0, cos 0
    assert P[0, 1] == pytest.approx(math.sin(1.0)) and P[1, 1] == pytest.approx(math.cos(1.0))
    assert P[2, 2] == pytest.approx(math.sin(2 / 100)) and P[3, 2] == pytest.approx(math.cos(2 / 100))


@pytest.mark.parametrize("d_model, N", [(6, 5), (5, 7), (1, 3), (8, 1)])
def test_sinusoid_agrees_with_the_formula_entry_by_entry(d_model, N):
    assert np.allclose(positions.sinusoidal_encoding(d_model, N), encoding_by_formula(d_model, N), rtol=1e-13, atol=1e-15)


def test_each_sine_cosine_pair_lies_on_the_unit_circle():
    P = positions.sinusoidal_encoding(10, 50)
    assert np.allclose(P[0::2] ** 2 + P[1::2] ** 2, 1.0)
    assert len({tuple(np.round(P[:, i], 12)) for i in range(50)}) == 50  # every position distinct


def test_permute_positions_by_hand():
    I = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    moved = positions.permute_positions(I, [2, 0, 1])
    assert moved.tolist() == [[3.0, 1.0, 2.0], [6.0, 4.0, 5.0]]  # position 0 holds old position 2
    moved[0, 0] = 99.0
    assert I[0, 2] == 3.0


def test_the_layer_alone_is_permutation_equivariant_and_positions_break_it(problem):
    I, Wq, Wk, Wv = problem
    order = np.array([3, 0, 5, 1, 4, 2])
    plain = layer.self_attention(positions.permute_positions(I, order), Wq, Wk, Wv)
    assert np.allclose(plain, positions.permute_positions(layer.self_attention(I, Wq, Wk, Wv), order), rtol=1e-12)
    with_positions = positions.attention_with_positions(positions.permute_positions(I, order), Wq, Wk, Wv)
    reordered = positions.permute_positions(positions.attention_with_positions(I, Wq, Wk, Wv), order)
    assert not np.allclose(with_positions, reordered, rtol=1e-3, atol=1e-3)


def test_attention_with_positions_is_the_unscaled_loop_on_inputs_plus_positions(problem):
    I, Wq, Wk, Wv = problem
    P = encoding_by_formula(SIZES["d_in"], SIZES["N"])
    expected = loop_attention(I + P, Wq, Wk, Wv, scale=False)
    assert np.allclose(positions.attention_with_positions(I, Wq, Wk, Wv), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("call, words", [
    (lambda I: positions.permute_positions(I, [0, 1, 2]), "permutation"),
    (lambda I: positions.permute_positions(I, [0, 1, 2, 3, 4, 4]), "permutation"),
    (lambda I: positions.permute_positions(I, [0.0, 1, 2, 3, 4, 5]), "ints"),
    (lambda I: positions.permute_positions(I, [[0, 1, 2, 3, 4, 5]]), "ints"),
    (lambda I: positions.sinusoidal_encoding(0, 3), "d_model"),
    (lambda I: positions.sinusoidal_encoding(4, 2.0), "N must be an int"),
    (lambda I: positions.attention_with_positions(I[:, :0], np.ones((3, 5)), np.ones((3, 5)), np.ones((4, 5))), "N >= 1"),
])
def test_positions_errors(problem, call, words):
    with pytest.raises(ValueError, match=words):
        call(problem[0])


def test_mistakes_that_need_special_sizes_raise_value_error_elsewhere():
    I, Wq, Wk, Wv = random_problem(2, **SIZES)  # d_in = 5 < N = 6
    with pytest.raises(ValueError):
        MISTAKEN["08_positions/permute_positions"]["permuted_rows"](I, np.arange(6)[::-1])
    with pytest.raises(ValueError):
        MISTAKEN["08_positions/attention_with_positions"]["positions_in_rows"](I, Wq, Wk, Wv)
