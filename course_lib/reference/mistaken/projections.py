"""Wrong versions of ``reference/projections.py`` (notebooks 01 and 02): queries, keys and values."""

import numpy as np


MISTAKEN = {
    "01_one_query_scores/query_and_key": {
        "inputs_for_projections": lambda a, Wq, Wk: (np.asarray(a, float), np.asarray(a, float)),
        "query_key_swapped": lambda a, Wq, Wk: (Wk @ a, Wq @ a),
        "one_weight_for_both": lambda a, Wq, Wk: (Wq @ a, Wq @ a),
    },
    "02_queries_keys_values/stack_inputs": {
        "inputs_as_rows": lambda vectors: np.stack(vectors, axis=0),
    },
    "02_queries_keys_values/queries_one_by_one": {
        "inputs_for_projections": lambda I, Wq: np.array(I, dtype=float),
        "positions_in_rows": lambda I, Wq: (Wq @ I).T,
    },
    "02_queries_keys_values/projections": {
        "inputs_for_projections": lambda I, Wq, Wk, Wv: (I, I, I),
        "weights_swapped": lambda I, Wq, Wk, Wv: (Wk @ I, Wq @ I, Wv @ I),
        "positions_in_rows": lambda I, Wq, Wk, Wv: ((Wq @ I).T, (Wk @ I).T, (Wv @ I).T),
    },
}
