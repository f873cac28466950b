"""What the sandbox runs for one submission, built from the instructor's source.

The student's notebook is read only for the code of its solution cells,
found by their nbgrader grade_id. Everything else (the setup, the given
cells, the order, the points, the test cells) comes from the instructor's
source, so a deleted, duplicated, reordered or edited cell, or tampered
metadata, changes nothing but the notes in the feedback. Each test cell
becomes a probe: call the student's function on this student's hidden
inputs and record the results for the judge.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course_lib.exercises import exercises_of
from course_lib.stored_cases import encode

from ..course import source_notebook
from ..judge import hidden_cases

_SOLUTION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION\n?", re.DOTALL)
_HIDDEN = re.compile(r"\n?### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS\n?", re.DOTALL)
STUB = "# YOUR CODE HERE\nraise NotImplementedError()\n"


def nbgrader_meta(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
    return meta if isinstance(meta, dict) else {}


def is_test_cell(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def unanswered(source):
    """A solution cell as released: the solution region replaced by the stub, keeping its indentation."""
    def stub(match):
        indent = re.match(r"[ \t]*", source[source.rfind("\n", 0, match.start()) + 1:match.start()]).group(0)
        return STUB.replace("\n", "\n" + indent).rstrip(" ")
    return _SOLUTION.sub(stub, source)


def visible_part(source):
    """A test cell without its hidden tests: what the student saw, and what feedback shows."""
    return _HIDDEN.sub("\n", source).rstrip()


def test_cell_exercises(assignment):
    """{test cell grade_id: exercise key} for the assignment's autograded cells."""
    return {f"test_{e.label}": e.key for e in exercises_of(assignment)}


@dataclass
class Answers:
    """What was taken from the student's notebook, and what was noticed on the way."""

    code: dict = field(default_factory=dict)   # solution grade_id -> the student's code
    notes: list = field(default_factory=list)  # things the feedback should mention
    problem: str = ""                           # why the submission cannot be graded at all


def _as_text(source):
    return "".join(source) if isinstance(source, list) else str(source)


def read_answers(folder, assignment, source):
    """The solution cells' code from ``folder`` (or from the notebook file ``folder`` names).

    Never raises on a broken submission: what is wrong goes into ``problem`` or ``notes``.
    """
    answers = Answers()
    folder = Path(folder)
    if folder.is_file():
        folder, expected = folder.parent, folder
    else:
        expected = folder / f"{assignment}.ipynb"
    path = expected
    if not expected.is_file():
        others = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
        if len(others) == 1:
            path = folder / others[0]
            answers.notes.append(f"The notebook was renamed to {others[0]}; it was graded as {expected.name}.")
        else:
            found = ", ".join(others) or "no notebook at all"
            answers.problem = f"No notebook named {expected.name} in the submission (found: {found})."
            return answers
    try:
        raw = path.read_bytes()
        if not raw.strip():
            answers.problem = f"{path.name} is an empty file."
            return answers
        document = json.loads(raw)
        cells = document["cells"]
        if not isinstance(cells, list):
            raise TypeError("'cells' is not a list")
    except (OSError, ValueError, KeyError, TypeError) as error:
        answers.problem = f"{path.name} is not a readable notebook ({type(error).__name__}: {error})."
        return answers

    locked = {nbgrader_meta(c)["grade_id"]: c for c in source.cells if nbgrader_meta(c).get("locked")}
    seen = set()
    for cell in cells:
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id")
        if not isinstance(cell, dict) or not grade_id:
            continue
        text = _as_text(cell.get("source", ""))
        if grade_id in locked:
            original = locked[grade_id].source
            shown = visible_part(original) if is_test_cell(locked[grade_id]) else original
            if text.strip() not in (original.strip(), shown.strip()):
                answers.notes.append(f"Cell {grade_id} was edited; the instructor's version was used.")
            continue
        if grade_id in seen:
            answers.notes.append(f"Cell {grade_id} appears more than once; the first one was graded.")
            continue
        seen.add(grade_id)
        if cell.get("cell_type") == "code":
            answers.code[grade_id] = text
    solution_ids = [nbgrader_meta(c)["grade_id"] for c in source.cells if nbgrader_meta(c).get("solution")]
    for grade_id in solution_ids:
        if grade_id not in answers.code:
            answers.notes.append(f"Solution cell {grade_id} is missing from the notebook; it was graded as unanswered.")
    return answers


def build_cells(source, answers, assignment):
    """The runner's cells: the setup, the student's solutions, and a probe for each test cell.

    The instructor's code cells after the first solution cell (pictures,
    demonstrations, timings) do not bear on a grade and are not run: a
    solution may use what the cells before the first exercise define, and
    what earlier solution cells define, but no demonstration's variables.
    """
    exercises = test_cell_exercises(assignment)
    cells = []
    exercises_begun = False
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id", "")
        if meta.get("solution"):
            exercises_begun = True
            cells.append({"kind": "code", "grade_id": grade_id, "source": answers.code.get(grade_id, unanswered(cell.source))})
        elif is_test_cell(cell):
            key = exercises[grade_id]
            cells.append({"kind": "probe", "grade_id": grade_id, "exercise": key, "cases": f"inputs/{grade_id}.json"})
        elif not exercises_begun:
            cells.append({"kind": "code", "grade_id": grade_id, "source": cell.source})
    return cells


def write_inputs(folder, assignment, student):
    """inputs/<test cell>.json: this student's hidden inputs for each probe."""
    inputs = Path(folder) / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for grade_id, key in test_cell_exercises(assignment).items():
        cases = [{name: encode(value) for name, value in case.args.items()} for case in hidden_cases(key, student)]
        (inputs / f"{grade_id}.json").write_text(json.dumps(cases))


def load_source(assignment):
    """The instructor's source notebook of ``assignment``."""
    return nbformat.read(source_notebook(assignment), as_version=4)
