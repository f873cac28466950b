"""The pytest path: grade submitted notebooks with the hidden tests, no gradebook needed.

    pytest autograder/classroom --notebook path/to/01_one_query_scores.ipynb [--student NAME]

One test per autograded cell; a summary prints the points, and --points-json
writes them to a file (for GitHub Classroom or any CI that reads a score).
Written questions are graded by hand: the summary and the file list them
apart ("to grade by hand", with their points), outside the autograded points.
Grading is the safe pipeline's, for one notebook: confined where bubblewrap
is available, the judge outside the student's process.
"""

import json
import tempfile
from pathlib import Path

import pytest

from autograder.safe.grade_one import grade_submission
from autograder.course import load_source
from autograder.safe.sandbox import confinement


def pytest_addoption(parser):
    group = parser.getgroup("course grading")
    group.addoption("--notebook", action="append", default=[], help="a submitted notebook (repeat for several)")
    group.addoption("--student", default="anonymous", help="the student's id (seeds the hidden tests)")
    group.addoption("--points-json", default=None, help="write the points to this JSON file")


def pytest_configure(config):
    if not config.getoption("--notebook"):
        raise pytest.UsageError("give the submission to grade: --notebook path/to/<assignment>.ipynb")
    config.course_grades = {}
    config.course_written = {}


def pytest_report_header(config):
    return confinement()


@pytest.fixture
def grades_of(request):
    """grades_of(notebook) -> [CellResult], each notebook graded once per run."""
    config = request.config

    def grades(notebook):
        if notebook not in config.course_grades:
            assignment = Path(notebook).stem
            with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
                graded = grade_submission(Path(notebook), assignment, config.getoption("--student"),
                                          load_source(assignment), scratch)
            config.course_grades[notebook] = graded.results
            config.course_written[notebook] = graded.written
        return config.course_grades[notebook]

    return grades


def pytest_terminal_summary(terminalreporter, config):
    grades = getattr(config, "course_grades", {})
    if not grades:
        return
    report = {}
    terminalreporter.section("points")
    for notebook, cells in grades.items():
        earned, possible = sum(c.points for c in cells), sum(c.max_points for c in cells)
        for cell in cells:
            terminalreporter.write_line(f"{cell.grade_id:<32} {cell.points:g}/{cell.max_points:g}  {cell.status}")
        written = config.course_written.get(notebook, [])
        for cell in written:
            terminalreporter.write_line(f"{cell.grade_id:<32} -/{cell.max_points:g}  {cell.status}")
        by_hand = sum(c.max_points for c in written)
        terminalreporter.write_line(f"{notebook}: {earned:g}/{possible:g} points autograded"
                                    + (f", {by_hand:g} more to grade by hand" if written else ""))
        report[notebook] = {"cells": {c.grade_id: {"points": c.points, "status": c.status, "reason": c.reason}
                                      for c in cells},
                            "points": earned, "max_points": possible,
                            "to_grade_by_hand": {c.grade_id: {"max_points": c.max_points, "status": c.status,
                                                              "reason": c.reason} for c in written}}
    path = config.getoption("--points-json")
    if path:
        with open(path, "w") as handle:
            json.dump(report, handle, indent=1)
