"""The autograded notebook nbgrader's generate_feedback turns into HTML for the student.

Built from the notebook as the class received it (``student_version``: no
solution, no hidden test), never from the instructor's source: each solution
cell holds the student's own code, or the unanswered stub when the student's
code was not read (a submission that is not gradable), with what it printed;
each test cell its visible part and the verdict (status and reason, never the
hidden test's code or expected values); a first cell lists anything noticed
about the submission, escaped so that no name in it renders as markup. The caller
says it in the student's language (``course_lib.language.speaking``).

Each test cell keeps its verdict in its metadata (``VERDICT``), so that the
line can be written again when an instructor grades the cell by hand
(``autograder.manual_verdicts``, run by nbgrader's generate_feedback).

A written question's task cell keeps its mark scheme (the rubric and the
model answer), as nbgrader's OverwriteCells restores it in an autograded
notebook: formgrader shows it to the grader; generate_feedback removes it
again (nbgrader's ClearMarkScheme, in nbgrader_config.py) before the student
reads the feedback. Each answer cell holds what the student wrote there.
"""

import textwrap

from nbformat.v4 import new_markdown_cell, new_output

from course_lib.cells import answer_to, grade_id, is_solution, is_test_cell, student_version
from course_lib.messages import say, status_word

from .shown_text import markdown_escaped
from .verdicts import Status

MARKS = {Status.PASSED: "✓", Status.FAILED: "✗", Status.ERROR: "✗", Status.TIMED_OUT: "⏱", Status.NOT_GRADABLE: "✗",
         Status.SUSPECTED_TAMPERING: "⚠", Status.TO_GRADE_BY_HAND: "✎", Status.GRADED_BY_HAND: "✎"}
VERDICT = "course_verdict"  # cell metadata: {"status", "points", "max_points", "reason"} of the autograder


def verdict_output(verdict, manual_score=None, comment=""):
    """The output a test cell shows: the autograder's ``verdict``, or the manual grade and then the verdict; an
    instructor's ``comment`` on the exercise under it."""
    if manual_score is None:
        line = say("safe.verdict", mark=MARKS[verdict["status"]], **{**verdict, "status": status_word(verdict["status"])})
    else:
        line = say("safe.graded_by_hand", points=manual_score, auto_points=verdict["points"],
                   max_points=verdict["max_points"], status=status_word(verdict["status"]), reason=verdict["reason"])
    if comment:
        line += "\n" + say("safe.instructor_comment", comment=comment)
    text = "\n".join(textwrap.fill(part, width=100) for part in line.split("\n"))
    return new_output("stream", name="stdout", text=text)


def _outputs(record):
    if not isinstance(record, dict):
        return []
    text = str(record.get("output", ""))
    dropped = record.get("output_dropped")
    if isinstance(dropped, int) and not isinstance(dropped, bool) and dropped > 0:
        text += ("\n" if text else "") + say("safe.output_dropped", count=dropped)
    if record.get("error"):
        text += ("\n" if text else "") + str(record["error"])
    return [new_output("stream", name="stdout", text=text)] if text else []


def feedback_notebook(source, cells, records, results, notes, written=None):
    """An nbformat notebook: the student version of ``source`` with the job's cells' code and outputs and the verdicts,
    the task cells' mark schemes, and the student's written answers (``written``: {question: text}) in their cells."""
    notebook = student_version(source, mark_schemes=True)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and answer_to(cell) in (written or {}):
            cell.source = written[answer_to(cell)]
    by_grade_id = {cell["grade_id"]: (index, cell) for index, cell in enumerate(cells) if cell["grade_id"]}
    verdicts = {result.grade_id: result for result in results}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        index, job_cell = by_grade_id.get(grade_id(cell), (None, None))
        if is_test_cell(cell):
            verdict = verdicts.get(grade_id(cell))
            if verdict is not None:
                cell.metadata[VERDICT] = {"status": verdict.status, "points": verdict.points,
                                          "max_points": verdict.max_points, "reason": verdict.reason}
                cell.outputs = [verdict_output(cell.metadata[VERDICT])]
            continue
        if job_cell is not None and is_solution(cell):
            cell.source = job_cell["source"]
        cell.outputs = _outputs(records.get(index)) if index is not None else []
    if notes:
        notebook.cells.insert(0, new_markdown_cell(say("safe.grading_notes") + "\n\n" + "\n".join(f"- {markdown_escaped(note, limit=2000)}" for note in notes)))
    return notebook
