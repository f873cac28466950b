"""Wrong versions of ``reference/scaling.py`` (notebook 06): scores scaled by √d_k.

A mistake in the scale ("scaled_by_d_k") needs d_k > 1 to show.
"""

import numpy as np

from ._shared import floats


MISTAKEN = {
    "06_scaling_and_masking/scaled_scores": {
        "scaled_by_d_k": lambda Q, K: floats(K).T @ floats(Q) / floats(Q).shape[0],
        "unscaled": lambda Q, K: floats(K).T @ floats(Q),
        "scores_transposed": lambda Q, K: floats(Q).T @ floats(K) / np.sqrt(floats(Q).shape[0]),
    },
}
