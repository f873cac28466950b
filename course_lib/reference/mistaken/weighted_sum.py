"""Wrong versions of ``reference/weighted_sum.py`` (notebook 04): the weighted sum of the values."""

MISTAKEN = {
    "04_weighted_sum/weighted_sum_loop": {
        "weighted_not_summed": lambda V, weights: V * weights,
        "summed_over_value_entries": lambda V, weights: (V * weights).sum(axis=0),
    },
    "04_weighted_sum/output_one_query": {
        "output_order": lambda V, weights: weights @ V,
        "weighted_not_summed": lambda V, weights: V * weights,
        "summed_over_value_entries": lambda V, weights: (V * weights).sum(axis=0),
    },
    "04_weighted_sum/weighted_sum": {
        "output_order": lambda V, A_prime: A_prime @ V,
        "output_transposed_values": lambda V, A_prime: A_prime @ V.T,
        "weights_rows": lambda V, A_prime: V @ A_prime.T,
    },
}
