"""The expected answer and each classic mistake's answer for one exercise's arguments.

Used to build the instant checks' stored cases and, at grading time, by the
hidden tests on fresh random arguments.
"""

import importlib

from .mistaken import MISTAKEN


def _reference_function(name):
    return getattr(importlib.import_module(__package__), name)


def as_parts(value, count):
    """A result as a list of its parts (a pair (q, k) has two, everything else one)."""
    return list(value) if count > 1 else [value]


def evaluate(exercise, args):
    """The expected parts and each mistake's parts for one set of arguments."""
    count = len(exercise.results)
    expected = as_parts(_reference_function(exercise.name)(*args.values()), count)
    mistakes = {
        key: as_parts(wrong(*args.values()), count)
        for key, wrong in MISTAKEN.get(exercise.key, {}).items()
    }
    return expected, mistakes
