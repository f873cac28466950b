"""Where the course's pieces are, and the list of assignments."""

from functools import cache
from pathlib import Path

AUTOGRADER = Path(__file__).resolve().parent
REPO = AUTOGRADER.parent
NOTEBOOKS = REPO / "notebooks"


def assignments():
    """The assignment ids in series order: the folders notebooks/<id>/ holding <id>.ipynb."""
    return sorted(path.parent.name for path in NOTEBOOKS.glob("*/*.ipynb") if path.stem == path.parent.name)


def source_notebook(assignment):
    """The instructor's source of an assignment (solutions and hidden tests included)."""
    return NOTEBOOKS / assignment / f"{assignment}.ipynb"


def graded_cells(assignment):
    """[(grade_id, points)] of the autograded test cells of an assignment, in notebook order."""
    from course_lib.cells import grade_id, is_test_cell, nbgrader_meta

    return [(grade_id(cell), float(nbgrader_meta(cell)["points"])) for cell in load_source(assignment).cells
            if is_test_cell(cell)]


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


def gradebook_url(root):
    """The gradebook's database: COURSE_DB_URL when set (as nbgrader_config.py reads it), else root/gradebook.db."""
    import os

    return os.environ.get("COURSE_DB_URL") or f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def db_url_for_config(url):
    """The gradebook URL to hand nbgrader's config: a PostgreSQL URL's password moved out of it.

    formgrader shows its whole configuration (``--debug``), the gradebook's URL
    included; the password goes instead to PGPASSWORD, where libpq (psycopg)
    reads it, unless PGPASSWORD is set already. Any other URL is kept as it is.
    """
    import os

    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql") or parsed.password is None:
        return url
    os.environ.setdefault("PGPASSWORD", str(parsed.password))
    kept = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return kept.render_as_string(hide_password=False)
