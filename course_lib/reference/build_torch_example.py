"""Write ``course_lib/check_data/torch_mha_example.json``: one run of torch.nn.MultiheadAttention.

Run ``python -m course_lib.reference.build_torch_example`` (needs PyTorch) after
changing the example. Notebook 09_row_convention ships the file so that a
student's ``torch_style_mha`` can be compared with PyTorch's own numbers
without installing PyTorch (``course_lib.torch_example.load_torch_example``).
A test rebuilds the document in memory and compares it with the stored file.
"""

import json
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "check_data" / "torch_mha_example.json"
SEED = 2021
EMBED_DIM, NUM_HEADS, BATCH, N = 8, 2, 2, 5
ABOUT = (
    "One run of torch.nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True, float64) "
    "on x of shape (batch=2, N=5, d_model=8) with query = key = value = x, positions in rows; "
    "attention_weights[b, r, i, j] is head r's weight of query i on key j (rows sum to 1)."
)


def _import_torch():
    try:
        import torch
    except ModuleNotFoundError:
        raise SystemExit(
            "build_torch_example needs PyTorch: pip install torch==2.13.0 "
            "(the CPU build is enough), or run ./course.sh test, which installs it"
        ) from None
    return torch


def build_document():
    """The example as a JSON-ready dict of plain floats (nested lists), full precision."""
    torch = _import_torch()
    torch.manual_seed(SEED)
    layer = torch.nn.MultiheadAttention(embed_dim=EMBED_DIM, num_heads=NUM_HEADS, batch_first=True,
                                        dtype=torch.float64)
    layer.eval()
    with torch.no_grad():
        # PyTorch starts both biases at zero; small random ones make a forgotten bias visible.
        layer.in_proj_bias.copy_(0.1 * torch.randn(3 * EMBED_DIM, dtype=torch.float64))
        layer.out_proj.bias.copy_(0.1 * torch.randn(EMBED_DIM, dtype=torch.float64))
        x = torch.randn(BATCH, N, EMBED_DIM, dtype=torch.float64)
        output, weights = layer(x, x, x, need_weights=True, average_attn_weights=False)
    as_lists = lambda tensor: tensor.detach().tolist()  # noqa: E731  (Python floats: repr round-trips)
    return {
        "about": ABOUT,
        "torch_version": torch.__version__,
        "num_heads": NUM_HEADS,
        "x": as_lists(x),
        "in_proj_weight": as_lists(layer.in_proj_weight),
        "in_proj_bias": as_lists(layer.in_proj_bias),
        "out_proj_weight": as_lists(layer.out_proj.weight),
        "out_proj_bias": as_lists(layer.out_proj.bias),
        "output": as_lists(output),
        "attention_weights": as_lists(weights),
    }


def dumps(document):
    """The document as JSON text, one key per line."""
    lines = [f" {json.dumps(key)}: {json.dumps(value)}" for key, value in document.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main():
    PATH.write_text(dumps(build_document()))
    print(f"wrote {PATH}")


if __name__ == "__main__":
    main()
