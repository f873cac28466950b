"""Write ``course_lib/check_data/<notebook>.json``: the instant checks' cases and answers.

Run ``python -m course_lib.reference.build_check_data`` after changing an
exercise, a reference answer or a mistake (``--check`` only says which files
are stale, and where); a test fails while the stored
files mean something else than what this writes (``course_lib.reference.staleness``
says what "mean the same" is: the last bits of a number may differ between
CPUs, nothing else may).
"""

import json
import sys

import numpy as np

from ..exercises import EXERCISES, Case
from ..stored_cases import LECTURE_CHAIN, encode, path_for
from .answers import evaluate, probe_answers
from .staleness import differences, nudged


REGIME_SEED = 50  # a regime case's seed: the first fixed case's seed plus this, plus its number
LARGER = 3  # a hidden scale this many times every fixed case's scale is a regime the fixed cases miss


def regime_cases(exercise):
    """[(Case, adjust or None)]: the kinds of hidden case that no fixed case of the instant check is like, so that
    the check asks what the hidden test will ask. A regime that draws its own sizes (one block, a single key) or a
    hidden scale more than ``LARGER`` times every fixed case's (scores of size about 100 where the fixed cases
    have 1): one case each, its sizes those of the first fixed case unless the regime draws them."""
    if not exercise.checks:
        return []
    first = exercise.checks[0]
    largest = max(case.scale for case in exercise.checks)
    has_entries = any(np.asarray(part).dtype.kind == "f" for value in _case_args(exercise, first, None).values()
                      for part in (value if isinstance(value, list) else [value]))
    found, seen = [], set()
    for scale, regime in exercise.hidden_plan:
        own_sizes = regime is not None and regime.sizes is not None
        if not own_sizes and (scale <= LARGER * largest or not has_entries):
            continue  # a scale changes nothing where the arguments are only sizes
        label = regime.label if regime is not None else f"{first.label}, entries of size about {scale:g}"
        if label in seen:
            continue
        seen.add(label)
        seed = first.seed + REGIME_SEED + len(found)
        sizes = regime.sizes(np.random.default_rng(seed), exercise.sizes) if own_sizes else first.sizes
        found.append((Case(label, seed, dict(sizes), scale), regime.adjust if regime is not None else None))
    return found


def _case_args(exercise, case, adjust):
    rng = np.random.default_rng(case.seed)
    args = exercise.make_args(rng, case.sizes, case.scale)
    return adjust(rng, args) if adjust is not None else args


def document(notebook, adjust_args=None):
    """One notebook's instant-check cases as a JSON-ready dict.

    adjust_args: an optional function applied to each case's arguments before
    the answers are computed (``staleness`` moves them by a few units in the
    last place, to see how far each stored number moves with them).
    """
    built = {}
    for exercise in EXERCISES.values():
        if exercise.notebook != notebook or not exercise.checks:
            continue
        stored = []
        for case, adjust in [(case, None) for case in exercise.checks] + regime_cases(exercise):
            args = _case_args(exercise, case, adjust)
            if adjust_args is not None:
                args = adjust_args(args)
            expected, mistakes = evaluate(exercise, args)
            stored.append({
                "label": case.label,
                "sizes": dict(case.sizes),
                "args": {name: encode(value) for name, value in args.items()},
                "expected": encode(expected),
                "mistakes": {key: encode(parts) for key, parts in mistakes.items()},
                "probes": {key: encode(parts) for key, parts in probe_answers(exercise, args, case.sizes,
                                                                                expected).items()},
            })
        built[exercise.label] = stored
    return built


def lecture_chain():
    """Every matrix of the layer for the lecture's example, for notebooks that start mid-chain."""
    from .layer import self_attention
    from .projections import projections
    from .scores import attention_scores
    from .softmax import softmax_columns
    from ..examples import lecture_inputs, lecture_weights

    I = lecture_inputs()
    Wq, Wk, Wv = lecture_weights()
    Q, K, V = projections(I, Wq, Wk, Wv)
    A = attention_scores(Q, K)
    chain = {"I": I, "Q": Q, "K": K, "V": V, "A": A, "A_prime": softmax_columns(A),
             "O": self_attention(I, Wq, Wk, Wv)}
    return {name: encode(value) for name, value in chain.items()}


def render(built):
    """A document as the text stored on disk."""
    return json.dumps(built, indent=1) + "\n"


def notebooks():
    return sorted({exercise.notebook for exercise in EXERCISES.values()})


def stale_entries(notebook):
    """Where the stored file of ``notebook`` (or of ``LECTURE_CHAIN``) means something else than a rebuild."""
    stored = json.loads(path_for(notebook).read_text())
    if notebook == LECTURE_CHAIN:
        return differences(stored, lecture_chain())
    rng = np.random.default_rng(0)
    noise = document(notebook, adjust_args=lambda args: nudged(args, rng))
    return differences(stored, document(notebook), noise)


def main():
    if sys.argv[1:] == ["--check"]:
        stale = {name: stale_entries(name) for name in [*notebooks(), LECTURE_CHAIN]}
        for name, lines in stale.items():
            print(f"{path_for(name)}: " + ("stale\n  " + "\n  ".join(lines[:10]) if lines else "up to date"))
        raise SystemExit(1 if any(stale.values()) else 0)
    for notebook in notebooks():
        path_for(notebook).write_text(render(document(notebook)))
        print(f"wrote {path_for(notebook)}")
    path_for(LECTURE_CHAIN).write_text(render(lecture_chain()))
    print(f"wrote {path_for(LECTURE_CHAIN)}")


if __name__ == "__main__":
    main()
