"""Build example submissions: a released notebook with a student's answers filled in.

An answer file holds the code a student typed into each solution cell, one
section per cell, opened by ``# %% <grade_id>`` (the cell's nbgrader grade_id).
Cells the file does not mention stay as released, i.e. unanswered. Building
from the release, rather than storing whole notebooks, keeps the examples in
step with the notebooks and does exactly what a student does.

A written question's answer is a section opened by ``# %% written <grade_id>``
(the task cell's grade_id), its lines written as Python comments (``# ``),
so that the file stays Python; it replaces ``YOUR ANSWER HERE`` in the
answer cell under that question.
"""

import re
import shutil
from pathlib import Path

import nbformat

from course_lib.cells import answer_to, grade_id, is_solution

from .editions.build import released_in

EXAMPLES = Path(__file__).resolve().parent / "examples"
_SECTION = re.compile(r"^# %% (written )?(\S+)\s*$", re.MULTILINE)
WRITTEN = "written "


def _sections(path):
    """[(kind, grade_id, text)] of an answer file; kind is "" for code, ``WRITTEN`` for a written answer."""
    pieces = _SECTION.split(Path(path).read_text())
    return [(kind or "", name, text) for kind, name, text in zip(pieces[1::3], pieces[2::3], pieces[3::3])]


def read_answers(path):
    """{grade_id: code} from an answer file (its solution cells)."""
    return {name: text.strip("\n") + "\n" for kind, name, text in _sections(path) if not kind}


def read_written_answers(path):
    """{task cell grade_id: the answer's markdown} from an answer file (its written answers, "# " taken off)."""
    return {name: "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#")
                            for line in text.strip("\n").split("\n"))
            for kind, name, text in _sections(path) if kind}


def fill_in_written(notebook, answers):
    """Replace the text of each answer cell whose question is named in ``answers``; return the notebook."""
    known = set()
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and answer_to(cell) in answers and answer_to(cell) not in known:
            cell.source = answers[answer_to(cell)]
            known.add(answer_to(cell))
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"answer file names written questions the notebook does not have: {sorted(unknown)}")
    return notebook


def fill_in(notebook, answers):
    """Replace the source of each solution cell named in ``answers``; return the notebook."""
    known = set()
    for cell in notebook.cells:
        if is_solution(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)].rstrip("\n")
            known.add(grade_id(cell))
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"answer file names cells that are not solution cells: {sorted(unknown)}")
    return notebook


def example_students():
    """The bundled example students, by folder name under autograder/examples/."""
    return sorted(path.name for path in EXAMPLES.iterdir() if path.is_dir())


def build_submission(release_folder, answer_file, destination, language="en"):
    """Copy a released assignment folder to ``destination`` with the answers filled in, the notebook in the
    edition of ``language`` (its prose translated, its code cells the English ones)."""
    release_folder, destination = Path(release_folder), Path(destination)
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(release_folder, destination)
    notebook_path = destination / f"{release_folder.name}.ipynb"
    notebook = released_in(nbformat.read(notebook_path, as_version=4), release_folder.name, language)
    if answer_file is not None and Path(answer_file).exists():
        fill_in(notebook, read_answers(answer_file))
        fill_in_written(notebook, read_written_answers(answer_file))
    nbformat.write(notebook, notebook_path)
    return notebook_path
