"""Does the instructor's pipeline give every example student the points their answers deserve?"""

import csv
import json

from autograder.course import REPO, assignments
from autograder.pipeline import EXAMPLE_EDITIONS
from autograder.reports.gradebook_tables import points_by_student
from autograder.submissions import EXAMPLES, example_students
from course_lib.messages import text

EXPECTED = json.loads((EXAMPLES / "expected_points.json").read_text())


def gradebook_points(root):
    return points_by_student(f"sqlite:///{root / 'gradebook.db'}", assignments())


def test_every_example_student_gets_the_expected_points(demo_root):
    points = gradebook_points(demo_root)
    assert sorted(points) == sorted(EXPECTED) == example_students()
    for student, by_assignment in EXPECTED.items():
        for assignment in assignments():
            got = {cell: score for cell, (score, _) in points[student][assignment].items()}
            assert got == by_assignment[assignment], (student, assignment)


def test_feedback_exists_explains_mistakes_and_hides_the_tests_code(demo_root):
    judge_lines = [line.strip() for line in (REPO / "autograder" / "judge.py").read_text().splitlines()
                   if "=" in line and len(line.strip()) > 20]
    for student in example_students():
        for assignment in assignments():
            html = (demo_root / "feedback" / student / assignment / f"{assignment}.html").read_text()
            assert not any(line in html for line in judge_lines)
            assert "BEGIN HIDDEN TESTS" not in html and "hidden_tests" not in html
    ben = (demo_root / "feedback" / "ben-mistakes" / assignments()[0] / f"{assignments()[0]}.html").read_text()
    # Ben submits the zh-TW edition: his verdict names the mistake in zh-TW (wrapped at 100 characters)
    title = text("mistake.query_key_swapped.title", EXAMPLE_EDITIONS["ben-mistakes"])
    assert EXAMPLE_EDITIONS["ben-mistakes"] == "zh-TW" and "".join(title.split()) in "".join(ben.split())


def test_grade_csv_has_one_row_per_student_and_assignment(demo_root):
    with open(demo_root / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(example_students()) * len(assignments())
    for row in rows:
        expected = sum(EXPECTED[row["student_id"]][row["assignment"]].values())
        assert float(row["score"]) == expected


def test_learner_copies_are_student_versions_and_never_overwritten(tmp_path):
    from autograder import pipeline

    pipeline.learner(tmp_path)
    assignment = assignments()[0]
    copy = tmp_path / assignment / f"{assignment}.ipynb"
    text = copy.read_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN" not in text and "NotImplementedError" in text
    copy.write_text(text.replace("NotImplementedError", "MyWork"))
    pipeline.learner(tmp_path)
    assert "MyWork" in copy.read_text()


def test_plain_nbgrader_autograde_gives_the_same_points(demo_root, tmp_path):
    """An instructor who runs nbgrader's own autograde (hidden test cells in the kernel) gets the same grades."""
    import shutil

    from autograder import nbgrader_steps

    root = shutil.copytree(demo_root, tmp_path / "course")
    for assignment in assignments():
        nbgrader_steps.run(root, "autograde", assignment, "--force")
    assert gradebook_points(root) == gradebook_points(demo_root)
