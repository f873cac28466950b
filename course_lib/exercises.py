"""What each notebook asks for: its graded functions, their results and shapes.

One table for the whole series. The instant checks, the hidden tests and the
check-data builder all read it, so an exercise is described in one place.
"""

from dataclasses import dataclass, field

import numpy as np

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
class Regime:
    """A kind of hidden case an answer must be right on, e.g. "several blocks, the last one short".

    sizes: (rng, names) -> sizes, all different (None: ``cases.distinct_sizes``);
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
    make_args: builds the arguments from (rng, sizes, scale), see ``course_lib.cases``.
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
        return f"{self.notebook}/{self.name}"

    @property
    def key(self):
        return f"{self.base_key}:{self.variant}" if self.variant else self.base_key

    @property
    def label(self):
        """The exercise within its notebook: the function's name, with the variant if any."""
        return f"{self.name}_{self.variant}" if self.variant else self.name

    @property
    def hidden_plan(self):
        """[(scale, Regime or None)]: one hidden case per regime, then one per remaining hidden scale."""
        plan = [(regime.scale, regime) for regime in self.regimes]
        return plan + [(scale, None) for scale in self.hidden_scales[len(self.regimes):]]

    def as_function(self, written):
        """What the student wrote, as a function of the exercise's arguments."""
        return self.adapter(written) if self.adapter else written


def _build_then_call(layer_class):
    return lambda I, Wq, Wk, Wv: layer_class(Wq, Wk, Wv)(I)


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


_SMALL = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 6}
_OTHER = {"d_in": 4, "d_k": 7, "d_v": 2, "N": 3}
_SQUARE = {"d_in": 5, "d_k": 3, "d_v": 4, "N": 4}  # d_v == N, so that A' V is computable and recognisable

NB01 = "01_one_query_scores"
NB02 = "02_queries_keys_values"
NB03 = "03_all_scores"
NB04 = "04_weighted_sum"
NB05 = "05_whole_layer"


def _cases(seed, first, second, first_label, second_label, scale=1.0):
    """Two check cases with the sizes ``first`` and ``second``, seeded ``seed`` and ``seed + 1``."""
    return (Case(first_label, seed, first, scale), Case(second_label, seed + 1, second, scale))


def _two_cases(seed, small_label, other_label):
    return _cases(seed, _SMALL, _OTHER, small_label, other_label)


_LAYER_CHECKS = (
    Case("d_v = N = 4", 501, _SQUARE),
    Case("d_in = 5, d_k = 3, d_v = 4, N = 6", 502, _SMALL),
    Case("inputs of size about 30, so that scores reach the thousands", 503, _SMALL, 30.0),
)
_O = (("O", "(d_v, N)"),)
# A count (a whole number made from the sizes) can agree with a wrong formula by chance for a few sizes
# (2·d_k·d_in | d_v·d_in is 2·d_k·d_in + d_v·d_in when the two share no bit): eight cases, cheap to judge.
_COUNT_SCALES = (1.0,) * 8

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
             variant="stable", hidden_scales=(1e4, 1e4, 1e3),
             regimes=(Regime("scores of size about 1e4, where exp overflows", 1e4),
                      Regime("scores of size about 1e3", 1e3),
                      Regime("scores of size about 3, where the normalisation shows", 3.0))),
    Exercise(NB03, "relu_columns", (("A'", "(N, N)"),), cases.relu_scores_args,
             _two_cases(321, "a 6 × 6 score matrix whose last column is all negative",
                        "a 3 × 3 score matrix whose last column is all negative"),
             regimes=(Regime("a column whose positive scores sum to less than 1", adjust=cases.small_positive_column),)),

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
             _two_cases(531, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3"),
             hidden_scales=_COUNT_SCALES),
]

# Beyond the lecture.
NB06 = "06_scaling_and_masking"
NB07 = "07_multi_head"
NB08 = "08_positions"
NB09 = "09_row_convention"
NB10 = "10_gradients"
NB11 = "11_training"
NB12 = "12_cost"

_MASK = (("mask", "(N, N), bool"),)
_HEADS = ("d_in", "d_k", "d_v", "N", "h", "d_out")
_HEAD_SMALL = {"d_in": 5, "d_k": 3, "d_v": 2, "N": 6, "h": 4, "d_out": 7}
_HEAD_OTHER = {"d_in": 4, "d_k": 6, "d_v": 5, "N": 3, "h": 2, "d_out": 8}
_TORCH_SMALL = {"batch": 2, "N": 5, "h": 3, "d_head": 4}
_TORCH_OTHER = {"batch": 3, "N": 4, "h": 2, "d_head": 6}
_STEP_RANGE = (1e-8, 1e-3)


def _gradient_check_judge(arrays, expected):
    """A numerical gradient is right within rtol 1e-6 of the reference, with a step in the range that float64 allows."""
    numeric, step = arrays
    if float(step) > _STEP_RANGE[1]:
        return "step_too_large"
    if float(step) < _STEP_RANGE[0]:
        return "step_too_small"
    return "" if np.allclose(numeric, expected[0], rtol=1e-6, atol=1e-8) else None


_BEYOND = [
    Exercise(NB06, "scaled_scores", (("A / √d_k", "(N, N)"),), cases.attention_scores_args,
             _cases(601, {"d_k": 4, "N": 6}, {"d_k": 9, "N": 3}, "Q and K of shape (4, 6)", "Q and K of shape (9, 3)")),
    Exercise(NB06, "causal_mask", _MASK, cases.size_args("N"),
             _cases(611, {"N": 4}, {"N": 7}, "N = 4", "N = 7"), sizes=("N",)),
    Exercise(NB06, "padding_mask", _MASK, cases.padding_mask_args,
             _cases(621, {"N": 6}, {"N": 4}, "N = 6 positions", "N = 4 positions"), sizes=("N",),
             regimes=(Regime("at least two padded positions", sizes=cases.sizes_where(lambda s: s["N"] >= 3),
                             adjust=cases.two_or_more_padded),)),
    Exercise(NB06, "masked_softmax_columns", (("A'", "(N, N)"),), cases.masked_scores_args,
             _cases(631, {"N": 6}, {"N": 4}, "a 6 × 6 score matrix with one fully masked column",
                    "a 4 × 4 score matrix with one fully masked column")
             + (Case("a 5 × 5 score matrix with scores of size about 1e4", 633, {"N": 5}, 1e4),),
             regimes=(Regime("ordinary scores, some allowed keys masked", sizes=cases.sizes_where(lambda s: s["N"] >= 3),
                             adjust=cases.some_key_masked),
                      Regime("ordinary scores", sizes=cases.sizes_where(lambda s: s["N"] >= 3),
                             adjust=cases.some_key_masked),
                      Regime("scores of size about 1e4, where exp overflows or underflows", 1e4,
                             sizes=cases.sizes_where(lambda s: s["N"] >= 3), adjust=cases.large_allowed_scores))),
    Exercise(NB06, "masked_attention", _O, cases.masked_layer_args,
             _cases(641, {"d_in": 5, "d_k": 4, "d_v": 3, "N": 6}, {"d_in": 3, "d_k": 9, "d_v": 2, "N": 4},
                    "d_in = 5, d_k = 4, d_v = 3, N = 6", "d_in = 3, d_k = 9, d_v = 2, N = 4"),
             regimes=(Regime("a query that may attend to two keys or more", sizes=cases.sizes_where(lambda s: s["N"] >= 3),
                             adjust=cases.some_query_sees_two_keys),)),

    Exercise(NB07, "head_outputs", (("heads", "(h, d_v, N)"),), cases.heads_args,
             _cases(701, _HEAD_SMALL, _HEAD_OTHER, "h = 4 heads, d_k = 3, d_v = 2, N = 6",
                    "h = 2 heads, d_k = 6, d_v = 5, N = 3"), sizes=_HEADS),
    Exercise(NB07, "concat_heads", (("stacked", "(h d_v, N)"),), cases.stacked_heads_args,
             _cases(711, _HEAD_SMALL, _HEAD_OTHER, "h = 4 heads of shape (2, 6)", "h = 2 heads of shape (5, 3)"),
             sizes=_HEADS),
    Exercise(NB07, "multi_head_attention", (("O", "(d_out, N)"),), cases.multi_head_args,
             _cases(721, _HEAD_SMALL, _HEAD_OTHER, "h = 4, d_k = 3, d_v = 2, d_out = 7, N = 6",
                    "h = 2, d_k = 6, d_v = 5, d_out = 8, N = 3"), sizes=_HEADS),
    Exercise(NB07, "multi_head_parameter_count", (("count", "()"),),
             cases.size_args("d_in", "d_k", "d_v", "h", "d_out"),
             _cases(731, _HEAD_SMALL, _HEAD_OTHER, "d_in = 5, d_k = 3, d_v = 2, h = 4, d_out = 7",
                    "d_in = 4, d_k = 6, d_v = 5, h = 2, d_out = 8"), sizes=("d_in", "d_k", "d_v", "h", "d_out"),
             hidden_scales=_COUNT_SCALES),

    Exercise(NB08, "sinusoidal_encoding", (("P", "(d_model, N)"),), cases.size_args("d_model", "N"),
             _cases(801, {"d_model": 6, "N": 8}, {"d_model": 5, "N": 3}, "d_model = 6, N = 8", "d_model = 5, N = 3"),
             sizes=("d_model", "N"),
             regimes=(Regime("an even d_model, at least two sin/cos pairs",
                             sizes=cases.sizes_where(lambda s: s["d_model"] % 2 == 0 and s["d_model"] >= 4)),
                      Regime("an odd d_model, at least two sin/cos pairs",
                             sizes=cases.sizes_where(lambda s: s["d_model"] % 2 == 1 and s["d_model"] >= 5)))),
    Exercise(NB08, "permute_positions", (("I permuted", "(d_in, N)"),), cases.permutation_args,
             _cases(815, {"d_in": 7, "N": 4}, {"d_in": 3, "N": 5}, "I of shape (7, 4)", "I of shape (3, 5)")),
    Exercise(NB08, "attention_with_positions", _O, cases.layer_args,
             (Case("d_in = N = 4", 823, {"d_in": 4, "d_k": 3, "d_v": 5, "N": 4}),)
             + _two_cases(821, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3")),

    Exercise(NB09, "row_scores", (("scores", "(N, N)"),), cases.row_scores_args,
             _cases(901, {"d_k": 4, "N": 6}, {"d_k": 9, "N": 3}, "Q_rows and K_rows of shape (6, 4)",
                    "Q_rows and K_rows of shape (3, 9)"), sizes=("d_k", "N"), rows_are_positions=True),
    Exercise(NB09, "row_attention", (("O_rows", "(N, d_v)"),), cases.row_layer_args,
             _cases(911, {"d_in": 5, "d_k": 4, "d_v": 3, "N": 6}, {"d_in": 3, "d_k": 9, "d_v": 2, "N": 4},
                    "X of shape (6, 5), d_k = 4, d_v = 3", "X of shape (4, 3), d_k = 9, d_v = 2"),
             rows_are_positions=True),
    Exercise(NB09, "torch_style_mha", (("output", "(batch, N, d_model)"),), cases.torch_mha_args,
             _cases(921, _TORCH_SMALL, _TORCH_OTHER, "batch = 2, N = 5, 3 heads of size 4",
                    "batch = 3, N = 4, 2 heads of size 6"), sizes=("batch", "N", "h", "d_head"),
             rows_are_positions=True),

    Exercise(NB10, "softmax_columns_backward", (("dA", "(N, N)"),), cases.softmax_backward_args,
             _cases(1001, {"N": 5}, {"N": 3}, "A' and dA' of shape (5, 5)", "A' and dA' of shape (3, 3)"), sizes=("N",)),
    Exercise(NB10, "scores_backward", (("dQ", "(d_k, N)"), ("dK", "(d_k, N)")), cases.scores_backward_args,
             _cases(1011, {"d_k": 3, "N": 5}, {"d_k": 6, "N": 4}, "Q, K of shape (3, 5)", "Q, K of shape (6, 4)"),
             sizes=("d_k", "N")),
    Exercise(NB10, "self_attention_backward",
             (("dW^q", "(d_k, d_in)"), ("dW^k", "(d_k, d_in)"), ("dW^v", "(d_v, d_in)"), ("dI", "(d_in, N)")),
             cases.layer_backward_args,
             _two_cases(1021, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3")),
    Exercise(NB10, "numerical_gradient", (("numeric dL/dW^q", "(d_k, d_in)"), ("step", "()")),
             cases.layer_backward_args,
             _two_cases(1031, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3"),
             hidden_scales=(1.0, 1.0, 1.0), judge=_gradient_check_judge),

    Exercise(NB11, "mse_loss", (("loss", "()"), ("dO", "(d_v, N)")), cases.loss_args,
             _two_cases(1101, "O and T of shape (4, 6)", "O and T of shape (2, 3)")),
    Exercise(NB11, "gradient_descent_step",
             (("new W^q", "(d_k, d_in)"), ("new W^k", "(d_k, d_in)"), ("new W^v", "(d_v, d_in)"), ("loss", "()")),
             cases.training_step_args,
             _two_cases(1111, "d_in = 5, d_k = 3, d_v = 4, N = 6", "d_in = 4, d_k = 7, d_v = 2, N = 3"),
             hidden_scales=(1.0, 1.0, 3.0)),
    Exercise(NB11, "weight_on_marker", (("weights", "(N,)"),), cases.marker_weights_args,
             _cases(1121, {"N": 6}, {"N": 3}, "A' of shape (6, 6)", "A' of shape (3, 3)"), sizes=("N",)),

    Exercise(NB12, "attention_flops", (("flops", "()"),), cases.size_args("N", "d_k", "d_v"),
             _cases(1201, {"N": 8, "d_k": 3, "d_v": 5}, {"N": 100, "d_k": 64, "d_v": 32},
                    "N = 8, d_k = 3, d_v = 5", "N = 100, d_k = 64, d_v = 32"), sizes=("N", "d_k", "d_v"),
             hidden_scales=_COUNT_SCALES),
    Exercise(NB12, "online_softmax_step", (("m", "(n_q,)"), ("s", "(n_q,)"), ("acc", "(d_v, n_q)")),
             cases.online_softmax_args,
             _cases(1211, {"n_q": 3, "n_k": 4, "d_v": 2}, {"n_q": 5, "n_k": 2, "d_v": 3},
                    "a block of 4 keys × 3 queries, d_v = 2", "a block of 2 keys × 5 queries, d_v = 3"),
             sizes=("n_q", "n_k", "d_v"),
             regimes=(Regime("a block that raises the running maximum", adjust=cases.block_raises_max),
                      Regime("a block that keeps the running maximum", adjust=cases.block_keeps_max),
                      Regime("a block of a single key", sizes=cases.with_size("n_k", 1)),
                      Regime("scores of size about 100", 100.0))),
    Exercise(NB12, "blockwise_attention", _O, cases.blockwise_args,
             _cases(1221, {"d_k": 3, "d_v": 4, "N": 10, "block": 4}, {"d_k": 5, "d_v": 2, "N": 7, "block": 3},
                    "N = 10 in blocks of 4", "N = 7 in blocks of 3")
             + (Case("N = 9 in blocks of 4, scores of size about 1e3", 1223,
                     {"d_k": 3, "d_v": 2, "N": 9, "block": 4}, 30.0),),
             sizes=("d_k", "d_v", "N", "block"),
             regimes=(Regime("several blocks, the last one short, the maximum rising from block to block",
                             sizes=cases.sizes_where(cases.several_blocks_short_last, high=16),
                             adjust=cases.rising_key_sizes),
                      Regime("several blocks, the last one short",
                             sizes=cases.sizes_where(cases.several_blocks_short_last, high=16)),
                      Regime("one block (block_size at least N), scores of size about 100, one query's all below -1e3",
                             100.0, sizes=cases.sizes_where(cases.one_block), adjust=cases.one_query_far_below))),
]

_ALL.extend(_BEYOND)

EXERCISES = {exercise.key: exercise for exercise in _ALL}


def exercises_of(notebook):
    """The exercises of one notebook (variants included), in the order the notebook asks for them."""
    return [exercise for exercise in EXERCISES.values() if exercise.notebook == notebook]
