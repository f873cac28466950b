"""Wrong versions of ``reference/cost.py`` (notebook 12): the count of floating-point operations."""


MISTAKEN = {
    "12_cost/attention_flops": {
        "counted_multiplies_only": lambda N, d_k, d_v: int(d_k * N * N + d_v * N * N),
    },
}
