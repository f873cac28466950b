"""Is text from a student stored and shown escaped, never as a formula, markup, or a crash?"""

import csv
import io
import json

import pytest

from autograder.ids import id_problem
from autograder.safe.shown_text import SpreadsheetWriter, encodable, markdown_escaped, shown, shown_block, spreadsheet_cell


def test_lone_surrogates_controls_and_bidi_overrides_become_escapes_that_utf8_can_write():
    text = "a\ud800b\x1b[31mc\u202ed" + "\udcff"
    for escaped in (shown(text), shown_block(text)):
        escaped.encode("utf-8")
        assert escaped == "a\\ud800b\\x1b[31mc\\u202ed\\xff"


def test_a_block_keeps_its_lines_and_tabs_a_line_does_not():
    assert shown_block("a\n\tb\r\n") == "a\n\tb\n"
    assert shown("a\n\tb") == "a\\n\\tb"


def test_long_text_is_capped_and_says_how_much_was_left_out():
    assert shown("x" * 300, 10) == "x" * 10 + "[... 290 more characters not shown]"


def test_encodable_keeps_the_meaning_of_a_string_literal():
    code = encodable("s = '\ud800'")
    namespace = {}
    exec(code, namespace)
    assert namespace["s"] == "\ud800"


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(cell):
    safe = spreadsheet_cell(cell)
    assert safe.startswith("'") or safe.startswith("\\x0d")
    assert "\r" not in safe


def test_numbers_and_plain_text_stay_as_they_are():
    assert spreadsheet_cell(-1.5) == -1.5 and spreadsheet_cell("ada-correct") == "ada-correct"
    handle = io.StringIO()
    SpreadsheetWriter(handle).writerow(["=1", 2.0, "b\x1b"])
    assert list(csv.reader(io.StringIO(handle.getvalue()))) == [["'=1", "2.0", "b\\x1b"]]


def test_markdown_gets_no_link_no_html_no_table_cell():
    escaped = markdown_escaped("<img src=x>[a](javascript:b)|`c`")
    assert "<" not in escaped and "\\[a\\]" in escaped and "\\|" in escaped and "\\`" in escaped


@pytest.mark.parametrize("name, problem", [
    ("ada-correct", ""), ("kim[2]*?$(x);&'", ""), ("José Núñez", ""),
    ("caf\udce9", "not valid UTF-8"), ("x" * 65, "more than the 64"), (".git", "starts with a dot"),
    ("a\nb", "control"), ("a\u202eb", "control"), (" ada", "spaces at an end"), ("", "empty"),
])
def test_a_student_id_is_refused_exactly_when_it_cannot_be_stored(name, problem):
    found = id_problem(name)
    assert (problem in found) if problem else found == ""
    json.dumps(found).encode("utf-8")
