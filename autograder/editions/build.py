"""An edition's notebooks: the English source with each prose cell translated, nothing else changed."""

import copy
from pathlib import Path

import nbformat

from ..course import REPO, source_notebook
from . import catalogue as catalogues

EDITIONS = REPO / "build" / "editions"


def edition_notebook(assignment, language, catalogue=None):
    """The instructor notebook of ``assignment`` in ``language`` (an nbformat node).

    Markdown cells with a current translation get it; every other cell (all code,
    all nbgrader metadata) is the English source's, unchanged. The notebook's
    metadata says its language (``course.language``), so the library can speak it.
    """
    english = nbformat.read(source_notebook(assignment), as_version=4)
    if catalogue is None:
        catalogue = catalogues.read(catalogues.catalogue_path(language, assignment))
    translated = catalogues.translations(catalogue, catalogues.prose_cells(english))
    edition = copy.deepcopy(english)
    for cell in edition.cells:
        if cell.cell_type == "markdown" and catalogues.cell_key(cell) in translated:
            cell.source = translated[catalogues.cell_key(cell)]
    edition.metadata.setdefault("course", {})["language"] = language
    return edition


def write_edition(assignment, language, root=EDITIONS):
    """Write the edition to ``root/<language>/<assignment>/<assignment>.ipynb``; return the path."""
    path = Path(root) / language / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(edition_notebook(assignment, language), path)
    return path
