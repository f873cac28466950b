"""What each notebook asks for: its graded functions, their results and shapes.

One table for the whole series. The instant checks, the hidden tests and the
check-data builder all read it, so an exercise is described in one place.
"""

from dataclasses import dataclass, field

from . import cases


@dataclass(frozen=True)
class Case:
    """One fixed input for an instant check: a seed, the sizes, and a label for the feedback."""

    label: str
    seed: int
    sizes: dict
    scale: float = 1.0


@dataclass(frozen=True)
class Exercise:
    """A function the student writes.

    results: the names of the returned parts with their shapes in the notation,
        e.g. (("α", "()"),) for a scalar or (("q", "(d_k,)"), ("k", "(d_k,)")) for a pair.
    make_args: builds the arguments from (rng, sizes, scale), see ``course_lib.cases``.
    checks: the fixed cases of the instant check.
    """

    notebook: str
    name: str
    results: tuple
    make_args: object
    checks: tuple = field(default_factory=tuple)

    @property
    def key(self):
        return f"{self.notebook}/{self.name}"


_SMALL = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}
_OTHER = {"d_in": 4, "d_k": 7, "d_v": 2, "N": 3}

NB01 = "01_one_query_scores"

EXERCISES = {
    exercise.key: exercise
    for exercise in [
        Exercise(NB01, "inner_product", (("α", "()"),), cases.inner_product_args,
                 (Case("q and k of length d_k = 3", 101, _SMALL), Case("q and k of length d_k = 7", 102, _OTHER))),
        Exercise(NB01, "query_and_key", (("q", "(d_k,)"), ("k", "(d_k,)")), cases.query_and_key_args,
                 (Case("d_in = 5, d_k = 3", 111, _SMALL), Case("d_in = 4, d_k = 7", 112, _OTHER))),
        Exercise(NB01, "scores_one_by_one", (("scores", "(N,)"),), cases.scores_one_by_one_args,
                 (Case("N = 6 keys of length d_k = 3", 121, _SMALL), Case("N = 3 keys of length d_k = 7", 122, _OTHER))),
        Exercise(NB01, "one_query_scores", (("Kᵀq", "(N,)"),), cases.one_query_scores_args,
                 (Case("K of shape (d_k, N) = (3, 6)", 131, _SMALL), Case("K of shape (d_k, N) = (7, 3)", 132, _OTHER))),
    ]
}


def exercises_of(notebook):
    """The exercises of one notebook, in the order the notebook asks for them."""
    return [exercise for exercise in EXERCISES.values() if exercise.notebook == notebook]
