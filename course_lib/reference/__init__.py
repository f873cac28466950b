"""Reference answers, in the lecture's notation (vectors are columns).

Instructor and self-paced edition only: the student release of course_lib
leaves this package out.
"""

from .layer import self_attention
from .projections import projections, query_and_key
from .scores import attention_scores, inner_product, one_query_scores, scores_one_by_one
from .softmax import softmax_columns
from .weighted_sum import weighted_sum

__all__ = [
    "attention_scores", "inner_product", "one_query_scores", "projections", "query_and_key",
    "scores_one_by_one", "self_attention", "softmax_columns", "weighted_sum",
]
