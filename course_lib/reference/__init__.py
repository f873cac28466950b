"""Reference answers, in the lecture's notation (vectors are columns).

Instructor and self-paced edition only: the student release of course_lib
leaves this package out.
"""

from .layer import SelfAttention, parameter_count, self_attention, self_attention_loop
from .projections import projections, queries_one_by_one, query_and_key, stack_inputs
from .scores import attention_scores, inner_product, one_query_scores, scores_one_by_one
from .softmax import relu_columns, softmax_columns
from .weighted_sum import output_one_query, weighted_sum, weighted_sum_loop

# Beyond the lecture (notebooks 06-12).
from .blockwise import blockwise_attention, online_softmax_exp_count, online_softmax_step
# Beyond the lecture (notebooks 06-13).
from .blockwise import blockwise_attention, online_softmax_step
from .capstone import capstone_forward, capstone_training_step, cross_entropy_columns
from .cost import attention_flops
from .gradients import (
    numerical_gradient, relative_error, scores_backward, self_attention_backward, softmax_columns_backward,
)
from .masking import causal_mask, masked_attention, masked_softmax_columns, padding_mask, sliding_window_mask
from .multi_head import (
    concat_heads, head_outputs, multi_head_attention, multi_head_parameter_count, split_heads,
)
from .positions import attention_with_positions, permute_positions, sinusoidal_encoding
from .rows import row_attention, row_scores, torch_style_mha
from .scaling import scaled_scores, scaled_self_attention
from .training import gradient_descent_step, marker_task, mse_loss, train, weight_on_marker

# Every answer imported above, and nothing else: what ``course_lib.<name>`` gives (see course_lib/__init__).
__all__ = sorted(name for name, value in globals().items() if callable(value) and not name.startswith("_"))
