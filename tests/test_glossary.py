"""Does the glossary credit the lecture only with words the lecture says?"""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "self-attention-matrix-view.zh.txt"


def squeezed(text):
    return re.sub(r"\s+", "", text).casefold()


def lecture_words():
    """The entries of the Words table's "the lecture's words" column, one by one, without glosses in brackets."""
    lines = (REPO / "GLOSSARY.md").read_text(encoding="utf-8").splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("| English (this course) |"))
    column = [cell.strip() for cell in lines[header].strip("|").split("|")].index("the lecture's words")
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cell = [part.strip() for part in line.strip().strip("|").split("|")][column]
        for word in cell.split(", "):
            yield re.sub(r"\s*\([^)]*\)", "", word)


def test_every_word_credited_to_the_lecture_is_in_its_text():
    seed = squeezed(SEED.read_text(encoding="utf-8"))
    words = list(lecture_words())
    assert len(words) > 20
    missing = [word for word in words if squeezed(word) not in seed]
    assert not missing, f"not in the lecture's text: {missing}"
