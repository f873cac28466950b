"""Does each deliberately wrong version (``course_lib/reference/mistaken/``) take the arguments of its exercise,
really differ from the right answer, and do the right answers leave their arguments alone?

The arguments are the exercise's own: its builder in ``course_lib.exercises``
run on the seeds and sizes of its instant checks, the inputs on which the
checks name each mistake.
"""

import inspect

import numpy as np
import pytest

from course_lib import reference
from course_lib.exercises import EXERCISES
from course_lib.reference.mistaken import MISTAKEN

NAMED = [exercise for exercise in EXERCISES.values() if not exercise.variant and exercise.base_key in MISTAKEN]


def check_arguments(exercise):
    """The arguments of each instant check case of the exercise and its variants, as their builder makes them
    (softmax's overflow shows only on the stable variant's large scores)."""
    return [same.make_args(np.random.default_rng(case.seed), case.sizes, case.scale)
            for same in EXERCISES.values() if same.base_key == exercise.base_key for case in same.checks]


def right_answer(exercise):
    return exercise.as_function(getattr(reference, exercise.name))


def parts(result):
    return result if isinstance(result, tuple) else (result,)


def differs(exercise, wrong, right):
    """Does the wrong result differ from the right one, as the hidden test judges it?"""
    wrong, right = parts(wrong), parts(right)
    if exercise.judge is not None:  # a gradient check: judged on the gradient alone, with the grader's rtol
        return not np.allclose(wrong[0], right[0], rtol=1e-6, atol=0)
    if len(wrong) != len(right):
        return True
    return any(np.shape(w) != np.shape(r) or not np.allclose(np.asarray(w, float), np.asarray(r, float),
                                                              rtol=1e-9, atol=1e-12, equal_nan=False)
               for w, r in zip(wrong, right))


def test_every_exercise_with_named_mistakes_has_check_cases():
    assert NAMED and all(exercise.checks for exercise in NAMED)


@pytest.mark.parametrize("exercise", NAMED, ids=lambda exercise: exercise.key)
def test_each_mistake_takes_the_exercises_arguments(exercise):
    args = check_arguments(exercise)[0]
    for mistake, wrong in MISTAKEN[exercise.base_key].items():
        inspect.signature(wrong).bind(**args)  # raises TypeError when it does not


@pytest.mark.parametrize("exercise, mistake", [(exercise, mistake) for exercise in NAMED
                                               for mistake in MISTAKEN[exercise.base_key]],
                         ids=lambda value: getattr(value, "key", value))
def test_each_mistake_really_differs_from_the_right_answer(exercise, mistake):
    wrong = MISTAKEN[exercise.base_key][mistake]
    computed = 0
    for args in check_arguments(exercise):
        right = right_answer(exercise)(**args)
        try:
            with np.errstate(all="ignore"):
                result = wrong(**args)
        except ValueError:
            continue  # cannot be computed at these sizes (e.g. I[order] when N > d_in)
        computed += 1
        if differs(exercise, result, right):
            return
    assert computed, f"{exercise.key} {mistake} could not be computed on any check case"
    raise AssertionError(f"{exercise.key} {mistake} gives the right answer on every check case")


@pytest.mark.parametrize("exercise", [e for e in EXERCISES.values() if not e.variant], ids=lambda e: e.key)
def test_the_right_answer_returns_floats_bools_or_ints_and_leaves_its_arguments_alone(exercise):
    for args in check_arguments(exercise):
        copies = {name: np.array(value, copy=True) for name, value in args.items()}
        for part in parts(right_answer(exercise)(**args)):
            if isinstance(part, np.ndarray):
                assert part.dtype in (np.float64, np.bool_), exercise.key
            else:
                assert type(part) in (int, float), exercise.key
        for name, before in copies.items():
            assert np.array_equal(before, np.asarray(args[name])), (exercise.key, name)


# The named mistakes of notebooks 10-12, each reviewed: one missing here was dropped from its table.
EXPECTED_KEYS = {
    "10_gradients/softmax_columns_backward": {"jacobian_rows"},
    "10_gradients/scores_backward": {"dK_missing_transpose", "dQ_missing_transpose"},
    "10_gradients/self_attention_backward": {"jacobian_rows", "dK_missing_transpose", "dQ_missing_transpose",
                                             "forgot_softmax_backward", "dI_missing_terms"},
    "10_gradients/numerical_gradient": {"step_too_large", "step_too_small", "one_sided_difference"},
    "11_training/mse_loss": {"mse_not_averaged", "dO_missing_factor_2"},
    "11_training/gradient_descent_step": {"ascent_not_descent"},
    "11_training/weight_on_marker": {"weight_on_marker_row"},
    "12_cost/attention_flops": {"counted_multiplies_only"},
    "12_cost/online_softmax_step": {"forgot_rescale"},
    "12_cost/blockwise_attention": {"forgot_rescale"},
    "12_cost/online_softmax_exp_count": {"exp_count_without_c", "exp_count_c_per_entry", "exp_count_floor_blocks",
                                         "exp_count_c_per_tile"},
}


def test_every_named_mistake_of_notebooks_10_to_12_is_there():
    named = {key: set(mistakes) for key, mistakes in MISTAKEN.items() if key[:2] in ("10", "11", "12")}
    assert named == EXPECTED_KEYS


EXPECTED_CAPSTONE_KEYS = {
    "13_capstone/cross_entropy_columns": {"cross_entropy_summed", "logits_softmax_rows", "dlogits_sign_flipped",
                                          "softmax_overflow", "log_of_underflowed_softmax"},
    "13_capstone/capstone_forward": {"no_causal_mask", "mask_wrong_triangle", "softmax_rows", "positions_not_added",
                                     "no_residual", "unscaled"},
    "13_capstone/capstone_training_step": {"targets_not_shifted", "targets_shifted_back", "residual_gradient_missing",
                                           "ascent_not_descent"},
}


def test_every_named_mistake_of_notebook_13_is_there():
    named = {key: set(mistakes) for key, mistakes in MISTAKEN.items() if key.startswith("13")}
    assert named == EXPECTED_CAPSTONE_KEYS
