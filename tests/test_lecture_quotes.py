"""Does every Chinese phrase a notebook quotes from the lecture appear in the lecture's text?"""

import re
from pathlib import Path

import nbformat
import pytest

from autograder.course import assignments, source_notebook

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "self-attention-matrix-view.zh.txt"
# The text renders A' three times over ("A ′ A' A"); a quote writes it once, as the slides do.
RENDERED_TWICE_MORE = {"A ′ A' A": "A′"}
QUOTE = re.compile(r'"([^"]*)"')  # quotes pair up in order, and may run over a line break
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def squeezed(text):
    return re.sub(r"\s+", "", text).casefold()


def lecture_text():
    text = SEED.read_text(encoding="utf-8")
    for rendered, written in RENDERED_TWICE_MORE.items():
        text = text.replace(rendered, written)
    return squeezed(text)


def quotes(assignment):
    notebook = nbformat.read(source_notebook(assignment), as_version=4)
    return [found for cell in notebook.cells if cell.cell_type == "markdown"
            for found in QUOTE.findall(cell.source) if CHINESE.search(found)]


def test_notebook_03_quotes_the_lecture_aloud():
    assert any("transpose" in quote for quote in quotes("03_all_scores"))


@pytest.mark.parametrize("assignment", assignments())
def test_every_chinese_quote_is_in_the_lecture(assignment):
    seed = lecture_text()
    missing = [quote for quote in quotes(assignment) if squeezed(quote) not in seed]
    assert not missing, f"not in the lecture's text: {missing}"
