"""Do the learners' READMEs in Chinese exist, say what the English one says, and read as their region writes?"""

import re

import pytest

from autograder.course import REPO
from autograder.editions import readme

from .test_editions import _ALLOWED_WITH_HANG_OR_LIE, TAIWAN_USAGE

ENGLISH = (REPO / "README.md").read_text(encoding="utf-8")
# The English sections the Chinese READMEs translate
FOR_LEARNERS = ENGLISH[ENGLISH.index("## For students in a class"):ENGLISH.index("## 中文版")]
# Commands, settings and names a learner types: each one the English sections give must be in the Chinese README
TYPED = re.compile(r"`((?:\./course\.sh|\.venv/bin/python|COURSE_|course_lib\.)[^`]*)`"  # in the text
                   r"|^(\./course\.sh \w+|\.venv/bin/python -m [\w.]+)", re.MULTILINE)  # in a command block


def test_the_english_readme_links_both_chinese_ones():
    assert "(README.zh-TW.md)" in ENGLISH and "(README.zh-CN.md)" in ENGLISH


def test_the_mainland_readme_is_the_taiwan_one_converted():
    assert readme.MAINLAND.read_text(encoding="utf-8") == readme.mainland_readme(
        readme.TAIWAN.read_text(encoding="utf-8")), "run: python -m autograder.editions update"


def test_a_changed_sentence_that_names_the_edition_is_refused():
    taiwan = readme.TAIWAN.read_text(encoding="utf-8").replace("./course.sh lab --lang zh-TW\n", "./course.sh lab\n")
    with pytest.raises(readme.ReadmeChanged):
        readme.mainland_readme(taiwan)


@pytest.mark.parametrize("path", [readme.TAIWAN, readme.MAINLAND], ids=lambda path: path.name)
def test_the_chinese_readme_gives_every_command_the_english_one_gives(path):
    typed = {inline or block for inline, block in TYPED.findall(FOR_LEARNERS)}
    assert {"./course.sh lab", "COURSE_CHECK_TIME_LIMIT"} <= typed, typed
    text = path.read_text(encoding="utf-8")
    assert [command for command in sorted(typed) if command not in text] == []


def test_the_mainland_readme_points_at_the_mainland_edition():
    text = readme.MAINLAND.read_text(encoding="utf-8")
    assert "./course.sh lab --lang zh-CN" in text and "learner-zh-CN/" in text
    assert "[繁體中文](README.zh-TW.md)" in text
    assert [word for word in TAIWAN_USAGE if word in text] == []


def test_the_taiwan_readme_never_says_column_or_row_with_a_bare_hang_or_lie():
    text = readme.TAIWAN.read_text(encoding="utf-8")
    # the one sentence that explains the two regions' words names them on purpose
    for allowed in (*_ALLOWED_WITH_HANG_OR_LIE, "系列", "column 叫作行", "row 叫作列", "column 是列", "row 是行"):
        text = text.replace(allowed, "")
    assert not re.search("[行列]", text), re.findall(".{0,8}[行列].{0,8}", text)
