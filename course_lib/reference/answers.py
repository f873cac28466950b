"""The expected answer and each classic mistake's answer for one exercise's arguments.

Used to build the instant checks' stored cases and, at grading time, by the
hidden tests on fresh random arguments.
"""

import importlib

import numpy as np

from .mistaken import MISTAKEN


def _reference_function(name):
    return getattr(importlib.import_module(__package__), name)


def as_parts(value, count):
    """A result as a list of its parts (a pair (q, k) has two, everything else one)."""
    return list(value) if count > 1 else [value]


def evaluate(exercise, args):
    """The expected parts and each mistake's parts for one set of arguments.

    ``exercise.name`` is looked up among the reference answers (a class is
    called through ``exercise.as_function``, see ``course_lib.exercises``).
    """
    count = len(exercise.results)
    reference = exercise.as_function(_reference_function(exercise.name))
    expected = as_parts(reference(*args.values()), count)
    mistakes = {}
    for key, wrong in MISTAKEN.get(exercise.base_key, {}).items():
        try:
            with np.errstate(all="ignore"):
                mistakes[key] = as_parts(wrong(*args.values()), count)
        except ValueError:
            pass  # this mistake cannot even be computed at these sizes (e.g. A' V when N != d_v)
    return expected, mistakes
