"""What is taken from a student's submission: the code of its solution cells, and what was noticed on the way.

The submission is read as untrusted data (``untrusted_files``): no link is
followed, only regular files are read, each up to ``SETTINGS.notebook_file_bytes`` bytes;
links, FIFOs, sockets, devices and folders named like notebooks are named in
the notes and ignored. The notebook's JSON is parsed bounded in depth and
checked for the shape a notebook has (cells a list of objects, each with a
string ``cell_type``, a ``source`` that is a string or a list of strings, an
object as ``metadata``); any other shape makes the submission "not gradable"
with the reason. Nothing here raises for a bad submission. The notes and the
reason are ``safe.read.*`` messages of ``course_lib.messages``, said in the
edition the notebook declares (English where no notebook could be parsed).
"""

from dataclasses import dataclass, field
from pathlib import Path

from course_lib.cells import (grade_id, is_locked, is_solution, is_task, is_test_cell, visible_part,
                             without_mark_scheme, written_questions)
from course_lib.language import ENGLISH, declared_language, speaking
from course_lib.messages import say

from ..collect import ignored_by_collect
from .boundary import step
from .shown_text import encodable, shown
from ..settings import SETTINGS
from .untrusted_files import Refused, entries, opened_folder, read_regular
from .untrusted_json import parse


@dataclass
class Answers:
    """What was taken from the student's notebook, and what was noticed on the way."""

    code: dict = field(default_factory=dict)   # solution grade_id -> the student's code
    written: dict = field(default_factory=dict)  # written question's grade_id -> the student's answer (markdown)
    notes: list = field(default_factory=list)  # things the feedback should mention
    problem: str = ""                           # why the submission cannot be graded at all
    language: str = ENGLISH                     # the edition the notebook declares: its feedback is said in it


@dataclass(frozen=True)
class StudentCell:
    cell_type: str
    grade_id: str  # "" when the cell has none
    source: str
    answer_to: str = ""  # the written question an answer cell answers (metadata course.answer_to), else ""


def ignored_entries(listing):
    """Notes for what lies in a submission folder and is never read: links, FIFOs, sockets, devices, notebook-named folders."""
    notes = []
    for entry in listing:
        if entry.kind == "a folder" and not entry.name.endswith(".ipynb"):
            continue
        if not entry.is_regular:
            notes.append(say("safe.read.entry_ignored", name=shown(entry.name), kind=entry.kind))
    return notes


def _text(source, where):
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    raise Refused("safe.read.source_not_text", **where)


def notebook_cells(document, name):
    """[StudentCell] of a parsed notebook, or Refused saying which part does not have a notebook's shape."""
    if not isinstance(document, dict):
        raise Refused("safe.read.not_an_object", name=name)
    version = document.get("nbformat")
    if version != 4:
        raise Refused("safe.read.not_format_4", name=name, version=shown(repr(version), 40))
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise Refused("safe.read.cells_not_a_list", name=name)
    found = []
    for number, cell in enumerate(cells, start=1):
        where = {"name": name, "number": number}
        if not isinstance(cell, dict):
            raise Refused("safe.read.cell_not_an_object", **where)
        if not isinstance(cell.get("cell_type"), str):
            raise Refused("safe.read.cell_type_not_text", **where)
        if not isinstance(cell.get("metadata"), dict):
            raise Refused("safe.read.metadata_not_an_object", **where)
        meta = cell["metadata"].get("nbgrader", {})
        if not isinstance(meta, dict):
            raise Refused("safe.read.nbgrader_not_an_object", **where)
        grade_id = meta.get("grade_id", "")
        if not isinstance(grade_id, str):
            raise Refused("safe.read.grade_id_not_text", **where)
        course = cell["metadata"].get("course", {})
        answer_to = course.get("answer_to", "") if isinstance(course, dict) else ""
        found.append(StudentCell(cell["cell_type"], grade_id, encodable(_text(cell.get("source", ""), where)),
                                 answer_to if isinstance(answer_to, str) else ""))
    return found


def _read_notebook(folder_fd, name, answers):
    """[StudentCell] of the notebook ``name``; ``answers.language`` set to the language it declares as soon as
    it is parsed (a notebook of the wrong shape is refused in its own language)."""
    raw = read_regular(folder_fd, name, SETTINGS.notebook_file_bytes)
    step("parse")
    if not raw.strip():
        raise Refused("safe.read.empty_file", name=shown(name))
    document = parse(raw, shown(name))
    answers.language = declared_language(document)
    return notebook_cells(document, shown(name))


def _choose_notebook(listing, expected):
    """The name of the notebook to grade: ``expected``, else the only regular notebook file; else Refused."""
    by_name = {entry.name: entry for entry in listing}
    if expected in by_name:
        return expected  # a link or FIFO under this name is refused when read, never replaced by another file
    others = [entry.name for entry in listing if entry.is_regular and entry.name.endswith(".ipynb")]
    if len(others) == 1:
        return others[0]
    if not others:
        raise Refused("safe.read.no_notebook_at_all", expected=shown(expected))
    raise Refused("safe.read.no_notebook", expected=shown(expected), found=", ".join(shown(name) for name in others))


def _folder_notes(listing, folder_fd, name, expected):
    """The notes on the submission folder: what was not read or not collected, and a renamed notebook."""
    notes = ignored_entries(listing) + ignored_by_collect(folder_fd)
    if name is not None and name != expected:
        notes.append(say("safe.read.notebook_renamed", name=shown(name), expected=shown(expected)))
    return notes


def read_answers(folder, assignment, source):
    """The solution cells' code from ``folder`` (a submitted/<student>/<assignment> folder, never followed if a link)
    or from the notebook file ``folder`` names (the pytest path: its folder is the caller's choice).

    Never raises on a broken submission: what is wrong goes into ``problem`` or ``notes``, said in the edition
    the notebook declares: the folder is listed and the notebook read first, the notes said after.
    """
    answers = Answers()
    folder = Path(folder)
    expected = f"{assignment}.ipynb"
    given_file = folder.suffix == ".ipynb" and not folder.is_dir()
    try:
        if given_file:
            folder, expected = folder.parent, folder.name
        with opened_folder(folder, follow=given_file) as folder_fd:
            listing = entries(folder_fd)
            name, refused = None, None
            try:
                name = _choose_notebook(listing, expected)
                cells = _read_notebook(folder_fd, name, answers)
            except Refused as problem:
                refused = problem
            with speaking(answers.language):
                answers.notes.extend(_folder_notes(listing, folder_fd, name, expected))
            if refused is not None:
                raise refused
    except Refused as refused:
        with speaking(answers.language):
            answers.problem = str(refused)
        return answers
    except OSError as error:
        with speaking(answers.language):
            answers.problem = say("safe.read.unreadable", error=type(error).__name__, detail=shown(error.strerror or ""))
        return answers
    with speaking(answers.language):
        _take_solutions(cells, source, answers)
    _take_written_answers(cells, source, answers)
    return answers


def _shown_part(cell):
    """What the class received of a locked cell of the source: a test cell without its hidden tests, a task cell
    without its mark scheme, any other as it is."""
    if is_test_cell(cell):
        return visible_part(cell.source)
    return without_mark_scheme(cell.source) if is_task(cell) else cell.source


def _take_written_answers(cells, source, answers):
    """The text of each written question's answer cell (a markdown cell, found by ``course.answer_to``; the first
    one of each question). The answer cells are the student's own, so an edit there is never a note."""
    questions = {question.grade_id for question in written_questions(source.cells)}
    for cell in cells:
        if cell.answer_to in questions and cell.answer_to not in answers.written and cell.cell_type == "markdown":
            answers.written[cell.answer_to] = cell.source


def _take_solutions(cells, source, answers):
    locked = {grade_id(c): c for c in source.cells if is_locked(c)}
    seen = set()
    for cell in cells:
        cell_id = cell.grade_id
        if not cell_id:
            continue
        if cell_id in locked:
            original = locked[cell_id].source
            shown_part = _shown_part(locked[cell_id])
            if cell.source.strip() not in (original.strip(), shown_part.strip()):
                answers.notes.append(say("safe.read.cell_edited", cell=cell_id))
            continue
        if cell_id in seen:
            answers.notes.append(say("safe.read.cell_repeated", cell=shown(cell_id)))
            continue
        seen.add(cell_id)
        if cell.cell_type == "code":
            answers.code[cell_id] = cell.source
    solution_ids = [grade_id(c) for c in source.cells if is_solution(c)]
    for cell_id in solution_ids:
        if cell_id not in answers.code:
            answers.notes.append(say("safe.read.solution_missing", cell=cell_id))
