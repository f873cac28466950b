"""Grades per exercise, with what happened: one CSV row per student and graded cell.

Beside nbgrader's own export (one row per student and assignment), this says
for every graded cell the points, the status (passed, failed, error, timed
out, not gradable, suspected tampering), the classic mistake recognised (a
key of ``course_lib.messages.MISTAKES``, empty when none) and the reason the student
was given. Every text cell goes through ``spreadsheet_cell``: a student's
exception message that starts with ``=`` is not a formula in a spreadsheet.
"""

import csv
import json
from pathlib import Path

from .shown_text import spreadsheet_cell

COLUMNS = ["student", "assignment", "cell", "points", "max_points", "status", "mistake", "reason"]


def export_details(root, assignments, path=None):
    """Write ``grades_by_exercise.csv`` from the result files under grading/; return its path."""
    root = Path(root)
    path = Path(path) if path else root / "grades_by_exercise.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for assignment in assignments:
            for result_file in sorted((root / "grading" / assignment).glob("*.json")):
                document = json.loads(result_file.read_text())
                for cell in document["cells"]:
                    row = {"student": document["student"], "assignment": assignment,
                           "cell": cell["grade_id"], "points": cell["points"],
                           "max_points": cell["max_points"], "status": cell["status"],
                           "mistake": cell.get("mistake", ""), "reason": cell["reason"]}
                    writer.writerow({column: spreadsheet_cell(value) for column, value in row.items()})
    return path
