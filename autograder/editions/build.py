"""An edition's notebooks: the English ones with each prose cell translated, nothing else changed."""

import copy
from pathlib import Path

import nbformat
from nbgrader.utils import compute_checksum

from ..course import REPO, source_notebook
from . import catalogue as catalogues

EDITIONS = REPO / "build" / "editions"


def translated(notebook, assignment, language, catalogue=None):
    """A copy of ``notebook`` (the instructor's source or a student release of ``assignment``) in ``language``.

    Markdown cells whose English text has a current translation get it, found by
    grade_id (a release's prose is the source's, so its own cells are the English
    to look up); every other cell (all code, all nbgrader metadata) stays as it is. A released cell
    that nbgrader locked keeps a checksum of what the student sees, so its
    checksum is computed again for the translated text. The notebook's metadata
    says its language (``course.language``), so the library can speak it.
    """
    if catalogue is None:
        catalogue = catalogues.read(catalogues.catalogue_path(language, assignment))
    translations = catalogues.translations(catalogue, catalogues.prose_cells(notebook))
    edition = copy.deepcopy(notebook)
    for cell in edition.cells:
        key = catalogues.cell_key(cell)
        if cell.cell_type == "markdown" and key in translations:
            cell.source = translations[key]
            nbgrader = cell.metadata.get("nbgrader", {})
            if "checksum" in nbgrader:
                nbgrader["checksum"] = compute_checksum(cell)
    edition.metadata.setdefault("course", {})["language"] = language
    return edition


def released_in(notebook, assignment, language):
    """A student release of ``assignment`` as its edition in ``language`` has it: ``translated`` where that
    edition has a catalogue of the assignment, else as it is (English, or a notebook not yet translated)."""
    if language == "en" or not catalogues.catalogue_path(language, assignment).exists():
        return notebook
    return translated(notebook, assignment, language)


def edition_notebook(assignment, language, catalogue=None):
    """The instructor notebook of ``assignment`` in ``language``."""
    english = nbformat.read(source_notebook(assignment), as_version=4)
    return translated(english, assignment, language, catalogue)


def write_edition(assignment, language, root=EDITIONS):
    """Write the edition to ``root/<language>/<assignment>/<assignment>.ipynb``; return the path."""
    path = Path(root) / language / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(edition_notebook(assignment, language), path)
    return path
