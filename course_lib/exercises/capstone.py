"""Notebook 13, the capstone (a small causal self-attention model on a text): each exercise's row, the builder
of its arguments, its hidden-case regimes.
"""

import numpy as np

from .draw import normal, sizes_where, with_size
from .exercise import Case, Exercise, Regime, two_cases

NB13 = "13_capstone"

_MODEL = ("vocab", "d", "d_k", "N")
_MODEL_SMALL = {"vocab": 7, "d": 6, "d_k": 3, "N": 5}
_MODEL_OTHER = {"vocab": 5, "d": 4, "d_k": 2, "N": 8}
_WEIGHTS = (("E", "(d, vocab)"), ("W^q", "(d_k, d)"), ("W^k", "(d_k, d)"), ("W^v", "(d, d)"),
            ("W^out", "(vocab, d)"))


# The arguments of each exercise, from (rng, sizes, scale); each returns them, in order, as a dict.

def cross_entropy_args(rng, sizes, scale=1.0):
    """Logits (vocab, N) and N target characters, whole numbers 0 <= y < vocab."""
    vocab, N = sizes["vocab"], sizes["N"]
    return {"logits": normal(rng, vocab, N, scale=scale), "targets": rng.integers(0, vocab, size=N)}


def _model_weights(rng, sizes, scale):
    """E, W^q, W^k, W^v, W^out of the sizes' shapes; scores of moderate size at scale 1."""
    vocab, d, d_k = sizes["vocab"], sizes["d"], sizes["d_k"]
    return {"E": normal(rng, d, vocab), "Wq": normal(rng, d_k, d, scale=scale / np.sqrt(d)),
            "Wk": normal(rng, d_k, d, scale=scale / np.sqrt(d)), "Wv": normal(rng, d, d, scale=1 / np.sqrt(d)),
            "Wout": normal(rng, vocab, d, scale=1 / np.sqrt(d))}


def forward_args(rng, sizes, scale=1.0):
    """One-hot characters X (vocab, N) and the model's weights."""
    vocab, N = sizes["vocab"], sizes["N"]
    X = np.zeros((vocab, N))
    X[rng.integers(0, vocab, size=N), np.arange(N)] = 1.0
    return {"X": X, **_model_weights(rng, sizes, scale)}


def training_step_args(rng, sizes, scale=1.0):
    """A window of N + 1 characters, the model's weights and a learning rate."""
    return {"ids": rng.integers(0, sizes["vocab"], size=sizes["N"] + 1), **_model_weights(rng, sizes, scale),
            "learning_rate": float(rng.uniform(0.05, 1.0))}


# Hidden-case regimes (see ``Regime``): sizes and entries an answer must be right on.

def one_target_far_below(rng, args):
    """In one column, a logit above 800 (exp overflows unless the maximum is subtracted) and the target's logit
    below -800 (its probability underflows to 0 unless log P is computed directly)."""
    logits, targets = args["logits"].copy(), args["targets"]
    i = rng.integers(logits.shape[1])
    high = (targets[i] + 1 + rng.integers(logits.shape[0] - 1)) % logits.shape[0]  # any row but the target's
    logits[high, i] = rng.uniform(800.0, 1500.0)
    logits[targets[i], i] = -rng.uniform(800.0, 1500.0)
    return {**args, "logits": logits}


def longest_window(sizes):
    """N larger than every other size: the mask has many entries to hide, and no size can stand in for N."""
    return sizes["N"] > max(size for name, size in sizes.items() if name != "N")


def repeated_characters(rng, args):
    """A window in which one character comes again and again: the targets depend on the shift by one."""
    ids = args["ids"].copy()
    ids[::2] = ids[0]
    return {**args, "ids": ids}


EXERCISES = [
    Exercise(NB13, "cross_entropy_columns", (("loss", "()"), ("dlogits", "(vocab, N)")), cross_entropy_args,
             two_cases(1301, {"vocab": 6, "N": 4}, {"vocab": 3, "N": 7}, "logits of shape (6, 4)",
                       "logits of shape (3, 7)")
             + (Case("logits of shape (5, 6) and of size about 1e3", 1303, {"vocab": 5, "N": 6}, 1000.0),),
             sizes=("vocab", "N"),
             regimes=(Regime("logits of size about 1e3, one above 800 and a target below -800", 1000.0,
                             adjust=one_target_far_below),
                      Regime("a single column (N = 1)", sizes=with_size("N", 1)))),
    Exercise(NB13, "capstone_forward", (("logits", "(vocab, N)"), ("A'", "(N, N)")), forward_args,
             two_cases(1311, _MODEL_SMALL, _MODEL_OTHER, "vocab = 7, d = 6, d_k = 3, N = 5",
                       "vocab = 5, d = 4, d_k = 2, N = 8"),
             sizes=_MODEL, hidden_scales=(1.0, 1.0, 3.0),
             regimes=(Regime("N larger than every other size", sizes=sizes_where(longest_window, high=14)),
                      Regime("scores of size about 3", 3.0))),
    Exercise(NB13, "capstone_training_step", (*((f"new {name}", shape) for name, shape in _WEIGHTS),
                                              ("loss", "()")),
             training_step_args,
             two_cases(1321, _MODEL_SMALL, _MODEL_OTHER, "vocab = 7, d = 6, d_k = 3, a window of N + 1 = 6",
                       "vocab = 5, d = 4, d_k = 2, a window of N + 1 = 9"),
             sizes=_MODEL, hidden_scales=(1.0, 1.0, 1.0),
             regimes=(Regime("N larger than every other size", sizes=sizes_where(longest_window, high=14)),
                      Regime("a window in which one character keeps coming back", adjust=repeated_characters))),
]
