"""Write ``course_lib/check_data/<notebook>.json``: the instant checks' cases and answers.

Run ``python -m course_lib.reference.build_check_data`` after changing an
exercise, a reference answer or a mistake; a test fails while the stored
files differ from what this writes.
"""

import json

import numpy as np

from ..exercises import EXERCISES
from ..stored_cases import encode, path_for
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
        document[exercise.name] = stored
    return json.dumps(document, indent=1) + "\n"


def notebooks():
    return sorted({exercise.notebook for exercise in EXERCISES.values()})


def main():
    for notebook in notebooks():
        path_for(notebook).write_text(build(notebook))
        print(f"wrote {path_for(notebook)}")


if __name__ == "__main__":
    main()
