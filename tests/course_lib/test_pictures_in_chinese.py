"""Do the pictures and widgets speak the edition's language, drawn with a font that has every character?"""

import io
import logging
import os
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import language, reference  # noqa: E402
from course_lib.fonts import installed_cjk_family, use_language_font  # noqa: E402
from course_lib.plots import plot_attention, plot_product_shapes  # noqa: E402
from course_lib.widgets import QueryExplorer, WeightsExplorer  # noqa: E402

CHINESE = re.compile(r"[\u4e00-\u9fff]")
LANGUAGES = ("zh-TW", "zh-CN")


@pytest.fixture(autouse=True)
def restore():
    saved = dict(matplotlib.rcParams)
    yield
    language.use_language(None)
    matplotlib.rcParams.update(saved)
    plt.close("all")


def needs_a_cjk_font(language_name):
    if installed_cjk_family(language_name) is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no CJK font is installed (./course.sh setup installs fonts-noto-cjk with apt); CI requires one")
        pytest.skip("no CJK font installed here (Debian: apt-get install fonts-noto-cjk)")


def raises(*args):
    raise ValueError("not yet")


def figures():
    """Every picture of the library, freshly drawn: {name: figure}."""
    heatmap = plot_attention(np.arange(12.0).reshape(4, 3), title="A = Kᵀ Q").figure
    shapes = plot_product_shapes(("W^q", (2, 3)), ("I", (3, 4)), ("Q", (2, 4))).figure
    return {"plot_attention": heatmap, "plot_product_shapes": shapes,
            "weights_explorer": WeightsExplorer(reference.output_one_query).figure,
            "query_explorer": QueryExplorer(reference.attention_scores, reference.softmax_columns,
                                            reference.weighted_sum).figure,
            "query_explorer, a function that raises": QueryExplorer(raises, reference.softmax_columns,
                                                                    reference.weighted_sum).figure}


class _Logged(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def drawn_warnings(figure):
    """What matplotlib warned while drawing ``figure``: Python warnings and its logged warnings (mathtext logs)."""
    logged = _Logged()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(logged)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure.savefig(io.BytesIO(), format="png")
    finally:
        logger.removeHandler(logged)
    return [str(warning.message) for warning in caught] + logged.messages


def missing_glyphs(messages):
    return [message for message in messages if "missing from" in message or "does not have a glyph" in message]


def texts(figure):
    return " ".join(text.get_text() for text in figure.findobj(matplotlib.text.Text))


@pytest.mark.parametrize("language_name", LANGUAGES)
def test_every_picture_in_chinese_has_every_glyph(language_name):
    needs_a_cjk_font(language_name)
    language.use_language(language_name)
    for name, figure in figures().items():
        assert CHINESE.search(texts(figure)) or name == "plot_product_shapes", (name, texts(figure))
        missing = missing_glyphs(drawn_warnings(figure))
        assert missing == [], (name, missing[:3])


def test_without_the_font_a_chinese_label_is_caught_as_missing_glyphs():
    language.use_language("zh-TW")
    ax = plot_attention(np.eye(2))
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    ax.set_xlabel(ax.get_xlabel(), fontfamily="DejaVu Sans")
    assert missing_glyphs(drawn_warnings(ax.figure))
    ax.set_title("$A'$ 的第 1 個 column", fontfamily="DejaVu Sans")  # the words around a formula: mathtext's log
    assert any("does not have a glyph" in message for message in drawn_warnings(ax.figure))


def test_english_pictures_keep_the_default_font_and_english_labels():
    language.use_language("en")
    family = list(matplotlib.rcParams["font.family"])
    assert use_language_font() is None and list(matplotlib.rcParams["font.family"]) == family
    ax = plot_attention(np.eye(2))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("query (column)", "key (row)")
