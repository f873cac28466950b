"""PyTorch's own numbers for one multi-head attention layer, without PyTorch.

``course_lib/check_data/torch_mha_example.json`` holds one run of
torch.nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True) in
float64: its input, its weights and what it returned. Notebook
09_row_convention compares a hand-written ``torch_style_mha`` with it.
"""

import json
from pathlib import Path

import numpy as np

PATH = Path(__file__).resolve().parent / "check_data" / "torch_mha_example.json"
ARRAYS = ("x", "in_proj_weight", "in_proj_bias", "out_proj_weight", "out_proj_bias", "output", "attention_weights")


def load_torch_example():
    """The stored example as numpy arrays (float64), in PyTorch's row layout.

    Returns a dict with
        "x": (batch, N, d_model) = (2, 5, 8), the input (query = key = value = x)
        "in_proj_weight": (3·d_model, d_model) = [W_q; W_k; W_v];  "in_proj_bias": (3·d_model,)
        "out_proj_weight": (d_model, d_model);  "out_proj_bias": (d_model,)
        "output": (batch, N, d_model), what the layer returned
        "attention_weights": (batch, num_heads, N, N); [b, r, i, j] is head r's weight of query i on key j
        "num_heads": an int (2)
        "about", "torch_version": strings describing the run
    """
    stored = json.loads(PATH.read_text())
    example = {name: np.array(stored[name], dtype=np.float64) for name in ARRAYS}
    example["num_heads"] = int(stored["num_heads"])
    example["about"] = str(stored["about"])
    example["torch_version"] = str(stored["torch_version"])
    return example
