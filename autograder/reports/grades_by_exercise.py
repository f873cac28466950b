"""Grades per exercise, with what happened: one CSV row per student and graded cell.

Beside nbgrader's own export (one row per student and assignment), this says
for every graded cell when it was submitted (nbgrader's timestamp, empty when
none was recorded), the points as they stand (an instructor's manual grade in
formgrader, else the autograder's; ``auto_points`` and ``graded_by`` say
which), the status (passed, failed, error, timed out, not gradable, suspected
tampering; for a written question "to grade by hand" until an instructor
grades it in formgrader, then "graded by hand"), the classic mistake recognised (a key of
``course_lib.messages.MISTAKES``, empty when none) and the reason the student
was given, and the instructor's comment on the exercise in formgrader
(empty when none). Every text cell goes through ``spreadsheet_cell``: a student's
exception message that starts with ``=`` is not a formula in a spreadsheet.
"""

import csv
from pathlib import Path

from ..safe.final_grades import final_documents, graded_cells
from ..safe.shown_text import spreadsheet_cell

COLUMNS = ["student", "assignment", "timestamp", "cell", "points", "max_points", "auto_points", "graded_by",
           "status", "mistake", "reason", "comment"]


def export_details(root, assignments, path=None):
    """Write ``grades_by_exercise.csv`` from the result files under grading/ and the manual grades; return its path."""
    root = Path(root)
    path = Path(path) if path else root / "grades_by_exercise.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for assignment in assignments:
            for document in final_documents(root, assignment):
                for cell in graded_cells(document):
                    row = {"student": document["student"], "assignment": assignment,
                           "timestamp": document.get("timestamp", ""), "cell": cell["grade_id"],
                           "points": cell["points"], "max_points": cell["max_points"],
                           "auto_points": cell["auto_points"], "graded_by": cell["graded_by"],
                           "status": cell["status"], "mistake": cell.get("mistake", ""), "reason": cell["reason"],
                           "comment": cell["comment"]}
                    writer.writerow({column: spreadsheet_cell(value) for column, value in row.items()})
    return path
