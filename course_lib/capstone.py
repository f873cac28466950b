"""The given pieces of notebook 13_capstone: the text, its characters, and the parts of the model a student
does not write again.

Beyond the lecture (the lecture trains nothing and reads no text). The model
predicts the next character of a text, one position per column:

    X: one-hot columns, shape (vocab, N)         the characters x^1 … x^N
    I = E X + P                                  E (d, vocab) embeddings, P (d, N) positions (notebook 08)
    Q = W^q I, K = W^k I, V = W^v I              W^q, W^k (d_k, d), W^v (d, d)
    A = Kᵀ Q / √d_k, masked causally             query i sees the keys j <= i only (notebook 06)
    A' = softmax of each column, O = V A'        (notebooks 03 to 05)
    H = I + O                                    a residual: each position keeps its own input
    logits = W^out H                             W^out (vocab, d): column i scores every possible x^{i+1}

The student writes the loss, the forward pass and the training step (the
answers are in course_lib.reference.capstone). The pieces that are earlier
notebooks' answers (the sinusoidal positions, the causal mask, the masked
softmax, the masked layer's backward pass) are given in the notebook itself,
so that no earlier assignment's release holds them; this module gives the
rest as readable code: loading the text, one-hot columns, starting weights,
training windows and sampling.
"""

from pathlib import Path

import numpy as np

TEXT_PATH = Path(__file__).parent / "texts" / "nursery_rhymes.txt"

# The course's run in 13_capstone (a few seconds to a few tens of seconds on two cores).
SEED = 0
D_MODEL = 32  # d: rows of E, of P and of every hidden column
D_K = 16  # rows of W^q and W^k
CONTEXT = 32  # N: positions per training window, and the most a generated character looks back
INIT_SCALE = 0.3  # E's entries at the start; the other weights are scaled by 1/√d


def load_text(path=TEXT_PATH):
    """The training text: the file after its header (the lines up to the first blank line)."""
    header, _, text = Path(path).read_text(encoding="utf-8").partition("\n\n")
    return text


def characters(text):
    """The vocabulary: every character of the text once, sorted (a string of length vocab)."""
    return "".join(sorted(set(text)))


def encode(text, chars):
    """The characters of ``text`` as their positions in ``chars``: an int array of shape (len(text),)."""
    index = {c: n for n, c in enumerate(chars)}
    return np.array([index[c] for c in text], dtype=np.int64)


def decode(ids, chars):
    """The inverse of ``encode``: the string whose characters are chars[id] for each id."""
    return "".join(chars[int(n)] for n in ids)


def one_hot(ids, vocab_size):
    """X, shape (vocab, N): column i is 1 in row ids[i] and 0 elsewhere, so that E X = [e^{ids[0]} … ]."""
    ids = np.asarray(ids, dtype=np.int64)
    X = np.zeros((vocab_size, ids.shape[0]))
    X[ids, np.arange(ids.shape[0])] = 1.0
    return X


def initial_weights(rng, vocab_size, d=D_MODEL, d_k=D_K, scale=INIT_SCALE):
    """Starting weights (E, W^q, W^k, W^v, W^out), shapes (d, vocab), (d_k, d), (d_k, d), (d, d), (vocab, d).

    E has entries of size ``scale``; W^q and W^k are standard normal / √d, W^v and W^out half that.
    """
    return (scale * rng.standard_normal((d, vocab_size)),
            rng.standard_normal((d_k, d)) / np.sqrt(d),
            rng.standard_normal((d_k, d)) / np.sqrt(d),
            0.5 * rng.standard_normal((d, d)) / np.sqrt(d),
            0.5 * rng.standard_normal((vocab_size, d)) / np.sqrt(d))


def training_windows(rng, ids, count, N=CONTEXT):
    """``count`` windows of N + 1 consecutive characters from ``ids``, at random places: shape (count, N + 1).

    A window's first N characters are the model's inputs, its last N the targets (each the next character).
    """
    ids = np.asarray(ids, dtype=np.int64)
    if ids.shape[0] < N + 1:
        raise ValueError(f"the text has {ids.shape[0]} characters, fewer than a window of N + 1 = {N + 1}")
    starts = rng.integers(0, ids.shape[0] - N, size=count)
    return np.stack([ids[s:s + N + 1] for s in starts])


def generate(forward, weights, prompt, length, chars, rng, temperature=0.8, N=CONTEXT):
    """A text that starts with ``prompt`` and goes on for ``length`` characters, one at a time.

    Each new character is drawn from softmax(logits[:, -1] / temperature), the last column of
    forward(X, *weights)[0] on the last N characters so far (the model never saw more in training).
    ``forward`` is the student's capstone_forward; ``rng`` a numpy Generator (a fixed seed repeats the text).
    """
    ids = list(encode(prompt, chars))
    for _ in range(length):
        logits = forward(one_hot(ids[-N:], len(chars)), *weights)[0]
        scores = np.asarray(logits, dtype=np.float64)[:, -1] / temperature
        p = np.exp(scores - scores.max())
        ids.append(int(rng.choice(len(chars), p=p / p.sum())))
    return decode(ids, chars)
