"""Fixtures of the grading tests: a course root with the release of the catalogue's assignment, and its checks."""

import csv
import json
import os
import shutil
from types import SimpleNamespace

import pytest

from autograder import nbgrader_steps
from autograder.adversarial import ASSIGNMENT, CELLS
from autograder.course import graded_cells
from autograder.reports.gradebook_tables import points_by_student
from autograder.release import add_student_course_lib
from autograder.safe.grading_run import result_path
from autograder.safe.sandbox import bubblewrap_works
from autograder.safe.verdicts import Status
from autograder.submissions import EXAMPLES, build_submission

FULL_MARKS = sum(points for _, points in graded_cells(ASSIGNMENT))


def csv_records(path):
    """The rows of a CSV file the pipeline wrote, each a dict keyed by the header."""
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def released_course(root, assignment=ASSIGNMENT):
    """Make ``root`` a course root holding the release of ``assignment`` (with its course_lib), or add that release to
    the course root ``root``; return the release folder."""
    root.mkdir(parents=True, exist_ok=True)
    nbgrader_steps.run(root, "generate_assignment", assignment)
    release = root / "release" / assignment
    add_student_course_lib(release)
    return release


@pytest.fixture(scope="session")
def confinement_or_skip():
    """confinement_or_skip(): skip the test where bubblewrap cannot confine student code; under CI=true, fail it."""
    def require():
        if bubblewrap_works():
            return
        if os.environ.get("CI") == "true":
            pytest.fail("bubblewrap is missing or cannot start here; under CI confinement is required")
        pytest.skip("bubblewrap is not available: student code would run unconfined (see the README)")
    return require


@pytest.fixture(scope="session")
def make_release():
    """make_release(root[, assignment]) -> the release folder of the catalogue's assignment (or ``assignment``) in a
    new course root, or added to ``root``."""
    return released_course


@pytest.fixture(scope="module")
def fuzz_course(tmp_path_factory):
    """A course root with the release of ASSIGNMENT, helpers to add honest submissions, and the checks of a graded one."""
    root = tmp_path_factory.mktemp("fuzz") / "course"
    release = released_course(root)

    def honest(student, answers="ada-correct"):
        """Submit an example student's answers as ``student``; return the notebook's path."""
        notebook = build_submission(release, EXAMPLES / answers / f"{ASSIGNMENT}.py", root / "submitted" / student / ASSIGNMENT)
        return notebook

    def graded(student):
        """The result file of ``student``, checked: one cell per graded cell, each with a known status and a reason."""
        document = json.loads(result_path(root, ASSIGNMENT, student).read_text())
        cells = document["cells"]
        assert [cell["grade_id"] for cell in cells] == list(CELLS), student
        for cell in cells:
            assert cell["status"] in set(Status) and cell["reason"], (student, cell)
            assert cell["points"] in (0, cell["max_points"]), (student, cell)
        return document

    def points(student):
        return sum(cell["points"] for cell in graded(student)["cells"])

    def gradebook():
        return points_by_student(f"sqlite:///{root / 'gradebook.db'}", [ASSIGNMENT])

    blank = json.loads((release / f"{ASSIGNMENT}.ipynb").read_text())
    answered = json.loads(honest("zz-template").read_text())
    shutil.rmtree(root / "submitted" / "zz-template")
    return SimpleNamespace(root=root, release=release, honest=honest, graded=graded, points=points,
                           gradebook=gradebook, blank=blank, answered=answered, full_marks=FULL_MARKS)
