"""Grade one submitted notebook without a gradebook: the pytest path's engine.

It does what ``nbgrader autograde`` does to one notebook, in the same order,
so both give the same points: clear the outputs, put back the instructor's
version of every locked cell (which restores the hidden tests), execute in a
folder laid out as ``autograded/<student>/<assignment>`` (so the hidden tests
draw the same per-student inputs), and score each test cell with nbgrader's
own rule (an error or stderr output earns 0, anything else full points).
"""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbgrader.utils import determine_grade

from .course import source_notebook

TIMEOUT = 120


@dataclass
class CellGrade:
    grade_id: str
    score: float
    max_score: float
    output: str  # what the cell printed or raised, for the report


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


def restore_locked_cells(submission, source):
    """Overwrite each locked or test cell of ``submission`` with the source's version."""
    originals = {
        _nbgrader(cell)["grade_id"]: cell
        for cell in source.cells
        if _nbgrader(cell).get("locked") or (_nbgrader(cell).get("grade") and not _nbgrader(cell).get("solution"))
    }
    for cell in submission.cells:
        original = originals.get(_nbgrader(cell).get("grade_id"))
        if original is not None:
            cell.source = original.source
            cell.cell_type = original.cell_type
            cell.metadata["nbgrader"] = dict(original.metadata["nbgrader"])
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return submission


def _output_text(cell):
    pieces = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            pieces.append(output.text)
        elif output.output_type == "error":
            pieces.append("\n".join(output.traceback))
    return "".join(pieces).strip()


def grade_notebook(submission_path, student="anonymous", assignment=None, timeout=TIMEOUT):
    """[CellGrade] for each autograded test cell of the assignment, in notebook order."""
    submission_path = Path(submission_path)
    assignment = assignment or submission_path.stem
    source = nbformat.read(source_notebook(assignment), as_version=4)
    notebook = restore_locked_cells(nbformat.read(submission_path, as_version=4), source)
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        workdir = Path(scratch) / "autograded" / student / assignment
        shutil.copytree(submission_path.parent, workdir,
                        ignore=shutil.ignore_patterns("course_lib", "__pycache__", ".ipynb_checkpoints"))
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(workdir)}})
        client.execute()
    executed = {_nbgrader(cell).get("grade_id"): cell for cell in notebook.cells}
    grades = []
    for cell in source.cells:
        meta = _nbgrader(cell)
        if not (meta.get("grade") and not meta.get("solution")):
            continue
        ran = executed.get(meta["grade_id"])
        if ran is None:
            grades.append(CellGrade(meta["grade_id"], 0.0, float(meta["points"]), "this test cell is missing from the submission"))
            continue
        score, max_score = determine_grade(ran)
        grades.append(CellGrade(meta["grade_id"], float(score), float(max_score), _output_text(ran)))
    return grades
