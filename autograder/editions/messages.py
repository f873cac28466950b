"""The library's messages as gettext catalogues: extracted from ``course_lib.messages``, compiled into course_lib.

- ``translations/course_lib.pot``: every string a student may read from the
  library (the judge's templates, the named mistakes' words, the pictures'
  labels), and the texts the notebooks' own code draws through
  ``course_lib.messages.translated`` (found in the instructor notebooks' code
  cells) and the instant checks' case labels (found in ``course_lib/check_data``),
  extracted from the English source: context = the message id,
  msgid = the English text. A template is flagged ``python-brace-format`` and
  its fields are listed in a comment, for the translator.
- ``translations/<language>/course_lib.po``: the translation (zh-TW written,
  zh-CN converted from it like the notebooks' prose). An entry whose English
  changed is kept but marked stale (fuzzy); a new id gets an empty entry.
- ``course_lib/locale/<ll_CC>/LC_MESSAGES/course_lib.mo``: the compiled
  catalogue the library reads at run time; it ships with the student release.
  Stale and empty entries are left out of it, so the library says those in English.
"""

import ast
import io
import re
import string
from dataclasses import dataclass
from functools import lru_cache

import nbformat

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from course_lib import messages as library
from course_lib import stored_cases

from ..course import assignments, source_notebook
from . import catalogue as catalogues

DOMAIN = library.DOMAIN
TEMPLATE = catalogues.TRANSLATIONS / f"{DOMAIN}.pot"


def catalogue_path(language):
    return catalogues.TRANSLATIONS / language / f"{DOMAIN}.po"


def compiled_path(language):
    return library.LOCALE / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.mo"


def fields(text, is_template=True):
    """The set of named fields of a template ({name}, {scale:g} → name, scale); of plain text, its braced groups."""
    if not is_template:
        groups, depth, start = [], 0, 0
        for position, character in enumerate(text):
            if character == "{":
                depth, start = depth + 1, position if depth == 0 else start
            elif character == "}" and depth:
                depth -= 1
                if depth == 0:
                    groups.append(text[start:position + 1])
        return set(groups)
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


# translated("…") in a code cell: the string literal given (one of its quotes, no f-string)
_TRANSLATED_CALL = re.compile(r"""\btranslated\(\s*((?:"(?:[^"\\\n]|\\.)*")|(?:'(?:[^'\\\n]|\\.)*'))\s*\)""")


@lru_cache(maxsize=None)
def drawn_texts():
    """The English of every ``translated("…")`` in the notebooks' code cells, in notebook order, each once."""
    found = {}
    for assignment in assignments():
        for cell in nbformat.read(source_notebook(assignment), as_version=4).cells:
            if cell.cell_type == "code":
                for literal in _TRANSLATED_CALL.findall(cell.source):
                    found.setdefault(ast.literal_eval(literal), None)
    return list(found)


@lru_cache(maxsize=None)
def case_labels():
    """Every stored check case's label that has words (``course_lib.messages.has_words``), each once, sorted."""
    labels = {case["label"] for path in stored_cases.CHECK_DATA.glob("[0-9]*.json")
              for cases in stored_cases.load(path.stem).values() for case in cases}
    return sorted(label for label in labels if library.has_words(label))


def english_entries():
    """[(message id, English text)] of every string of the library, in the order of the source, then what the
    notebooks draw, then the check cases' labels."""
    return (list(library.english().items()) + [(library.DRAWN + text, text) for text in drawn_texts()]
            + [(library.CASE + label, label) for label in case_labels()])


def english():
    return dict(english_entries())


def is_template(message_id):
    return message_id in library.MESSAGES or message_id.startswith(library.DRAWN)


def template_catalogue(creation_date=None):
    """The POT: one empty entry per message of the library."""
    template = Catalog(project="self-attention-course course_lib", fuzzy=False, charset="utf-8",
                       creation_date=creation_date,
                       header_comment="# Every string the course's library shows a student, in English.\n"
                                      "# Extracted from course_lib/messages.py with: python -m autograder.editions update")
    for message_id, english in english_entries():
        if is_template(message_id):
            names = ", ".join(sorted(fields(english))) or "none"
            template.add(english, context=message_id, flags=["python-brace-format"],
                         auto_comments=[f"fields: {names}"])
        else:
            template.add(english, context=message_id, auto_comments=["plain text: no fields"])
    return template


def new_catalogue(language):
    return Catalog(locale=language.replace("-", "_"), project="self-attention-course course_lib",
                   header_comment=f"# The {language} translation of the course library's messages.\n"
                                  "# Brought up to the English with: python -m autograder.editions update",
                   fuzzy=False, charset="utf-8")


def updated(catalogue):
    """``catalogue`` brought up to the library's English (see ``catalogue.updated``), its templates flagged."""
    result, changed = catalogues.updated(catalogue, english_entries())
    for message in result:
        if message.id and is_template(message.context):
            message.flags.add("python-brace-format")
    return result, changed


def compiled(catalogue):
    """The catalogue as gettext's binary .mo (translated, current entries only)."""
    current = Catalog(locale=catalogue.locale, project=catalogue.project, fuzzy=False, charset="utf-8",
                      creation_date=catalogue.creation_date, revision_date=catalogue.revision_date)
    current_english = english()
    for message in catalogue:
        if message.id and message.string and not message.fuzzy and current_english.get(message.context) == message.id:
            current.add(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, current)
    return buffer.getvalue()


def write_compiled(catalogue, language):
    path = compiled_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compiled(catalogue))
    return path


@dataclass
class MessageCoverage:
    """How much of the library a language's catalogue translates."""

    total: int
    coverage: catalogues.Coverage
    wrong_fields: list  # ids whose translation has other fields than the English
    compiled_current: bool  # the .mo in course_lib is what the .po compiles to

    @property
    def complete(self):
        return self.coverage.complete and not self.wrong_fields and self.compiled_current


def field_mismatches(catalogue):
    """Ids whose translation names other fields (or, in plain text, other braced symbols) than the English."""
    current_english = english()
    return [message.context for message in catalogue
            if message.id and message.string and message.context in current_english
            and fields(message.string, is_template(message.context)) != fields(message.id, is_template(message.context))]


def message_coverage(language):
    catalogue = catalogues.read(catalogue_path(language))
    path = compiled_path(language)
    return MessageCoverage(len(english_entries()), catalogues.coverage(catalogue, english_entries()),
                           field_mismatches(catalogue), path.exists() and path.read_bytes() == compiled(catalogue))
