"""The names of the reference answers, in words only: this module ships in the student release.

``course_lib.<name>`` gives a reference answer where ``course_lib.reference``
exists, and a clear message in the release, where it does not.
"""

REFERENCE_NAMES = frozenset({
    # beyond the lecture: scaling, masks, heads, positions, rows, gradients, training, cost
    "attention_flops", "attention_from_qkv", "attention_with_positions", "blockwise_attention", "causal_mask",
    "concat_heads", "gradient_descent_step", "head_outputs", "marker_task", "masked_attention",
    "masked_softmax_columns", "mse_loss", "multi_head_attention", "multi_head_parameter_count",
    "numerical_gradient", "online_softmax_step", "padding_mask", "permute_positions", "relative_error",
    "row_attention", "row_scores", "scaled_scores", "scaled_self_attention", "scores_backward",
    "self_attention_backward", "sinusoidal_encoding", "softmax_columns_backward", "torch_style_mha", "train",
    "weight_on_marker",
    "SelfAttention", "attention_scores", "inner_product", "one_query_scores", "output_one_query",
    "parameter_count", "projections", "queries_one_by_one", "query_and_key", "relu_columns",
    "scores_one_by_one", "self_attention", "self_attention_loop", "softmax_columns", "stack_inputs",
    "weighted_sum", "weighted_sum_loop",
})
