"""Grade files for learning-management systems, from the nbgrader gradebook, shaped by their importers' rules.

One row per student, one column per assignment, holding the assignment's
score after nbgrader's late penalty (manual grades in formgrader included);
an empty cell where the student submitted nothing. Names, e-mails and LMS
ids come from the roster (``autograder.roster``). Once a roster is imported,
a student of the gradebook who is not on it is left out of both files and
reported (Moodle aborts a whole import on one user it does not know).

canvas_grades.csv (Canvas: Grades › Import). Canvas identifies a student by
one of Student, ID or SIS User ID, and needs the SIS Login ID and Section
columns; it matches an assignment column named "Title (id)" to that
assignment and makes a new assignment of any other column:
    Student          "Last, First" from the roster, else the nbgrader student id
    ID               Canvas's user id from the roster (its ``ID``), else empty
    SIS User ID      the roster's SIS User ID, else empty
    SIS Login ID     the nbgrader student id (the hub login)
    Section          the roster's Section, else empty
    <assignment>     "Title (id)" as the imported Canvas export named it, else the assignment id;
                     the second row, "Points Possible", holds each maximum
moodle_grades.csv (Moodle: Grades › Import › CSV file). Moodle identifies a
student by one column mapped to a user field (id, username, ID number or
e-mail); a grade must be a number or empty ("-" for none); a new grade item
made by the import has the maximum 100, so map each column to an existing
grade item with the right maximum:
    Username or ID number   the nbgrader student id, or the roster's ID number (``moodle_match``)
    Email address           from the roster, when set
    <assignment>            the score
moodle_grade_items.csv: each assignment's grade item and its maximum, to
create the grade items before the first import.

A written question (graded by hand) counts 0 until an instructor grades it
in formgrader, as in nbgrader's own totals; the maximum counts it. While any
is waiting, ``write_lms_exports`` says how many, per assignment, before the
files are imported.

Every text cell goes through ``spreadsheet_cell`` (``SpreadsheetWriter``), so no student id or name
becomes a spreadsheet formula.
"""

from contextlib import closing
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from ..course import gradebook_url
from ..roster import canvas_columns, canvas_students
from .gradebook_tables import waiting_for_grader
from ..safe.shown_text import SpreadsheetWriter, shown

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_MATCHES = {"username": "Username", "idnumber": "ID number"}


def add_moodle_match_option(parser):
    """The ``--moodle-match`` option of the commands that write the LMS files."""
    parser.add_argument("--moodle-match", choices=sorted(MOODLE_MATCHES), default="username",
                        help="the user field Moodle's import matches students on (default: username)")


def _scores(db_url, assignments):
    """(students [nbgrader Student rows as dicts], {student: {assignment: score}}, {assignment: max score})."""
    with closing(Gradebook(db_url)) as gradebook:
        students = [student.to_dict() for student in sorted(gradebook.students, key=lambda s: s.id)]
        maxima = {a: gradebook.find_assignment(a).max_score for a in assignments}
        scores = {}
        for student in students:
            for assignment in assignments:
                try:
                    submission = gradebook.find_submission(assignment, student["id"])
                except MissingEntry:
                    continue
                score = max(submission.score - (submission.late_submission_penalty or 0.0), 0.0)
                scores.setdefault(student["id"], {})[assignment] = round(score, 4)
    return students, scores, maxima


def on_roster(student):
    """Whether the roster (``autograder.roster``) gave this gradebook student a name, an e-mail or an LMS id."""
    return any(student[key] for key in ("first_name", "last_name", "email", "lms_user_id"))


def _name(student):
    if student["last_name"]:
        return f"{student['last_name']}, {student['first_name'] or ''}".rstrip(", ")
    return student["id"]


def write_lms_exports(root, assignments, moodle_match="username", log=print):
    """canvas_grades.csv, moodle_grades.csv and moodle_grade_items.csv in ``root``; returns their paths.

    ``moodle_match`` is the user field Moodle matches on: "username" (the nbgrader id) or "idnumber" (the
    roster's ID number). Students the files leave out are named through ``log``.
    """
    root = Path(root)
    students, scores, maxima = _scores(gradebook_url(root), assignments)
    waiting = waiting_for_grader(gradebook_url(root), assignments)
    for assignment in assignments:
        count = sum(1 for _, where, _ in waiting if where == assignment)
        if count:
            log(f"{assignment}: {count} written answers are still to grade by hand; they count 0 in the LMS files "
                "until graded in formgrader")
    if any(map(on_roster, students)):
        absent = [student["id"] for student in students if not on_roster(student)]
        if absent:
            log(f"not on the roster, left out of the LMS files: {', '.join(map(shown, absent))}")
        students = [student for student in students if on_roster(student)]
    canvas, moodle, items = root / "canvas_grades.csv", root / "moodle_grades.csv", root / "moodle_grade_items.csv"
    columns, canvas_people = canvas_columns(root), canvas_students(root)
    with open(canvas, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow([*CANVAS_IDENTITY, *(columns.get(a, a) for a in assignments)])
        writer.writerow(["Points Possible", "", "", "", "", *(maxima[a] for a in assignments)])
        for student in students:
            sis = canvas_people.get(student["id"], {})
            writer.writerow([_name(student), student["lms_user_id"] or "", sis.get("sis_user_id", ""), student["id"],
                             sis.get("section", ""), *(scores.get(student["id"], {}).get(a, "") for a in assignments)])
    identity = {"username": lambda s: s["id"], "idnumber": lambda s: s["lms_user_id"] or ""}[moodle_match]
    unmatched = [student["id"] for student in students if not identity(student)]
    if unmatched:
        log(f"no {MOODLE_MATCHES[moodle_match]} on the roster, left out of moodle_grades.csv: "
            f"{', '.join(map(shown, unmatched))}")
    with open(moodle, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow([MOODLE_MATCHES[moodle_match], "Email address", *assignments])
        for student in students:
            if identity(student):
                writer.writerow([identity(student), student["email"] or "",
                                 *(scores.get(student["id"], {}).get(a, "") for a in assignments)])
    with open(items, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow(["grade item", "maximum"])
        for assignment in assignments:
            writer.writerow([assignment, maxima[assignment]])
    return canvas, moodle, items
