"""Grade files for learning-management systems, from the nbgrader gradebook.

One row per student, one column per assignment, holding the assignment's
score after nbgrader's late penalty (manual grades in formgrader included);
an empty cell where the student submitted nothing.

canvas_grades.csv (Canvas: Grades > Import):
    Student          "Last, First" from the gradebook, else the nbgrader student id
    ID               left empty: Canvas's own user id, unknown to nbgrader
    SIS User ID      the nbgrader student id
    SIS Login ID     the nbgrader student id (Canvas matches students on these ids)
    Section          left empty
    <assignment>     the score; a second row, "Points Possible", holds each maximum
moodle_grades.csv (Moodle: Grades > Import > CSV file):
    ID number        the nbgrader student id (map it to the user field "ID number")
    Email address    from the gradebook, when set
    <assignment>     the score (map each column to its grade item)

Every text cell goes through ``spreadsheet_cell`` (``SpreadsheetWriter``), so no student id or name
becomes a spreadsheet formula.
"""

from contextlib import closing
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from ..course import gradebook_url
from ..safe.shown_text import SpreadsheetWriter


def _scores(db_url, assignments):
    """(students [(id, name, email)], {student: {assignment: score}}, {assignment: max score})."""
    with closing(Gradebook(db_url)) as gradebook:
        students = [(s.id, f"{s.last_name}, {s.first_name}" if s.last_name else s.id, s.email or "")
                    for s in sorted(gradebook.students, key=lambda s: s.id)]
        maxima = {a: gradebook.find_assignment(a).max_score for a in assignments}
        scores = {}
        for student, _, _ in students:
            for assignment in assignments:
                try:
                    submission = gradebook.find_submission(assignment, student)
                except MissingEntry:
                    continue
                score = max(submission.score - (submission.late_submission_penalty or 0.0), 0.0)
                scores.setdefault(student, {})[assignment] = round(score, 4)
    return students, scores, maxima


def write_lms_exports(root, assignments):
    """canvas_grades.csv and moodle_grades.csv in ``root``; returns their paths."""
    root = Path(root)
    students, scores, maxima = _scores(gradebook_url(root), assignments)
    canvas, moodle = root / "canvas_grades.csv", root / "moodle_grades.csv"
    with open(canvas, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments])
        writer.writerow(["Points Possible", "", "", "", "", *(maxima[a] for a in assignments)])
        for student, name, _ in students:
            writer.writerow([name, "", student, student, "", *(scores.get(student, {}).get(a, "") for a in assignments)])
    with open(moodle, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow(["ID number", "Email address", *assignments])
        for student, _, email in students:
            writer.writerow([student, email, *(scores.get(student, {}).get(a, "") for a in assignments)])
    return canvas, moodle
