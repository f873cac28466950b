"""Instant checks, one ``check_<function>`` per exercise, for use right after each exercise."""

from .nb01_one_query_scores import (
    check_inner_product,
    check_one_query_scores,
    check_query_and_key,
    check_scores_one_by_one,
)

__all__ = ["check_inner_product", "check_one_query_scores", "check_query_and_key", "check_scores_one_by_one"]
