"""What one exercise is: ``Exercise``, its fixed check ``Case``s and its hidden-case ``Regime``s.

An exercise's names all come from here: its key in ``EXERCISES``, its label,
the grade_id of its graded cell, and the names of its instant check and its
hidden test (see the properties of ``Exercise``). No other module builds or
strips them.
"""

from dataclasses import dataclass, field

# Each hidden test runs its function on ordinary numbers twice, then on large ones.
HIDDEN_SCALES = (1.0, 1.0, 100.0)
# A count (a whole number made from the sizes) can agree with a wrong formula by chance for a few sizes
# (2·d_k·d_in | d_v·d_in is 2·d_k·d_in + d_v·d_in when the two share no bit): eight cases, cheap to judge.
COUNT_SCALES = (1.0,) * 8

# The prefixes of an exercise's graded cell, instant check and hidden test, before its label.
GRADE_ID_PREFIX = "test_"
CHECK_PREFIX = "check_"
GRADER_PREFIX = "grade_"


@dataclass(frozen=True)
class Case:
    """One fixed input for an instant check: a seed, the sizes, and a label for the feedback."""

    label: str
    seed: int
    sizes: dict
    scale: float = 1.0


@dataclass(frozen=True)
class Regime:
    """A kind of hidden case an answer must be right on, e.g. "several blocks, the last one short".

    sizes: (rng, names) -> sizes, all different (None: ``draw.distinct_sizes``);
    adjust: (rng, args) -> args, to shape the random entries (None: as drawn).
    """

    label: str
    scale: float = 1.0
    sizes: object = None
    adjust: object = None


@dataclass(frozen=True)
class Exercise:
    """Something the student writes: usually a function, once a class.

    results: the names of the returned parts with their shapes in the notation,
        e.g. (("α", "()"),) for a scalar or (("q", "(d_k,)"), ("k", "(d_k,)")) for a pair.
    make_args: builds the arguments from (rng, sizes, scale), beside the exercise in its group's module.
    checks: the fixed cases of the instant check.
    variant: a second hidden test of the same function (its own graded cell),
        with its own ``hidden_scales``, e.g. softmax on scores of 1e4.
    adapter: turns what the student wrote into a function of ``make_args``'s
        arguments (for a class: build it, then call it).
    sizes: the names of the sizes a hidden test draws (all different from each other).
    judge: for an answer that is right within a range (a gradient check's step), see
        ``course_lib.diagnosis.diagnose``.
    rows_are_positions: the exercise uses the other convention (one row per position).
    regimes: the kinds of input the answer depends on (see ``Regime``); every student's
        hidden test draws one case in each, in this order, then one per remaining
        ``hidden_scales`` entry. Empty: one case per ``hidden_scales`` entry.
    """

    notebook: str
    name: str
    results: tuple
    make_args: object
    checks: tuple = field(default_factory=tuple)
    variant: str = ""
    hidden_scales: tuple = HIDDEN_SCALES
    adapter: object = None
    sizes: tuple = ("d_in", "d_k", "d_v", "N")
    judge: object = None
    rows_are_positions: bool = False
    regimes: tuple = ()

    @property
    def base_key(self):
        """"<notebook>/<name>": the function, shared by its variants (the key of its named mistakes)."""
        return f"{self.notebook}/{self.name}"

    @property
    def key(self):
        """"<notebook>/<name>" or "<notebook>/<name>:<variant>": the exercise's key in ``EXERCISES``."""
        return f"{self.base_key}:{self.variant}" if self.variant else self.base_key

    @property
    def label(self):
        """The exercise within its notebook: the function's name, with the variant if any."""
        return f"{self.name}_{self.variant}" if self.variant else self.name

    @property
    def grade_id(self):
        """The nbgrader grade_id of the exercise's hidden test cell, e.g. test_softmax_columns_stable."""
        return GRADE_ID_PREFIX + self.label

    @property
    def check_name(self):
        """The instant check's name in ``course_lib.checks``, e.g. check_softmax_columns."""
        return CHECK_PREFIX + self.label

    @property
    def grader_name(self):
        """The name of the exercise's hidden test, called in its graded cell, e.g. grade_softmax_columns."""
        return GRADER_PREFIX + self.label

    @property
    def hidden_plan(self):
        """[(scale, Regime or None)]: one hidden case per regime, then one per remaining hidden scale."""
        plan = [(regime.scale, regime) for regime in self.regimes]
        return plan + [(scale, None) for scale in self.hidden_scales[len(self.regimes):]]

    def as_function(self, written):
        """What the student wrote, as a function of the exercise's arguments."""
        return self.adapter(written) if self.adapter else written


def cell_label(grade_id):
    """The label a graded cell shows in a report: the exercise's label for a hidden test cell
    (test_softmax_columns -> softmax_columns), any other cell's grade_id as it is."""
    return grade_id.removeprefix(GRADE_ID_PREFIX)


def two_cases(seed, first, second, first_label, second_label, scale=1.0):
    """Two check cases with the sizes ``first`` and ``second``, seeded ``seed`` and ``seed + 1``."""
    return (Case(first_label, seed, first, scale), Case(second_label, seed + 1, second, scale))


def as_written(exercise, function):
    """A function of the exercise's arguments as a student hands it in: a class for the class exercise
    (built from the weights, called on I), the function itself otherwise. The inverse of ``adapter``."""
    if exercise.adapter is None:
        return function

    class Layer:
        def __init__(self, Wq, Wk, Wv):
            self.weights = Wq, Wk, Wv

        def __call__(self, I):
            return function(I, *self.weights)

    return Layer
