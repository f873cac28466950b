"""Hidden tests, called from the notebooks' hidden test cells: ``grade_<name>(name)``.

One per exercise of ``course_lib.exercises`` (``grade_<name>_<variant>`` for a
variant, e.g. grade_softmax_columns_stable), each a call of
``autograder.judge.grade_exercise`` on that exercise's fresh random inputs.

Every hidden test is listed by name in ``__all__`` below, one line per notebook;
each is made by ``_make_grader`` from its exercise's row (the row's
``grader_name``), and tests/autograder/test_judge.py keeps the list and the
table equal.
"""

from course_lib.exercises import EXERCISES

from ..judge import grade_exercise

__all__ = [
    # 01_one_query_scores
    "grade_inner_product", "grade_query_and_key", "grade_scores_one_by_one", "grade_one_query_scores",
    # 02_queries_keys_values
    "grade_stack_inputs", "grade_queries_one_by_one", "grade_projections",
    # 03_all_scores
    "grade_attention_scores", "grade_softmax_columns", "grade_softmax_columns_stable", "grade_relu_columns",
    # 04_weighted_sum
    "grade_weighted_sum_loop", "grade_output_one_query", "grade_weighted_sum",
    # 05_whole_layer
    "grade_self_attention", "grade_self_attention_loop", "grade_SelfAttention", "grade_parameter_count",
    # 06_scaling_and_masking
    "grade_scaled_scores", "grade_causal_mask", "grade_padding_mask", "grade_sliding_window_mask",
    "grade_masked_softmax_columns",
    "grade_masked_attention",
    # 07_multi_head
    "grade_head_outputs", "grade_concat_heads", "grade_multi_head_attention", "grade_split_heads",
    "grade_multi_head_parameter_count",
    # 08_positions
    "grade_sinusoidal_encoding", "grade_permute_positions", "grade_attention_with_positions",
    # 09_row_convention
    "grade_row_scores", "grade_row_attention", "grade_torch_style_mha",
    # 10_gradients
    "grade_numerical_gradient", "grade_softmax_columns_backward", "grade_scores_backward",
    "grade_self_attention_backward",
    # 11_training
    "grade_mse_loss", "grade_gradient_descent_step", "grade_weight_on_marker",
    # 12_cost
    "grade_attention_flops", "grade_online_softmax_step", "grade_blockwise_attention",
    "grade_online_softmax_exp_count",
    # 13_capstone
    "grade_cross_entropy_columns", "grade_capstone_forward", "grade_capstone_training_step",
]


def _make_grader(exercise):
    def grade(function):
        __tracebackhide__ = True
        grade_exercise(exercise.key, function)

    grade.__name__ = grade.__qualname__ = exercise.grader_name
    grade.__doc__ = f"Hidden test of {exercise.key} on {len(exercise.hidden_plan)} random cases."
    return grade


GRADERS = {exercise.grader_name: _make_grader(exercise) for exercise in EXERCISES.values()}
globals().update(GRADERS)
