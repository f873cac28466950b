"""Write ``course_lib/check_data/<notebook>.json``: the instant checks' cases and answers.

Run ``python -m course_lib.reference.build_check_data`` after changing an
exercise, a reference answer or a mistake; a test fails while the stored
files differ from what this writes.
"""

import json

import numpy as np

from ..exercises import EXERCISES
from ..stored_cases import LECTURE_CHAIN, encode, path_for
from .answers import evaluate


def build(notebook):
    """The JSON document for one notebook's instant checks."""
    document = {}
    for exercise in EXERCISES.values():
        if exercise.notebook != notebook or not exercise.checks:
            continue
        stored = []
        for case in exercise.checks:
            args = exercise.make_args(np.random.default_rng(case.seed), case.sizes, case.scale)
            expected, mistakes = evaluate(exercise, args)
            stored.append({
                "label": case.label,
                "args": {name: encode(value) for name, value in args.items()},
                "expected": encode(expected),
                "mistakes": {key: encode(parts) for key, parts in mistakes.items()},
            })
        document[exercise.label] = stored
    return json.dumps(document, indent=1) + "\n"


def lecture_chain_document():
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
    return json.dumps({name: encode(value) for name, value in chain.items()}, indent=1) + "\n"


def notebooks():
    return sorted({exercise.notebook for exercise in EXERCISES.values()})


def main():
    for notebook in notebooks():
        path_for(notebook).write_text(build(notebook))
        print(f"wrote {path_for(notebook)}")
    path_for(LECTURE_CHAIN).write_text(lecture_chain_document())
    print(f"wrote {path_for(LECTURE_CHAIN)}")


if __name__ == "__main__":
    main()
