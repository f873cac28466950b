"""Are the given pieces of notebook 13 right: those of ``course_lib/capstone.py`` (the text and its characters,
the one-hot columns, training windows, a sampler that repeats itself with a fixed seed), and the notebook's
given cell, the reference answers of notebooks 06, 08 and 10 written again?
"""

import numpy as np

from autograder.course import cell_source
from course_lib import capstone
from course_lib.reference import capstone as reference_capstone
from course_lib.reference import masking, positions


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


def _given_pieces():
    """The functions notebook 13's given cell defines (the earlier notebooks' pieces), run as the notebook runs it."""
    namespace = {"np": np}
    exec(cell_source("13_capstone", "helper"), namespace)
    return namespace


def test_the_notebooks_given_pieces_are_the_reference_answers_of_notebooks_06_08_and_10():
    given = _given_pieces()
    rng = np.random.default_rng(0)
    for d, N in ((6, 9), (5, 4), (1, 1)):
        assert np.allclose(given["positional_encoding"](d, N), positions.sinusoidal_encoding(d, N))
        assert np.array_equal(given["causal_mask"](N), masking.causal_mask(N))
        A = rng.standard_normal((N, N)) * 30
        assert np.allclose(given["masked_softmax_columns"](A, masking.causal_mask(N)),
                           masking.masked_softmax_columns(A, masking.causal_mask(N)))
    d, d_k, N = 5, 3, 6
    I, dO = rng.standard_normal((d, N)), rng.standard_normal((d, N))
    Wq, Wk, Wv = rng.standard_normal((d_k, d)), rng.standard_normal((d_k, d)), rng.standard_normal((d, d))
    A_prime = masking.masked_softmax_columns((Wk @ I).T @ (Wq @ I) / np.sqrt(d_k), masking.causal_mask(N))
    for mine, theirs in zip(given["masked_attention_backward"](I, Wq, Wk, Wv, A_prime, dO),
                            reference_capstone.masked_attention_backward(I, Wq, Wk, Wv, A_prime, dO), strict=True):
        assert np.allclose(mine, theirs)


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
