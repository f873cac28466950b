"""Hidden tests for notebook 01_one_query_scores."""

from ..judge import grade_exercise

NOTEBOOK = "01_one_query_scores"


def grade_inner_product(inner_product):
    """α = qᵀ k on random vectors of random length d_k."""
    __tracebackhide__ = True
    grade_exercise(f"{NOTEBOOK}/inner_product", inner_product)


def grade_query_and_key(query_and_key):
    """(W^q a, W^k a) on random a, W^q, W^k with d_in != d_k."""
    __tracebackhide__ = True
    grade_exercise(f"{NOTEBOOK}/query_and_key", query_and_key)


def grade_scores_one_by_one(scores_one_by_one):
    """[α_{1,j}] over a random number N of random keys."""
    __tracebackhide__ = True
    grade_exercise(f"{NOTEBOOK}/scores_one_by_one", scores_one_by_one)


def grade_one_query_scores(one_query_scores):
    """Kᵀ q for random K of shape (d_k, N) with d_k != N."""
    __tracebackhide__ = True
    grade_exercise(f"{NOTEBOOK}/one_query_scores", one_query_scores)
