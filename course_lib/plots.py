"""Pictures for the notebooks: attention heatmaps and shape diagrams of matrix products."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .fonts import use_language_font
from .messages import say

use_language_font()


def plot_attention(A, title="A = Kᵀ Q", ax=None, annotate=True):
    """Heatmap of an (N_keys, N_queries) score or weight matrix in the lecture's layout.

    Column i is query q^{i+1}'s scores (or weights) on every key; row j is key
    k^{j+1}. Entry [j, i] is α_{i+1, j+1}, written in the cell when ``annotate``.
    """
    use_language_font()
    A = np.asarray(A, dtype=float)
    if A.ndim == 1:
        A = A[:, None]  # one query's scores drawn as a single column
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.7 * A.shape[1], 0.8 + 0.55 * A.shape[0]))
    image = ax.imshow(A, cmap="viridis", aspect="auto")
    ax.set_xticks(range(A.shape[1]), [f"$q^{{{i + 1}}}$" for i in range(A.shape[1])])
    ax.set_yticks(range(A.shape[0]), [f"$k^{{{j + 1}}}$" for j in range(A.shape[0])])
    ax.xaxis.set_ticks_position("top")
    ax.set_xlabel(say("plot.query_axis"))
    ax.set_ylabel(say("plot.key_axis"))
    ax.set_title(title, pad=28)
    if annotate:
        middle = (A.max() + A.min()) / 2
        for (j, i), value in np.ndenumerate(A):
            ax.text(i, j, f"{value:.2g}", ha="center", va="center",
                    color="black" if value > middle else "white", fontsize=9)
    ax.figure.colorbar(image, ax=ax, fraction=0.05)
    return ax


def _block(ax, x, name, shape, unit, color):
    rows, columns = shape
    height, width = rows * unit, columns * unit
    ax.add_patch(Rectangle((x, -height / 2), width, height, facecolor=color, edgecolor="black"))
    ax.text(x + width / 2, height / 2 + 0.15, f"${name}$", ha="center", va="bottom", fontsize=13)
    ax.text(x + width / 2, -height / 2 - 0.25, f"{rows} × {columns}", ha="center", va="top", fontsize=10)
    return x + width, height


def plot_product_shapes(left, right, result, ax=None):
    """Draw ``left · right = result`` as blocks whose sides are proportional to their sizes.

    Each argument is (name, (rows, columns)), e.g. ("W^q", (2, 3)), ("I", (3, 4)),
    ("Q", (2, 4)). A vector is drawn as a matrix with one column: (d, 1).
    The inner sizes must agree: columns of ``left`` == rows of ``right``.
    """
    use_language_font()
    (_, (rows_l, cols_l)), (_, (rows_r, cols_r)) = left, right
    if cols_l != rows_r:
        raise ValueError(say("plot.cannot_multiply", left=left[0], left_shape=left[1], right=right[0],
                             right_shape=right[1], columns=cols_l, rows=rows_r))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 2.6))
    unit = 0.5
    x, tallest = 0.0, 0.0
    for block, color, sign in ((left, "#9ecae1", "·"), (right, "#fdd0a2", "="), (result, "#c7e9c0", "")):
        x, height = _block(ax, x, *block, unit=unit, color=color)
        tallest = max(tallest, height)
        if sign:
            ax.text(x + 0.35, 0, sign, ha="center", va="center", fontsize=18)
            x += 0.7
    ax.set_xlim(-0.2, x + 0.2)
    ax.set_ylim(-tallest / 2 - 0.8, tallest / 2 + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
