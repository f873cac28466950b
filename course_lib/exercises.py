"""What each notebook asks for: its graded functions, their results and shapes.

One table for the whole series. The instant checks, the hidden tests and the
check-data builder all read it, so an exercise is described in one place.
"""

from dataclasses import dataclass, field

from . import cases

# Each hidden test runs its function on ordinary numbers twice, then on large ones.
HIDDEN_SCALES = (1.0, 1.0, 100.0)


@dataclass(frozen=True)
class Case:
    """One fixed input for an instant check: a seed, the sizes, and a label for the feedback."""

    label: str
    seed: int
    sizes: dict
    scale: float = 1.0


@dataclass(frozen=True)
class Exercise:
    """Something the student writes: usually a function, once a class.

    results: the names of the returned parts with their shapes in the notation,
        e.g. (("α", "()"),) for a scalar or (("q", "(d_k,)"), ("k", "(d_k,)")) for a pair.
    make_args: builds the arguments from (rng, sizes, scale), see ``course_lib.cases``.
    checks: the fixed cases of the instant check.
    variant: a second hidden test of the same function (its own graded cell),
        with its own ``hidden_scales``, e.g. softmax on scores of 1e4.
    adapter: turns what the student wrote into a function of ``make_args``'s
        arguments (for a class: build it, then call it).
    """

    notebook: str
    name: str
    results: tuple
    make_args: object
    checks: tuple = field(default_factory=tuple)
    variant: str = ""
    hidden_scales: tuple = HIDDEN_SCALES
    adapter: object = None

    @property
    def base_key(self):
        return f"{self.notebook}/{self.name}"

    @property
    def key(self):
        return f"{self.base_key}:{self.variant}" if self.variant else self.base_key

    @property
    def label(self):
        """The exercise within its notebook: the function's name, with the variant if any."""
        return f"{self.name}_{self.variant}" if self.variant else self.name

    def as_function(self, written):
        """What the student wrote, as a function of the exercise's arguments."""
        return self.adapter(written) if self.adapter else written


def _build_then_call(layer_class):
    return lambda I, Wq, Wk, Wv: layer_class(Wq, Wk, Wv)(I)


_SMALL = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}
_OTHER = {"d_in": 4, "d_k": 7, "d_v": 2, "N": 3}
_SQUARE = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 4}  # d_v == N, so that A' V is computable and recognisable

NB01 = "01_one_query_scores"
NB02 = "02_queries_keys_values"
NB03 = "03_all_scores"
NB04 = "04_weighted_sum"
NB05 = "05_whole_layer"


def _two_cases(seed, small_label, other_label):
    return (Case(small_label, seed, _SMALL), Case(other_label, seed + 1, _OTHER))


_LAYER_CHECKS = (
    Case("d_v = N = 4", 501, _SQUARE),
    Case("d_in = 5, d_k = 3, d_v = 4, N = 6", 502, _SMALL),
    Case("inputs of size about 30, so that scores reach the thousands", 503, _SMALL, 30.0),
)
_O = (("O", "(d_v, N)"),)

_ALL = [
    Exercise(NB01, "inner_product", (("α", "()"),), cases.inner_product_args,
             _two_cases(101, "q and k of length d_k = 3", "q and k of length d_k = 7")),
    Exercise(NB01, "query_and_key", (("q", "(d_k,)"), ("k", "(d_k,)")), cases.query_and_key_args,
             _two_cases(111, "d_in = 5, d_k = 3", "d_in = 4, d_k = 7")),
    Exercise(NB01, "scores_one_by_one", (("scores", "(N,)"),), cases.scores_one_by_one_args,
             _two_cases(121, "N = 6 keys of length d_k = 3", "N = 3 keys of length d_k = 7")),
    Exercise(NB01, "one_query_scores", (("Kᵀq", "(N,)"),), cases.one_query_scores_args,
             _two_cases(131, "K of shape (d_k, N) = (3, 6)", "K of shape (d_k, N) = (7, 3)")),

    Exercise(NB02, "stack_inputs", (("I", "(d_in, N)"),), cases.stack_inputs_args,
             _two_cases(201, "N = 6 inputs of length d_in = 5", "N = 3 inputs of length d_in = 4")),
    Exercise(NB02, "queries_one_by_one", (("Q", "(d_k, N)"),), cases.queries_one_by_one_args,
             _two_cases(211, "I of shape (5, 6), W^q of shape (3, 5)", "I of shape (4, 3), W^q of shape (7, 4)")),
    Exercise(NB02, "projections", (("Q", "(d_k, N)"), ("K", "(d_k, N)"), ("V", "(d_v, N)")), cases.layer_args,
             _two_cases(221, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3")),

    Exercise(NB03, "attention_scores", (("A", "(N, N)"),), cases.attention_scores_args,
             _two_cases(301, "Q and K of shape (3, 6)", "Q and K of shape (7, 3)")),
    Exercise(NB03, "softmax_columns", (("A'", "(N, N)"),), cases.score_matrix_args,
             _two_cases(311, "a 6 × 6 score matrix", "a 3 × 3 score matrix")),
    Exercise(NB03, "softmax_columns", (("A'", "(N, N)"),), cases.score_matrix_args,
             (Case("a 3 × 3 score matrix with scores of size about 1e4", 313, _OTHER, 1e4),
              Case("a 6 × 6 score matrix with scores of size about 1e4", 314, _SMALL, 1e4)),
             variant="stable", hidden_scales=(1e4, 1e4, 1e3)),
    Exercise(NB03, "relu_columns", (("A'", "(N, N)"),), cases.relu_scores_args,
             _two_cases(321, "a 6 × 6 score matrix whose last column is all negative",
                        "a 3 × 3 score matrix whose last column is all negative")),

    Exercise(NB04, "weighted_sum_loop", (("b", "(d_v,)"),), cases.one_query_weights_args,
             _two_cases(401, "V of shape (4, 6)", "V of shape (2, 3)")),
    Exercise(NB04, "output_one_query", (("b", "(d_v,)"),), cases.one_query_weights_args,
             (Case("V of shape (4, 4)", 413, _SQUARE),) + _two_cases(411, "V of shape (4, 6)", "V of shape (2, 3)")),
    Exercise(NB04, "weighted_sum", _O, cases.weighted_sum_args,
             (Case("V of shape (4, 4), A' of shape (4, 4)", 421, _SQUARE),
              Case("V of shape (4, 6), A' of shape (6, 6)", 422, _SMALL),
              Case("V of shape (2, 3), A' of shape (3, 3)", 423, _OTHER))),

    Exercise(NB05, "self_attention", _O, cases.layer_args, _LAYER_CHECKS),
    Exercise(NB05, "self_attention_loop", _O, cases.layer_args, _LAYER_CHECKS),
    Exercise(NB05, "SelfAttention", _O, cases.layer_args, _LAYER_CHECKS, adapter=_build_then_call),
    Exercise(NB05, "parameter_count", (("count", "()"),), cases.parameter_count_args,
             _two_cases(531, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3")),
]

EXERCISES = {exercise.key: exercise for exercise in _ALL}


def exercises_of(notebook):
    """The exercises of one notebook (variants included), in the order the notebook asks for them."""
    return [exercise for exercise in EXERCISES.values() if exercise.notebook == notebook]
