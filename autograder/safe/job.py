"""What the sandbox runs for one submission, built from the instructor's source.

The student's notebook gives only the code of its solution cells, found by
their nbgrader grade_id (``answers``). Everything else (the setup, the given
cells, the order, the points, the test cells) comes from the instructor's
source, so a deleted, duplicated, reordered or edited cell, or tampered
metadata, changes nothing but the notes in the feedback. Each test cell
becomes a probe: call the student's function on this student's hidden
inputs and record the results for the judge. A demonstration that no later
cell reads is left out (``course_lib.demonstrations``).
"""

import json
from pathlib import Path

from course_lib.cells import GIVEN, SOLUTION, cells_a_grade_runs, grade_id, is_demonstration, unanswered
from course_lib.demonstrations import cells_to_run
from course_lib.exercises import exercises_of, functions_asked_for
from course_lib.stored_cases import encode

from ..judge import hidden_cases


def test_cell_exercises(assignment):
    """{test cell grade_id: exercise key} for the assignment's autograded cells."""
    return {e.grade_id: e.key for e in exercises_of(assignment)}


def build_cells(source, answers, assignment):
    """The runner's cells: the cells a grade runs (``course_lib.cells.cells_a_grade_runs``), each given cell as
    it stands, each solution cell with the student's code (the stub when it is not answered), and a probe for
    each test cell; without the demonstrations no later cell reads (``course_lib.demonstrations``)."""
    exercises = test_cell_exercises(assignment)
    cells, demonstrations = [], set()
    for role, cell in cells_a_grade_runs(source.cells):
        if role == GIVEN and is_demonstration(cell):
            demonstrations.add(len(cells))
        cell_id = grade_id(cell)
        if role == SOLUTION:
            cells.append({"kind": "code", "grade_id": cell_id, "source": answers.code.get(cell_id, unanswered(cell.source))})
        elif role == GIVEN:
            cells.append({"kind": "code", "grade_id": cell_id, "source": cell.source})
        else:
            cells.append({"kind": "probe", "grade_id": cell_id, "exercise": exercises[cell_id], "cases": f"inputs/{cell_id}.json"})
    # a probe reads no name but its exercise's function, which is looked up anyway: as code, it is empty
    running = cells_to_run([cell.get("source", "") for cell in cells], demonstrations.__contains__,
                           functions_asked_for(assignment))
    return [cells[index] for index in running]


def draw_hidden_cases(assignment, student):
    """{exercise key: [HiddenCase]}: this student's hidden cases of each autograded exercise, drawn once for a
    submission, to write its inputs and then to judge what its probes recorded."""
    return {key: hidden_cases(key, student) for key in test_cell_exercises(assignment).values()}


def write_inputs(folder, assignment, cases):
    """inputs/<test cell>.json: the hidden inputs of each probe, from ``cases`` (``draw_hidden_cases``)."""
    inputs = Path(folder) / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for cell_id, key in test_cell_exercises(assignment).items():
        encoded = [{name: encode(value) for name, value in case.args.items()} for case in cases[key]]
        (inputs / f"{cell_id}.json").write_text(json.dumps(encoded))
