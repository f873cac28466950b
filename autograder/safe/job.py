"""What the sandbox runs for one submission, built from the instructor's source.

The student's notebook gives only the code of its solution cells, found by
their nbgrader grade_id (``answers``). Everything else (the setup, the given
cells, the order, the points, the test cells) comes from the instructor's
source, so a deleted, duplicated, reordered or edited cell, or tampered
metadata, changes nothing but the notes in the feedback. Each test cell
becomes a probe: call the student's function on this student's hidden
inputs and record the results for the judge.
"""

import json
import re
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


def student_version(source):
    """A copy of the instructor's ``source`` as the class received it: every solution region replaced by the stub,
    every hidden test removed, no outputs (what ``nbgrader generate_assignment`` writes, cell for cell)."""
    notebook = nbformat.from_dict(json.loads(json.dumps(source)))
    for cell in notebook.cells:
        if _SOLUTION.search(cell.source):
            cell.source = unanswered(cell.source)
        if _HIDDEN.search(cell.source):
            cell.source = visible_part(cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook


def test_cell_exercises(assignment):
    """{test cell grade_id: exercise key} for the assignment's autograded cells."""
    return {e.grade_id: e.key for e in exercises_of(assignment)}


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
