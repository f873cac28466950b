"""Deliberately wrong versions of the reference answers, one per classic mistake.

Beside the reference and mirroring it: ``mistaken/<module>.py`` holds the
wrong versions of the answers in ``reference/<module>.py`` (those of
``softmax_columns``, in ``reference/softmax.py``, are in
``mistaken/softmax.py``). The checkers and hidden tests run them on the same
inputs as the student's function: when a wrong answer equals one of them,
the feedback can name the mistake (see ``course_lib.mistake_words`` for the
words). Every wrong function takes the same arguments as the reference
answer and differs from it on generic inputs (a few raise ValueError where
they cannot be computed, see their module). Instructor edition only.

``MISTAKEN`` maps an exercise's ``base_key`` ("<notebook>/<function>", as in
``course_lib.exercises``) to {mistake key: function with the exercise's
signature}, in the order of ``EXERCISES``.
"""

from ...exercises import EXERCISES
from . import (
    blockwise, capstone, cost, gradients, layer, masking, multi_head, positions, projections, rows, scaling, scores, softmax,
    training, weighted_sum,
)

_MODULES = (scores, projections, softmax, weighted_sum, layer, scaling, masking, multi_head, positions, rows,
            gradients, training, cost, blockwise, capstone)
_ORDER = {key: number for number, key in enumerate(dict.fromkeys(e.base_key for e in EXERCISES.values()))}

# A key that names no exercise goes last (tests/test_exercise_keys.py fails on it).
MISTAKEN = dict(sorted(((key, mistakes) for module in _MODULES for key, mistakes in module.MISTAKEN.items()),
                       key=lambda item: _ORDER.get(item[0], len(_ORDER))))
