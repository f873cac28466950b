"""Does ``./course.sh grade`` take a week's submissions from the exchange to released feedback and every report?

Three students submit notebook 01 into a local exchange (one after the due
date, one whose function raises); only notebook 01 is released, as in week
one. The command must collect, grade, release feedback, write every file,
list the submission to review with its formgrader link, say who was late,
and grade nothing twice when run again.
"""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import nbgrader_steps
from autograder.adversarial import ASSIGNMENT
from autograder.course import REPO, assignments, written_cells
from autograder.safe.batch import grade_assignment
from autograder.submissions import EXAMPLES, build_submission

from .conftest import csv_records, released_course

COURSE = "self-attention"
DUE = "2026-01-05 10:00:00 UTC"
SUBMITTED = {"ada-correct": "2026-01-05 09:00:00.000000 UTC", "ben-mistakes": "2026-01-05 12:30:00.000000 UTC",
             "cy-raises": "2026-01-05 09:30:00.000000 UTC"}


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    base = tmp_path_factory.mktemp("week")
    root, exchange = base / "course", base / "exchange"
    release = released_course(root)
    nbgrader_steps.run(root, "db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE}")
    for student, timestamp in SUBMITTED.items():
        inbound = exchange / COURSE / "inbound" / f"{student}+{ASSIGNMENT}+{timestamp}"
        build_submission(release, EXAMPLES / student / f"{ASSIGNMENT}.py", inbound)
        (inbound / "timestamp.txt").write_text(timestamp)
        (inbound / "submission_secret.txt").write_text(f"{abs(hash(student)):032x}")
    env = {**os.environ, "NBGRADER_EXCHANGE": str(exchange), "FORMGRADER_URL": "http://127.0.0.1:8888/formgrader"}

    def run(*arguments):
        return subprocess.run([sys.executable, "-m", "autograder.week", *arguments, "--root", str(root)], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=900)

    first = run(ASSIGNMENT)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    return type("Week", (), {"root": root, "exchange": exchange, "run": staticmethod(run), "output": first.stdout})


def test_the_summary_says_who_was_graded_late_and_to_review(week):
    line = next(l for l in week.output.splitlines() if l.strip().startswith(f"{ASSIGNMENT}: graded now"))
    assert "graded now 3, already graded 0" in line
    assert "late 1 (ben-mistakes)" in line
    assert "to review 1" in line and "feedback released" in line
    assert f"written answers to grade by hand {len(SUBMITTED) * len(written_cells(ASSIGNMENT))}" in line


def test_every_student_s_feedback_is_released_into_the_exchange(week):
    assert len(list((week.exchange / COURSE / "feedback").glob("*.html"))) == len(SUBMITTED)


def test_the_review_queue_lists_the_raising_function_with_a_formgrader_link(week):
    queue = csv_records(week.root / "review_queue.csv")
    written = {question for question, _ in written_cells(ASSIGNMENT)}
    assert {row["student"] for row in queue if row["cell"] not in written} == {"cy-raises"}
    assert all(row["status"] == "error" and row["reason"] for row in queue if row["cell"] not in written)
    assert {(row["student"], row["cell"]) for row in queue if row["cell"] in written} == {
        (student, question) for student in SUBMITTED for question in written}
    assert all(row["status"] == "to grade by hand" for row in queue if row["cell"] in written)
    assert all(row["link"].startswith("http://127.0.0.1:8888/formgrader/submissions/") for row in queue)
    assert "[open in formgrader](http://127.0.0.1:8888/formgrader/submissions/" in (week.root / "review_queue.md").read_text()


def test_reports_cover_only_the_released_assignment(week):
    assert {row["assignment"] for row in csv_records(week.root / "grades_by_exercise.csv")} == {ASSIGNMENT}
    with open(week.root / "canvas_grades.csv", newline="") as handle:
        header = next(csv.reader(handle))
    assert [column for column in header if column[:2].isdigit()] == [ASSIGNMENT]
    reports = subprocess.run([sys.executable, "-m", "autograder.reports", "--root", str(week.root)], cwd=REPO,
                             capture_output=True, text=True, timeout=300)
    assert reports.returncode == 0, reports.stderr[-2000:]


def test_an_assignment_not_released_is_refused_by_name(week):
    later = assignments()[1]
    run = week.run(later)
    assert run.returncode == 2 and f"not released yet (not in the gradebook): {later}" in run.stderr


def test_a_second_run_grades_nothing_again(week):
    again = week.run(ASSIGNMENT)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "graded now 0, already graded 3" in again.stdout


def test_after_a_switch_to_another_gradebook_every_submission_is_graded_into_it(week, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DB_URL", f"sqlite:///{tmp_path / 'other.db'}")
    nbgrader_steps.run(week.root, "generate_assignment", ASSIGNMENT, "--force")
    assert grade_assignment(week.root, ASSIGNMENT, log=lambda line: None) == (3, 0)
    assert Path(tmp_path / "other.db").exists()
