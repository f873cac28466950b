"""Does the pytest path (no gradebook) give the same points as nbgrader on every example submission?"""

import json
import subprocess
import sys

import pytest

from autograder.course import REPO, assignments
from autograder.gradebook_report import points_by_student
from autograder.notebook_grader import grade_notebook
from autograder.submissions import example_students


def submitted(root, student, assignment):
    return root / "submitted" / student / assignment / f"{assignment}.ipynb"


@pytest.mark.parametrize("student", example_students())
def test_both_grading_paths_agree(demo_root, student):
    gradebook = points_by_student(f"sqlite:///{demo_root / 'gradebook.db'}", assignments())
    for assignment in assignments():
        grades = grade_notebook(submitted(demo_root, student, assignment), student=student)
        assert {g.grade_id: g.score for g in grades} == {c: s for c, (s, _) in gradebook[student][assignment].items()}


def test_the_pytest_command_reports_points_and_fails_on_lost_points(demo_root, tmp_path):
    assignment = assignments()[0]
    results = {}
    for student in ("ada-correct", "ben-mistakes"):
        out = tmp_path / f"{student}.json"
        run = subprocess.run([sys.executable, "-m", "pytest", "autograder/classroom", "-q", "-p", "no:cacheprovider",
                              "--notebook", str(submitted(demo_root, student, assignment)),
                              "--student", student, "--points-json", str(out)],
                             cwd=REPO, capture_output=True, text=True)
        results[student] = (run.returncode, json.loads(out.read_text()), run.stdout)
    assert results["ada-correct"][0] == 0
    assert results["ben-mistakes"][0] == 1
    ben = next(iter(results["ben-mistakes"][1].values()))
    assert ben["points"] == 4 and ben["max_points"] == 9
    assert "Query and key swapped" in results["ben-mistakes"][2]
