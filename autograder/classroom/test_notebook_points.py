"""One test per autograded cell of each submitted notebook: passes when the cell earns full points."""

from pathlib import Path

import pytest

from autograder.course import graded_cells


def pytest_generate_tests(metafunc):
    if "cell" in metafunc.fixturenames:
        params = [(notebook, grade_id)
                  for notebook in metafunc.config.getoption("--notebook")
                  for grade_id, _ in graded_cells(Path(notebook).stem)]
        metafunc.parametrize("notebook,cell", params, ids=[f"{Path(n).stem}::{c}" for n, c in params])


def test_cell_earns_its_points(grades_of, notebook, cell):
    grade = next(g for g in grades_of(notebook) if g.grade_id == cell)
    if grade.points != grade.max_points:
        pytest.fail(f"{grade.points:g}/{grade.max_points:g} points, {grade.status}: {grade.reason}", pytrace=False)
