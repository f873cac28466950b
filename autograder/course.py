"""Where the course's pieces are, and the list of assignments."""

import os
from functools import cache
from pathlib import Path

AUTOGRADER = Path(__file__).resolve().parent
REPO = AUTOGRADER.parent
NOTEBOOKS = REPO / "notebooks"


def assignments():
    """The assignment ids in series order: the folders notebooks/<id>/ holding <id>.ipynb."""
    return sorted(path.parent.name for path in NOTEBOOKS.glob("*/*.ipynb") if path.stem == path.parent.name)


SOURCE_LINK = "source"  # in a course root of its own: a link to notebooks/, where formgrader's server can reach it


def source_directory(root):
    """The folder nbgrader reads the instructor's sources from for the course at ``root``: notebooks/, through the
    link ``root/source`` when the course root has it (``link_sources``)."""
    link = Path(root) / SOURCE_LINK
    if link.is_symlink() and link.resolve() == NOTEBOOKS.resolve():
        return link
    return NOTEBOOKS


def link_sources(root):
    """Give a course root outside the checkout's autograder/ the link ``source`` to notebooks/.

    formgrader's server serves the course root and nothing above it, so its link to an assignment's source
    opens only when the sources are under the course root. A file or folder of that name is left alone (the
    sources are then read from notebooks/ directly). Returns whether the link is there.
    """
    link = Path(root) / SOURCE_LINK
    if Path(root).resolve() == AUTOGRADER:
        return False
    if not os.path.lexists(link):
        link.symlink_to(NOTEBOOKS.resolve(), target_is_directory=True)
    return source_directory(root) == link


def source_notebook(assignment):
    """The instructor's source of an assignment (solutions and hidden tests included)."""
    return NOTEBOOKS / assignment / f"{assignment}.ipynb"


def graded_cells(assignment):
    """[(grade_id, points)] of the autograded test cells of an assignment, in notebook order."""
    from course_lib.cells import grade_id, is_test_cell, nbgrader_meta

    return [(grade_id(cell), float(nbgrader_meta(cell)["points"])) for cell in load_source(assignment).cells
            if is_test_cell(cell)]


def written_cells(assignment):
    """[(grade_id, points)] of the written questions of an assignment (task cells, graded by hand), in notebook order."""
    from course_lib.cells import written_questions

    return [(question.grade_id, question.points) for question in written_questions(load_source(assignment).cells)]


def cell_source(assignment, cell_id):
    """The source of the cell whose grade_id is ``cell_id`` in the instructor's source of ``assignment`` (a given
    cell's code, say: what a solution of that notebook may call)."""
    from course_lib.cells import grade_id

    sources = [cell.source for cell in load_source(assignment).cells if grade_id(cell) == cell_id]
    if len(sources) != 1:
        raise KeyError(f"{assignment} has {len(sources)} cells {cell_id!r}, not one")
    return sources[0]


def source_bytes(assignment):
    """The bytes of the instructor's source of ``assignment``, read from disk once per process (again only when the
    file has changed since)."""
    stat = source_notebook(assignment).stat()
    return _read_once(source_notebook(assignment), stat.st_mtime_ns, stat.st_size)


def load_source(assignment):
    """The instructor's source notebook of ``assignment`` as an nbformat notebook, parsed once per process from
    ``source_bytes``: shared by every caller, so read it, never change it (``student_version`` makes a copy)."""
    return _parsed(assignment, source_bytes(assignment))


@cache
def _read_once(path, modified, size):
    return path.read_bytes()


@cache
def _parsed(assignment, raw):
    import nbformat

    return nbformat.reads(raw.decode("utf-8"), as_version=4)


def checked_by(assignment):
    """{solution cell's grade_id: the graded test cell after it}: the exercise each answer cell belongs to (an
    instructor's comment in formgrader is on a solution cell; the exports and feedback show it with the test)."""
    import nbformat

    notebook = nbformat.read(source_notebook(assignment), as_version=4)
    found, waiting = {}, []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            waiting.append(meta["grade_id"])
        elif meta.get("grade"):
            found.update((name, meta["grade_id"]) for name in waiting)
            waiting = []
    return found


def gradebook_url(root):
    """The gradebook's database: COURSE_DB_URL when set (as nbgrader_config.py reads it), else root/gradebook.db."""
    return os.environ.get("COURSE_DB_URL") or f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def db_url_for_config(url):
    """The gradebook URL to hand nbgrader's config: a PostgreSQL URL's password moved out of it.

    formgrader shows its whole configuration (``--debug``), the gradebook's URL
    included; the password goes instead to PGPASSWORD, where libpq (psycopg)
    reads it, unless PGPASSWORD is set already. Any other URL is kept as it is.
    """
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql") or parsed.password is None:
        return url
    os.environ.setdefault("PGPASSWORD", str(parsed.password))
    kept = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return kept.render_as_string(hide_password=False)
