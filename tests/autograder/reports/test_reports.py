"""Do the class report and the LMS grade files say what the gradebook and the checks found?"""

import csv

from autograder.course import assignments, graded_cells, written_cells
from autograder.reports.gradebook_tables import points_by_student


def rows(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def test_class_report_names_each_students_mistake_with_its_share(demo_root):
    table = (demo_root / "class_report.md").read_text()
    line = next(l for l in table.splitlines() if "| 01_one_query_scores | query_and_key |" in l)
    assert "1/4 (25%)" in line
    for reason in ("query and key swapped 33%", "the function raised an exception 33%", "not written yet 33%"):
        assert reason in line
    stable = next(l for l in table.splitlines() if "softmax_columns_stable" in l)
    assert "softmax overflows on large scores" in stable
    report = rows(demo_root / "class_report.csv")
    assert report[0][:6] == ["assignment", "cell", "students", "passed", "passed_share", "reason"]
    cells = {(r[0], r[1]) for r in report[1:]}
    assert cells == {(assignment, grade_id)
                     for assignment in assignments() for grade_id, _ in graded_cells(assignment) + written_cells(assignment)}


def test_class_report_chart_is_a_png(demo_root):
    assert (demo_root / "class_report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_lms_files_hold_each_students_score_per_assignment(demo_root):
    points = points_by_student(f"sqlite:///{demo_root / 'gradebook.db'}", assignments())
    canvas = rows(demo_root / "canvas_grades.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments()]
    assert canvas[1][0] == "Points Possible"
    moodle = rows(demo_root / "moodle_grades.csv")
    assert moodle[0] == ["Username", "Email address", *assignments()]
    for canvas_row, moodle_row in zip(canvas[2:], moodle[1:]):
        student = canvas_row[3]
        assert moodle_row[0] == student and canvas_row[2] == ""
        expected = [sum(score for score, _ in points[student][a].values()) for a in assignments()]
        assert [float(x) for x in canvas_row[5:]] == expected == [float(x) for x in moodle_row[2:]]
    assert float(canvas[1][5]) == sum(m for _, m in points["ada-correct"][assignments()[0]].values())


def test_the_reports_command_writes_every_file(demo_root, tmp_path):
    import shutil
    import subprocess
    import sys

    from autograder.course import REPO

    root = shutil.copytree(demo_root, tmp_path / "course")
    for name in ("class_report.md", "canvas_grades.csv", "moodle_grades.csv", "grades_by_exercise.csv",
                 "moodle_grade_items.csv"):
        (root / name).unlink()
    subprocess.run([sys.executable, "-m", "autograder.reports", "--root", str(root)], cwd=REPO, check=True,
                   capture_output=True)
    for name in ("class_report.md", "canvas_grades.csv", "moodle_grades.csv", "grades_by_exercise.csv",
                 "moodle_grade_items.csv", "review_queue.csv"):
        assert (root / name).read_text() == (demo_root / name).read_text()
