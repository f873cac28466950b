"""The class list: students imported from an LMS's export into nbgrader's gradebook.

    python -m autograder.roster FILE [--root ROOT] [--id-column COLUMN]

FILE is a CSV as the LMS exports it:

- Canvas (Grades › Export): ``Student`` ("Last, First"), ``ID`` (Canvas's
  own user id), ``SIS User ID``, ``SIS Login ID``, ``Section``, then one
  column per assignment, named "Title (id)"; a "Points Possible" row.
- Moodle (Grades › Export › Plain text file, or Participants): ``First name``,
  ``Last name``, ``ID number``, ``Email address`` (and ``Username`` where the
  site shows it).

Each student becomes (or updates) a row of nbgrader's Student table: the id
is the column ``--id-column`` (default: Canvas's ``SIS Login ID``, Moodle's
``Username``), which must be the student's login on the hub (what nbgrader's
submit records); first and last name, e-mail, and ``lms_user_id`` (Canvas's
``ID``, Moodle's ``ID number``), which the grade files use to match students.
A Canvas export's "Title (id)" columns of the course's assignments are kept
in ``canvas_assignments.json`` in the course root, so that canvas_grades.csv
names each column as Canvas matches it; each student's ``SIS User ID`` and
``Section``, for which nbgrader's Student has no field, in
``canvas_students.json`` beside it, so that canvas_grades.csv gives them back.
Rows without an id are reported and skipped; nothing else of the file is kept.
"""

import csv
import json
import re
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook

from .course import assignments, gradebook_url
from .ids import id_problem
from .options import add_root, command_parser
from .safe.shown_text import shown

CANVAS, MOODLE = "Canvas", "Moodle"
DEFAULT_ID_COLUMN = {CANVAS: "SIS Login ID", MOODLE: "Username"}
CANVAS_ASSIGNMENTS = "canvas_assignments.json"  # {assignment: its Canvas column, "Title (id)"}
CANVAS_STUDENTS = "canvas_students.json"  # {student: {"sis_user_id": ..., "section": ...}}
_TITLE_AND_ID = re.compile(r"^(?P<title>.+) \((?P<id>\d+)\)$")


class RosterError(ValueError):
    """A roster file that cannot be read as a class list; the message says what to change."""


@dataclass(frozen=True)
class Person:
    student: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    sis_user_id: str = ""  # Canvas only
    section: str = ""      # Canvas only


def lms_of(header):
    if {"Student", "SIS Login ID"} <= set(header):
        return CANVAS
    if {"First name", "Last name"} <= set(header):
        return MOODLE
    raise RosterError("not a Canvas or Moodle export: Canvas's has the columns Student and SIS Login ID, "
                      f"Moodle's First name and Last name; this one has {', '.join(map(shown, header))}")


def _person(lms, row, id_column):
    student = row.get(id_column, "").strip()
    if lms == CANVAS:
        last, _, first = row.get("Student", "").partition(",")
        return Person(student, first.strip(), last.strip(), "", row.get("ID", "").strip(),
                      row.get("SIS User ID", "").strip(), row.get("Section", "").strip())
    return Person(student, row.get("First name", "").strip(), row.get("Last name", "").strip(),
                  row.get("Email address", "").strip(), row.get("ID number", "").strip())


def read_roster(path, id_column=None):
    """(lms, [Person], [skipped row's reason], {assignment: Canvas column}) of a Canvas or Moodle export."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        lms = lms_of(header)
        id_column = id_column or DEFAULT_ID_COLUMN[lms]
        if id_column not in header:
            raise RosterError(f"the {lms} export has no column {shown(id_column)}: name the column that holds "
                              f"the students' hub logins with --id-column (columns: {', '.join(map(shown, header))})")
        people, skipped = [], []
        for number, row in enumerate(reader, 2):
            if lms == CANVAS and row.get("Student", "").strip() in ("Points Possible", "Student, Test"):
                continue
            person = _person(lms, row, id_column)
            problem = id_problem(person.student) if person.student else f"no {id_column}"
            if problem:
                skipped.append(f"line {number}: {shown(person.student)}: {problem}")
                continue
            people.append(person)
    columns = {}
    for name in header:
        match = _TITLE_AND_ID.match(name)
        if lms == CANVAS and match and match["title"] in assignments():
            columns[match["title"]] = name
    return lms, people, skipped, columns


def import_roster(root, path, id_column=None):
    """Store the students of ``path`` in the gradebook of ``root``; return (lms, [Person], skipped)."""
    lms, people, skipped, columns = read_roster(path, id_column)
    with closing(Gradebook(gradebook_url(root))) as gradebook:
        for person in people:
            gradebook.update_or_create_student(person.student, first_name=person.first_name or None,
                                               last_name=person.last_name or None, email=person.email or None,
                                               lms_user_id=person.lms_user_id or None)
    if columns:
        known = canvas_columns(root)
        (Path(root) / CANVAS_ASSIGNMENTS).write_text(json.dumps({**known, **columns}, indent=1))
    if lms == CANVAS:
        found = {person.student: {"sis_user_id": person.sis_user_id, "section": person.section} for person in people}
        (Path(root) / CANVAS_STUDENTS).write_text(json.dumps({**canvas_students(root), **found}, indent=1))
    return lms, people, skipped


def canvas_columns(root):
    """{assignment: "Title (id)"} learnt from a Canvas export ({} when none was imported)."""
    try:
        stored = json.loads((Path(root) / CANVAS_ASSIGNMENTS).read_text())
    except (OSError, ValueError):
        return {}
    return {key: value for key, value in stored.items() if isinstance(value, str)} if isinstance(stored, dict) else {}


def canvas_students(root):
    """{student: {"sis_user_id", "section"}} learnt from a Canvas export ({} when none was imported)."""
    try:
        stored = json.loads((Path(root) / CANVAS_STUDENTS).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {student: {key: str(value.get(key, "") or "") for key in ("sis_user_id", "section")}
            for student, value in stored.items() if isinstance(value, dict)}


def main(argv=None):
    parser = command_parser("python -m autograder.roster", __doc__)
    parser.add_argument("file")
    add_root(parser)
    parser.add_argument("--id-column", default=None, help="the column holding each student's hub login")
    arguments = parser.parse_args(argv)
    try:
        lms, people, skipped = import_roster(arguments.root, arguments.file, arguments.id_column)
    except (RosterError, OSError, UnicodeDecodeError, csv.Error) as error:
        print(f"roster not imported: {error}", file=sys.stderr)
        return 1
    print(f"{len(people)} students imported from a {lms} export into the gradebook")
    for reason in skipped:
        print(f"  skipped {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
