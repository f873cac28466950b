"""Reference answers, in the lecture's notation (vectors are columns).

Instructor and self-paced edition only: the student release of course_lib
leaves this package out.
"""

from .layer import SelfAttention, parameter_count, self_attention, self_attention_loop
from .projections import projections, queries_one_by_one, query_and_key, stack_inputs
from .scores import attention_scores, inner_product, one_query_scores, scores_one_by_one
from .softmax import relu_columns, softmax_columns
from .weighted_sum import output_one_query, weighted_sum, weighted_sum_loop

__all__ = [
    "SelfAttention", "attention_scores", "inner_product", "one_query_scores", "output_one_query",
    "parameter_count", "projections", "queries_one_by_one", "query_and_key", "relu_columns",
    "scores_one_by_one", "self_attention", "self_attention_loop", "softmax_columns", "stack_inputs",
    "weighted_sum", "weighted_sum_loop",
]
