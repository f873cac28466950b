"""A submission's whole way through nbgrader's exchange and the safe pipeline, as a student and an instructor see it.

The instructor releases, a student fetches and submits after the due date,
the instructor collects, grades safely, generates and releases feedback, the
student fetches it; then the instructor grades a cell by hand and
regenerates the feedback. Does the late penalty nbgrader is configured with
apply, does every file carry the timestamp, do release_feedback and
fetch_feedback work, and does the manual grade show everywhere?
"""

import getpass
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.utils import parse_utc
from traitlets.config import Config

from autograder.adversarial import ASSIGNMENT
from autograder.course import AUTOGRADER
from autograder.nbgrader_steps import nbgrader_env
from autograder.reports.class_report import write_class_report
from autograder.safe import lateness
from autograder.safe.batch import grade_assignment
from autograder.reports.grades_by_exercise import export_details
from autograder.submissions import EXAMPLES, fill_in, read_answers

from .conftest import csv_records, released_course

NBGRADER = str(Path(sys.executable).parent / "nbgrader")
DUE = "2026-01-05 10:00:00 UTC"  # long past: every submission of the test is late
STUDENT = getpass.getuser()  # nbgrader's submit names the submission after the user who runs it
COURSE = "self-attention"
# ben-mistakes on notebook 01: inner_product 2/2, query_and_key 0/2, scores_one_by_one 2/2, one_query_scores 0/3
EARNED = 4.0
HAND_GRADED = "test_query_and_key"


class HalfOffWhenLate(LateSubmissionPlugin):
    """A course's own late rule, as nbgrader lets one configure it: half the points off a late notebook."""

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return score / 2 if total_seconds_late > 0 else None


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course after one late submission went through release, fetch, submit, collect, grading and feedback."""
    base = tmp_path_factory.mktemp("round-trip")
    root, exchange, home = base / "course", base / "exchange", base / "home"
    released_course(root)
    exchange.mkdir(mode=0o1777)
    home.mkdir()
    env = {**nbgrader_env(root), "NBGRADER_EXCHANGE": str(exchange)}

    def instructor(*arguments):
        run = subprocess.run([NBGRADER, *arguments], cwd=AUTOGRADER, env=env, capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, (arguments, run.stdout[-1500:], run.stderr[-1500:])
        return run

    def student(*arguments):
        run = subprocess.run([NBGRADER, *arguments, f"--Exchange.root={exchange}",
                              f"--CourseDirectory.course_id={COURSE}"], cwd=home, env=nbgrader_env(home),
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, (arguments, run.stdout[-1500:], run.stderr[-1500:])
        return run

    instructor("db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE}")
    instructor("release_assignment", ASSIGNMENT)
    student("fetch_assignment", ASSIGNMENT)
    fetched = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nbformat.write(fill_in(nbformat.read(fetched, as_version=4),
                           read_answers(EXAMPLES / "ben-mistakes" / f"{ASSIGNMENT}.py")), fetched)
    student("submit", ASSIGNMENT)
    instructor("collect", ASSIGNMENT)
    config = Config()
    config.AssignLatePenalties.plugin_class = HalfOffWhenLate
    patch = pytest.MonkeyPatch()
    patch.setattr(lateness, "course_config", lambda: config)
    try:
        grade_assignment(root, ASSIGNMENT, log=lambda line: None)
    finally:
        patch.undo()
    instructor("generate_feedback", ASSIGNMENT)
    instructor("release_feedback", ASSIGNMENT)
    student("fetch_feedback", ASSIGNMENT)
    return type("Course", (), {"root": root, "home": home, "instructor": staticmethod(instructor),
                               "student": staticmethod(student)})


def gradebook(course):
    return closing(Gradebook(f"sqlite:///{course.root / 'gradebook.db'}"))


def fetched_feedback(course):
    """The text of every feedback file the student fetched."""
    found = sorted((course.home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    assert found, "fetch_feedback found no feedback"
    return [path.read_text() for path in found]


def test_the_submission_time_is_nbgrader_s_and_the_configured_late_penalty_applies(course):
    submitted = (course.root / "submitted" / STUDENT / ASSIGNMENT / "timestamp.txt").read_text().strip()
    with gradebook(course) as book:
        submission = book.find_submission(ASSIGNMENT, STUDENT)
        assert submission.total_seconds_late > 0
        assert submission.timestamp == parse_utc(submitted)
        assert submission.score == pytest.approx(EARNED)
        assert submission.late_submission_penalty == pytest.approx(EARNED / 2)


def test_nbgrader_s_export_and_the_grades_per_exercise_carry_the_timestamp(course):
    course.instructor("export", "--to", str(course.root / "grades.csv"))
    (exported,) = csv_records(course.root / "grades.csv")
    assert exported["timestamp"] and float(exported["late_submission_penalty"]) == pytest.approx(EARNED / 2)
    details = csv_records(export_details(course.root, [ASSIGNMENT]))
    assert {row["timestamp"] for row in details} == {exported["timestamp"]}


def test_the_student_fetches_the_released_feedback_with_the_verdicts(course):
    assert (course.root / "feedback" / STUDENT / ASSIGNMENT / "submission_secret.txt").exists()
    (text,) = fetched_feedback(course)
    assert "✗ failed (0/2)" in text and "✓ passed (2/2)" in text


def test_a_manual_grade_shows_in_the_feedback_the_exports_and_the_class_report(course):
    with gradebook(course) as book:
        book.find_grade(HAND_GRADED, ASSIGNMENT, ASSIGNMENT, STUDENT).manual_score = 1.0
        book.db.commit()
    course.instructor("generate_feedback", ASSIGNMENT)  # no --force: the course's config regenerates
    html = (course.root / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "graded by hand (1/2)" in html and "the automatic check had found: failed (0/2)" in html
    assert "✗ failed (0/2)" not in html
    course.instructor("release_feedback", ASSIGNMENT)
    course.student("fetch_feedback", ASSIGNMENT)
    assert any("graded by hand (1/2)" in text for text in fetched_feedback(course))
    details = {row["cell"]: row for row in csv_records(export_details(course.root, [ASSIGNMENT]))}
    assert float(details[HAND_GRADED]["points"]) == 1 and float(details[HAND_GRADED]["auto_points"]) == 0
    assert details[HAND_GRADED]["graded_by"] == "instructor"
    assert details["test_inner_product"]["graded_by"] == "autograder"
    _, markdown, _ = write_class_report(course.root, [ASSIGNMENT])
    assert "0/1 (0%)" in next(line for line in markdown.read_text().splitlines() if "query_and_key" in line)
    with gradebook(course) as book:
        book.find_grade(HAND_GRADED, ASSIGNMENT, ASSIGNMENT, STUDENT).manual_score = 2.0
        book.db.commit()
    _, markdown, _ = write_class_report(course.root, [ASSIGNMENT])
    assert "1/1 (100%)" in next(line for line in markdown.read_text().splitlines() if "query_and_key" in line)


def test_formgrader_counts_the_safely_graded_submission_as_autograded(course):
    """Manage Submissions shows "needs autograding" unless the gradebook's timestamp is the submitted one."""
    api = NbGraderAPI(coursedir=CourseDirectory(root=str(course.root)))
    assert api.get_autograded_students(ASSIGNMENT) == {STUDENT}


def test_a_manual_comment_shows_in_the_feedback_the_grades_per_exercise_and_the_class_report(course):
    comment = "Wk @ a, not a @ Wk: <b>check the shapes</b>"
    with gradebook(course) as book:  # formgrader keeps a comment on the exercise's solution cell
        book.find_comment("query_and_key", ASSIGNMENT, ASSIGNMENT, STUDENT).manual_comment = comment
        book.db.commit()
    course.instructor("generate_feedback", ASSIGNMENT)
    html = (course.root / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "your instructor&#39;s comment: Wk @ a, not a @ Wk: &lt;b&gt;check the shapes&lt;/b&gt;" in html \
        or "your instructor's comment: Wk @ a, not a @ Wk: &lt;b&gt;check the shapes&lt;/b&gt;" in html
    details = {row["cell"]: row for row in csv_records(export_details(course.root, [ASSIGNMENT]))}
    assert details[HAND_GRADED]["comment"] == comment
    assert details["test_inner_product"]["comment"] == ""
    _, markdown, _ = write_class_report(course.root, [ASSIGNMENT])
    text = markdown.read_text()
    assert "## Comments given by hand" in text and "check the shapes" in text and STUDENT not in text
