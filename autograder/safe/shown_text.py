"""Text from a student, made safe to store and show: escaped where it is not plain printable Unicode, capped.

A lone surrogate (``"\\ud800"`` in a notebook's JSON, or a file name that is
not UTF-8) cannot be written as UTF-8 and crashes any writer; a terminal
escape or a bidirectional override changes what an instructor's terminal or
editor shows. Both are replaced by their backslash escapes (``\\ud800``,
``\\x1b``, ``\\u202e``), so the text keeps every character it had, visibly.
"""

import csv
import re

# Lone surrogates, C0 and C1 controls, DEL, and the bidirectional overrides and isolates.
_UNSAFE = r"\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE_IN_LINE = re.compile(f"[{_UNSAFE}\n\t]")
_UNSAFE_IN_BLOCK = re.compile(f"[{_UNSAFE}]")
NAME_LIMIT = 200  # characters of a name or a one-line text shown


def _escape(match):
    char = match.group(0)
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by os.fsdecode's surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return {"\n": "\\n", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def _capped(text, limit):
    if limit is not None and len(text) > limit:
        return text[:limit] + f"[... {len(text) - limit:,} more characters not shown]"
    return text


def shown(text, limit=NAME_LIMIT):
    """One line: every unsafe character and line break escaped, at most ``limit`` characters kept."""
    return _UNSAFE_IN_LINE.sub(_escape, _capped(str(text), limit))


def shown_block(text, limit=None):
    """Several lines (code, output): line breaks and tabs kept, every other unsafe character escaped."""
    text = str(text).replace("\r\n", "\n")
    return _UNSAFE_IN_BLOCK.sub(_escape, _capped(text, limit))


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def encodable(text):
    """``text`` with each lone surrogate as its ``\\uXXXX`` escape, else unchanged: what a UTF-8 writer accepts.

    For the student's code: inside a string literal the escape means the same
    character again, so the code runs as written.
    """
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


_MARKDOWN = re.compile(r"([\\`*\[\]|~])")


def markdown_escaped(text, limit=NAME_LIMIT):
    """One line for a Markdown document: ``shown``, then HTML's ``& < >`` as entities and the characters of
    Markdown's code, emphasis, links and tables (backslash, backtick, ``* [ ] | ~``) backslash-escaped, so a name
    or a message renders as the text it is, never as HTML, a link or a table cell. (An underscore stays: inside a
    word it is no markup.)"""
    text = shown(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A CSV cell no spreadsheet runs: a text starting with = + - @ tab or CR gets a leading ' (OWASP's rule),
    and unsafe characters are escaped as in ``shown_block``. Numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    text = shown_block(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class SpreadsheetWriter:
    """``csv.writer`` whose every cell goes through ``spreadsheet_cell``."""

    def __init__(self, handle):
        self.writer = csv.writer(handle)

    def writerow(self, row):
        self.writer.writerow([spreadsheet_cell(value) for value in row])
