"""What each notebook asks for: its graded functions, their results and shapes.

One ``Exercise`` per graded function (and per variant), in one table for the
whole series, ``EXERCISES``, keyed "<notebook>/<function>[:<variant>]". The
instant checks, the hidden tests, the safe pipeline and the check-data
builder all read it. Each group of notebooks keeps its exercises' rows, the
builders of their arguments and their hidden-case regimes in one module:

- ``lecture``: notebooks 01-05;
- ``beyond``: notebooks 06-09 (scaling and masks, heads, positions, rows);
- ``training``: notebooks 10-12 (gradients, training, cost);
- ``capstone``: notebook 13 (a small causal self-attention model trained on a text).

``exercise`` defines ``Exercise`` (with every name derived from it: key,
label, grade_id, check and grader names), ``Case`` and ``Regime``; ``draw``
the random sizes and entries the groups share.
"""

from . import beyond, capstone, lecture, training
from .draw import distinct_sizes
from .exercise import HIDDEN_SCALES, Case, Exercise, Regime, as_written, cell_label

EXERCISES = {exercise.key: exercise for exercise in lecture.EXERCISES + beyond.EXERCISES + training.EXERCISES
             + capstone.EXERCISES}


def exercises_of(notebook):
    """The exercises of one notebook (variants included), in the order the notebook asks for them."""
    return [exercise for exercise in EXERCISES.values() if exercise.notebook == notebook]


def functions_asked_for(notebook):
    """The names of the functions one notebook's exercises ask for: what a grade looks up after the cells run."""
    return {exercise.name for exercise in exercises_of(notebook)}


__all__ = ["EXERCISES", "HIDDEN_SCALES", "Case", "Exercise", "Regime", "as_written", "cell_label",
           "distinct_sizes", "exercises_of", "functions_asked_for"]
