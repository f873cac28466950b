"""One gettext catalogue per notebook and language: an entry for each prose (markdown) cell.

An entry's context (msgctxt) is the cell's nbgrader grade_id, its msgid the
English text of the cell, its msgstr the translation. When the English text
of a cell changes, ``update`` keeps the old translation but marks it fuzzy
(stale) and records the English it was made from (``#| msgid``), so that a
translator sees what changed; a stale or empty entry is not used.
"""

from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from course_lib.cells import answer_to, without_mark_scheme

from ..course import REPO, source_notebook

TRANSLATIONS = REPO / "translations"


def catalogue_path(language, assignment):
    return TRANSLATIONS / language / f"{assignment}.po"


def cell_key(cell):
    """The cell's identity across edits: its nbgrader grade_id (every locked cell has one), else its cell id."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or cell.get("id")


def prose_cells(notebook):
    """[(key, English text)] of the notebook's markdown cells, in order; a written question's answer cell is the
    student's, never translated (it stays nbgrader's text stub, which ``show_model_answer`` looks for)."""
    return [(cell_key(cell), cell.source) for cell in notebook.cells
            if cell.cell_type == "markdown" and not answer_to(cell)]


def english_entries(assignment):
    return prose_cells(nbformat.read(source_notebook(assignment), as_version=4))


def read(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def write(catalogue, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalogue, width=0, sort_output=False, include_previous=True)


def new_catalogue(language, assignment):
    return Catalog(locale=language.replace("-", "_"), project=f"self-attention-course {assignment}",
                   header_comment=f"# The {language} translation of notebook {assignment}: one entry per prose cell.\n"
                                  "# Brought up to the English with: python -m autograder.editions update",
                   fuzzy=False, charset="utf-8")


def updated(catalogue, entries):
    """``catalogue`` brought up to ``entries`` [(key, English)], in their order: (new catalogue, what changed).

    A cell whose English is unchanged keeps its translation; a changed one keeps
    the old translation marked fuzzy, with the old English as previous_id; a new
    cell gets an empty entry; an entry whose cell is gone is dropped.
    """
    old = {message.context: message for message in catalogue if message.id}
    result = Catalog(locale=catalogue.locale, project=catalogue.project, header_comment=catalogue.header_comment,
                     creation_date=catalogue.creation_date, revision_date=catalogue.revision_date,
                     fuzzy=False, charset="utf-8")
    changed = {"new": [], "stale": [], "dropped": sorted(set(old) - {key for key, _ in entries})}
    for key, english in entries:
        before = old.get(key)
        if before is None:
            result.add(english, "", context=key)
            changed["new"].append(key)
        elif before.id == english:
            result.add(english, before.string, context=key, flags=before.flags, previous_id=before.previous_id)
        else:
            result.add(english, before.string, context=key, flags=["fuzzy"] if before.string else [],
                       previous_id=[before.id])
            changed["stale"].append(key)
    return result, changed


@dataclass
class Coverage:
    """How much of a notebook a catalogue translates."""

    translated: int
    stale: list   # keys of entries whose English changed since they were translated
    missing: list  # keys of cells without a translation (no entry, or an empty one)

    @property
    def complete(self):
        return not self.stale and not self.missing


def coverage(catalogue, entries):
    found = {message.context: message for message in catalogue if message.id}
    stale, missing = [], []
    for key, english in entries:
        message = found.get(key)
        if message is None or not message.string:
            missing.append(key)
        elif message.fuzzy or message.id != english:
            stale.append(key)
    return Coverage(len(entries) - len(stale) - len(missing), stale, missing)


def translations(catalogue, entries):
    """{key: translated text} for the entries that are translated and not stale. A written question's task cell of
    a release (its mark scheme removed) gets the translation without its mark scheme."""
    found = {message.context: message for message in catalogue if message.id}
    current = {key: found[key] for key, _ in entries if key in found and found[key].string and not found[key].fuzzy}
    translated = {}
    for key, english in entries:
        message = current.get(key)
        if message is None:
            continue
        if message.id == english:
            translated[key] = message.string
        elif without_mark_scheme(message.id).strip() == english.strip() != message.id.strip():
            translated[key] = without_mark_scheme(message.string)
    return translated
