"""Do the pictures label what the lecture names: queries as columns, keys as rows, shapes as sizes?"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib.plots import plot_attention, plot_product_shapes  # noqa: E402


def test_heatmap_names_queries_on_columns_and_keys_on_rows():
    A = np.arange(12.0).reshape(4, 3)  # 4 keys, 3 queries
    ax = plot_attention(A, title="A")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["$q^{1}$", "$q^{2}$", "$q^{3}$"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["$k^{1}$", "$k^{2}$", "$k^{3}$", "$k^{4}$"]
    assert "query" in ax.get_xlabel() and "key" in ax.get_ylabel()
    written = {t.get_text() for t in ax.texts}
    assert "11" in written and "0" in written
    plt.close("all")


def test_shape_diagram_writes_every_size():
    ax = plot_product_shapes(("W^q", (2, 3)), ("I", (3, 4)), ("Q", (2, 4)))
    written = {t.get_text() for t in ax.texts}
    assert {"2 × 3", "3 × 4", "2 × 4", "$W^q$", "$I$", "$Q$"} <= written
    plt.close("all")


def test_shape_diagram_refuses_a_product_that_does_not_fit():
    with pytest.raises(ValueError, match="3 != 4"):
        plot_product_shapes(("W^q", (2, 3)), ("I", (4, 4)), ("Q", (2, 4)))
