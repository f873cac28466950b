"""The autograded notebook nbgrader's generate_feedback turns into HTML for the student.

Built from the instructor's source: the student's solution code with what it
printed, each test cell showing only its visible part and the verdict (status
and reason, never the hidden test's code or expected values), and a first
cell listing anything noticed about the submission.
"""

import textwrap

import nbformat
from nbformat.v4 import new_markdown_cell, new_output

from .job import is_test_cell, nbgrader_meta, visible_part

MARKS = {"passed": "✓", "failed": "✗", "error": "✗", "timed out": "⏱", "not gradable": "✗", "suspected tampering": "⚠"}


def _outputs(record):
    if not isinstance(record, dict):
        return []
    text = str(record.get("output", ""))
    if record.get("error"):
        text += ("\n" if text else "") + str(record["error"])
    return [new_output("stream", name="stdout", text=text)] if text else []


def feedback_notebook(source, cells, records, results, notes):
    """An nbformat notebook: ``source`` with the job's cells' code and outputs and the verdicts."""
    notebook = nbformat.reads(nbformat.writes(source), as_version=4)  # a copy
    by_grade_id = {cell["grade_id"]: (index, cell) for index, cell in enumerate(cells) if cell["grade_id"]}
    verdicts = {result.grade_id: result for result in results}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        grade_id = nbgrader_meta(cell).get("grade_id", "")
        index, job_cell = by_grade_id.get(grade_id, (None, None))
        if is_test_cell(cell):
            cell.source = visible_part(cell.source)
            verdict = verdicts.get(grade_id)
            if verdict is not None:
                line = f"{MARKS[verdict.status]} {verdict.status} ({verdict.points:g}/{verdict.max_points:g}): {verdict.reason}"
                text = "\n".join(textwrap.fill(part, width=100) for part in line.split("\n"))
                cell.outputs = [new_output("stream", name="stdout", text=text)]
            continue
        if job_cell is not None and nbgrader_meta(cell).get("solution"):
            cell.source = job_cell["source"]
        cell.outputs = _outputs(records.get(index)) if index is not None else []
    if notes:
        notebook.cells.insert(0, new_markdown_cell("**Grading notes**\n\n" + "\n".join(f"- {note}" for note in notes)))
    return notebook
