"""Does the class-of-500 benchmark check each grade against what the student deserves, and nothing else?"""

import json

from autograder.benchmarks.class_of_500 import deserved
from autograder.course import assignments, graded_cells
from autograder.safe.grading_run import result_path
from autograder.submissions import example_students


def test_a_student_deserves_points_for_the_autograded_cells_only():
    for assignment in assignments():
        cells = dict(graded_cells(assignment))
        for number, student in enumerate(example_students()):
            points = deserved(f"s{number:03d}-{student}", assignment)
            assert set(points) == set(cells), (student, assignment)
            assert all(0 <= points[cell] <= cells[cell] for cell in cells)


def test_what_the_demo_stored_is_what_each_example_student_deserves(demo_root):
    for assignment in assignments():
        for number, student in enumerate(example_students()):
            cells = json.loads(result_path(demo_root, assignment, student).read_text())["cells"]
            assert {cell["grade_id"]: cell["points"] for cell in cells} == deserved(f"s{number:03d}-{student}", assignment)
