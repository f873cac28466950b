"""Instant checks for notebook 01_one_query_scores."""

from ._runner import run_check

NOTEBOOK = "01_one_query_scores"


def check_inner_product(inner_product):
    """Check α = qᵀ k: a single number, the sum of the products q[m] k[m]."""
    run_check(NOTEBOOK, "inner_product", inner_product)


def check_query_and_key(query_and_key):
    """Check (q, k) = (W^q a, W^k a) for one input vector a."""
    run_check(NOTEBOOK, "query_and_key", query_and_key)


def check_scores_one_by_one(scores_one_by_one):
    """Check [α_{1,1}, …, α_{1,N}] computed key by key, shape (N,)."""
    run_check(NOTEBOOK, "scores_one_by_one", scores_one_by_one)


def check_one_query_scores(one_query_scores):
    """Check Kᵀ q, one query's scores as a matrix times a vector, shape (N,)."""
    run_check(NOTEBOOK, "one_query_scores", one_query_scores)
