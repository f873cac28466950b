"""From a roster exported by Canvas or Moodle to grade files each importer accepts.

The importers' rules, as their documentation and source state them:

Canvas (Grades › Import; e.g. Ohio State's guide to importing a CSV into
Canvas grades): a student is identified by one of Student ("Last, First"),
ID or SIS User ID; the columns SIS Login ID and Section must be present;
an assignment column named "Title (id)" updates that assignment, any other
creates a new one; a "Points Possible" row gives the maxima.

Moodle (grade/import/csv/classes/load_data.php): each row's user is found
by the one column mapped to id, username, ID number or e-mail; a row whose
user is not found, or a blank user field, aborts the whole import; a grade
is a number, or empty or "-" for none; a grade item the import creates
has the maximum 100 (the site's gradepointmax), so the maxima come apart.
"""

import csv
from contextlib import closing

import pytest
from nbgrader.api import Gradebook

from autograder.course import assignments
from autograder.nbgrader_steps import nbgrader_env
from autograder.reports.lms_export import CANVAS_IDENTITY, write_lms_exports
from autograder.roster import RosterError, import_roster, read_roster

FIRST, SECOND = assignments()[:2]

CANVAS_EXPORT = f"""Student,ID,SIS User ID,SIS Login ID,Section,{FIRST} (4101),{SECOND} (4102),Current Score
    Points Possible,,,,,9.00,8.00,(read only)
"Lovelace, Ada",2201,S-1001,ada,Attention 101,,,0
"Babbage, Charles",2202,S-1002,charles,Attention 101,,,0
"Student, Test",2299,,test-student,Attention 101,,,0
"Nobody, Without",2203,S-1003,,Attention 101,,,0
"""

MOODLE_EXPORT = """First name,Last name,ID number,Institution,Department,Email address,Username
Ada,Lovelace,1001,,,ada@example.org,ada
Charles,Babbage,,,,charles@example.org,charles
"""


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course root whose gradebook holds two released assignments and three students' scores."""
    monkeypatch.setenv("PATH", nbgrader_env(tmp_path)["PATH"])  # nbgrader makes a new gradebook with alembic
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with closing(Gradebook(url)) as gradebook:
        for assignment, points in ((FIRST, 9.0), (SECOND, 8.0)):
            gradebook.add_assignment(assignment)
            gradebook.add_notebook(assignment, assignment)
            gradebook.add_grade_cell("test_all", assignment, assignment, max_score=points, cell_type="code")
        for student, score in (("ada", 8.0), ("charles", 4.5), ("grace", 9.0)):
            gradebook.add_student(student)
            gradebook.add_submission(FIRST, student)
            gradebook.find_grade("test_all", FIRST, FIRST, student).auto_score = score
        gradebook.db.commit()
    return tmp_path, url


def rows(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def written(root, monkeypatch, moodle_match="username"):
    monkeypatch.setenv("COURSE_DB_URL", f"sqlite:///{root / 'gradebook.db'}")
    said = []
    canvas, moodle, items = write_lms_exports(root, [FIRST, SECOND], moodle_match, log=said.append)
    return rows(canvas), rows(moodle), rows(items), said


def test_a_canvas_roster_gives_names_and_canvas_ids_and_skips_what_is_no_student(course, tmp_path):
    (tmp_path / "canvas.csv").write_text(CANVAS_EXPORT)
    lms, people, skipped, columns = read_roster(tmp_path / "canvas.csv")
    assert lms == "Canvas" and [p.student for p in people] == ["ada", "charles"]
    assert (people[0].first_name, people[0].last_name, people[0].lms_user_id) == ("Ada", "Lovelace", "2201")
    assert (people[0].sis_user_id, people[0].section) == ("S-1001", "Attention 101")
    assert len(skipped) == 1 and "no SIS Login ID" in skipped[0]
    assert columns == {FIRST: f"{FIRST} (4101)", SECOND: f"{SECOND} (4102)"}


def test_canvas_s_file_follows_its_importer(course, tmp_path, monkeypatch):
    root, url = course
    (tmp_path / "canvas.csv").write_text(CANVAS_EXPORT)
    monkeypatch.setenv("COURSE_DB_URL", url)
    import_roster(root, tmp_path / "canvas.csv")
    canvas, _, _, said = written(root, monkeypatch)
    assert canvas[0] == [*CANVAS_IDENTITY, f"{FIRST} (4101)", f"{SECOND} (4102)"]  # "Title (id)": no new assignment
    assert canvas[1][0] == "Points Possible" and [float(x) for x in canvas[1][5:]] == [9.0, 8.0]
    by_login = {row[3]: row for row in canvas[2:]}
    # identified by Student, ID and SIS User ID at once, each as Canvas's own export gave it; Section kept
    assert by_login["ada"][:5] == ["Lovelace, Ada", "2201", "S-1001", "ada", "Attention 101"], by_login["ada"]
    assert by_login["charles"][:5] == ["Babbage, Charles", "2202", "S-1002", "charles", "Attention 101"]
    assert float(by_login["ada"][5]) == 8.0
    assert by_login["charles"][6] == ""  # nothing submitted: no grade, not a zero
    assert "grace" not in by_login and any("grace" in line for line in said)  # not on the roster: reported


def test_moodle_s_file_matches_on_the_field_the_instructor_chose_and_reports_who_would_abort_it(course, tmp_path,
                                                                                               monkeypatch):
    root, url = course
    (tmp_path / "moodle.csv").write_text(MOODLE_EXPORT)
    monkeypatch.setenv("COURSE_DB_URL", url)
    lms, people, _ = import_roster(root, tmp_path / "moodle.csv")
    assert lms == "Moodle" and len(people) == 2
    with closing(Gradebook(url)) as gradebook:
        assert gradebook.find_student("ada").email == "ada@example.org"
    _, moodle, items, said = written(root, monkeypatch, "username")
    assert moodle[0] == ["Username", "Email address", FIRST, SECOND]
    assert [row[0] for row in moodle[1:]] == ["ada", "charles"]
    assert items == [["grade item", "maximum"], [FIRST, "9.0"], [SECOND, "8.0"]]
    _, moodle, _, said = written(root, monkeypatch, "idnumber")
    assert moodle[0][0] == "ID number" and [row[0] for row in moodle[1:]] == ["1001"]  # no blank user field
    assert any("charles" in line and "ID number" in line for line in said)
    for row in moodle[1:]:
        assert all(cell == "" or float(cell) >= 0 for cell in row[2:])  # numbers or empty, nothing else


def test_a_file_that_is_no_lms_export_is_refused_with_what_it_lacks(tmp_path):
    (tmp_path / "list.csv").write_text("name,login\nAda,ada\n")
    with pytest.raises(RosterError, match="not a Canvas or Moodle export"):
        read_roster(tmp_path / "list.csv")
    (tmp_path / "moodle.csv").write_text("First name,Last name,Email address\nAda,Lovelace,a@example.org\n")
    with pytest.raises(RosterError, match="--id-column"):
        read_roster(tmp_path / "moodle.csv")
