"""Instant checks: ``check_<name>(name)`` right after each exercise, for every exercise in the series
(``check_<name>_<variant>(name)`` for a variant, e.g. check_softmax_columns_stable).

Each check runs the student's function (or class) on the stored cases of its
exercise and prints one line when all are right; otherwise it raises
CheckFailed, whose message names the mistake in the lecture's terms.

Every check is listed by name in ``__all__`` below, one line per notebook; each
is made by ``_make_check`` from its exercise's row in ``course_lib.exercises``
(the row's ``check_name``), and tests/course_lib/test_checks.py keeps the list
and the table equal.
"""

from ..exercises import EXERCISES
from ._runner import run_check

__all__ = [
    # 01_one_query_scores
    "check_inner_product", "check_query_and_key", "check_scores_one_by_one", "check_one_query_scores",
    # 02_queries_keys_values
    "check_stack_inputs", "check_queries_one_by_one", "check_projections",
    # 03_all_scores
    "check_attention_scores", "check_softmax_columns", "check_softmax_columns_stable", "check_relu_columns",
    # 04_weighted_sum
    "check_weighted_sum_loop", "check_output_one_query", "check_weighted_sum",
    # 05_whole_layer
    "check_self_attention", "check_self_attention_loop", "check_SelfAttention", "check_parameter_count",
    # 06_scaling_and_masking
    "check_scaled_scores", "check_causal_mask", "check_padding_mask", "check_sliding_window_mask",
    "check_masked_softmax_columns",
    "check_masked_attention",
    # 07_multi_head
    "check_head_outputs", "check_concat_heads", "check_multi_head_attention", "check_split_heads",
    "check_multi_head_parameter_count",
    # 08_positions
    "check_sinusoidal_encoding", "check_permute_positions", "check_attention_with_positions",
    # 09_row_convention
    "check_row_scores", "check_row_attention", "check_torch_style_mha",
    # 10_gradients
    "check_numerical_gradient", "check_softmax_columns_backward", "check_scores_backward",
    "check_self_attention_backward",
    # 11_training
    "check_mse_loss", "check_gradient_descent_step", "check_weight_on_marker",
    # 12_cost
    "check_attention_flops", "check_online_softmax_step", "check_blockwise_attention",
    "check_online_softmax_exp_count",
    # 13_capstone
    "check_cross_entropy_columns", "check_capstone_forward", "check_capstone_training_step",
]


def _make_check(exercise):
    def check(function):
        run_check(exercise.key, function)

    check.__name__ = check.__qualname__ = exercise.check_name
    check.__doc__ = (f"Check your {exercise.name} (notebook {exercise.notebook}) on "
                     f"{len(exercise.checks)} fixed cases; explain what is wrong if it is not right.")
    return check


CHECKS = {exercise.check_name: _make_check(exercise) for exercise in EXERCISES.values() if exercise.checks}
globals().update(CHECKS)
