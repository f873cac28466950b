"""Are the given pieces of notebook 13 (``course_lib/capstone.py``) right: the text and its characters, the
one-hot columns, the positions and mask of notebooks 08 and 06, the masked layer's backward pass, and a
sampler that repeats itself with a fixed seed?
"""

import numpy as np

from course_lib import capstone
from course_lib.reference import masking, positions

from .reference.conftest import central_differences


def test_the_text_is_a_few_kilobytes_of_lower_case_rhymes_without_its_header():
    text = capstone.load_text()
    assert 4000 < len(text) < 20000
    assert not text.startswith("#") and "public domain" not in text
    assert "public domain" in capstone.TEXT_PATH.read_text(encoding="utf-8").split("\n\n")[0]
    assert text == text.lower() and "humpty dumpty" in text
    assert 30 <= len(capstone.characters(text)) <= 60


def test_encode_and_decode_are_inverse_and_one_hot_picks_columns():
    chars = capstone.characters("hello, world")
    ids = capstone.encode("hello", chars)
    assert capstone.decode(ids, chars) == "hello"
    X = capstone.one_hot(ids, len(chars))
    assert X.shape == (len(chars), 5) and np.array_equal(X.argmax(axis=0), ids) and np.all(X.sum(axis=0) == 1)


def test_the_positions_and_the_mask_are_those_of_notebooks_08_and_06():
    assert np.allclose(capstone.positional_encoding(6, 9), positions.sinusoidal_encoding(6, 9))
    assert np.array_equal(capstone.causal_mask(5), masking.causal_mask(5))
    A = np.random.default_rng(0).standard_normal((5, 5))
    assert np.allclose(capstone.masked_softmax_columns(A, capstone.causal_mask(5)),
                       masking.masked_softmax_columns(A, masking.causal_mask(5)))


def test_the_masked_backward_pass_against_finite_differences():
    rng = np.random.default_rng(1)
    d, d_k, N = 5, 3, 6
    I, dO = rng.standard_normal((d, N)), rng.standard_normal((d, N))
    Wq, Wk, Wv = rng.standard_normal((d_k, d)), rng.standard_normal((d_k, d)), rng.standard_normal((d, d))
    mask = capstone.causal_mask(N)

    def loss(I, Wq, Wk, Wv):  # Σ dO ⊙ O has the gradient dO with respect to O
        A_prime = capstone.masked_softmax_columns((Wk @ I).T @ (Wq @ I) / np.sqrt(d_k), mask)
        return np.sum(dO * (Wv @ I @ A_prime))

    A_prime = capstone.masked_softmax_columns((Wk @ I).T @ (Wq @ I) / np.sqrt(d_k), mask)
    dWq, dWk, dWv, dI = capstone.masked_attention_backward(I, Wq, Wk, Wv, A_prime, dO)
    assert np.allclose(dWq, central_differences(lambda M: loss(I, M, Wk, Wv), Wq), atol=1e-7)
    assert np.allclose(dWk, central_differences(lambda M: loss(I, Wq, M, Wv), Wk), atol=1e-7)
    assert np.allclose(dWv, central_differences(lambda M: loss(I, Wq, Wk, M), Wv), atol=1e-7)
    assert np.allclose(dI, central_differences(lambda M: loss(M, Wq, Wk, Wv), I), atol=1e-7)


def test_training_windows_are_consecutive_characters_of_the_text():
    ids = np.arange(100)
    windows = capstone.training_windows(np.random.default_rng(2), ids, 5, 8)
    assert windows.shape == (5, 9)
    assert np.all(np.diff(windows, axis=1) == 1)


def test_generate_repeats_itself_with_a_fixed_seed_and_starts_with_the_prompt():
    chars = "ab c"
    rng = np.random.default_rng(3)
    weights = capstone.initial_weights(rng, len(chars), d=4, d_k=2)

    def forward(X, E, Wq, Wk, Wv, Wout):  # any model with the student's signature will do
        return Wout @ (E @ X), None

    first = capstone.generate(forward, weights, "ab", 20, chars, np.random.default_rng(4))
    again = capstone.generate(forward, weights, "ab", 20, chars, np.random.default_rng(4))
    assert first == again and first.startswith("ab") and len(first) == 22 and set(first) <= set(chars)
