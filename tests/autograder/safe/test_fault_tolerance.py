"""Does killing the grader mid-batch lose nothing? The rerun grades each remaining submission once,
and the grades equal those of an uninterrupted run."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

from autograder import nbgrader_steps
from autograder.course import REPO
from autograder.reports.gradebook_tables import points_by_student
from autograder.release import add_student_course_lib
from autograder.safe.batch import grade_assignment
from autograder.safe.grading_run import result_path
from autograder.submissions import EXAMPLES, build_submission, example_students

ASSIGNMENT = "01_one_query_scores"


def make_course(root, copies=3):
    root.mkdir(parents=True)
    nbgrader_steps.run(root, "generate_assignment", ASSIGNMENT)
    release = root / "release" / ASSIGNMENT
    add_student_course_lib(release)
    students = []
    for copy in range(copies):
        for example in example_students():
            student = f"{example}-{copy}"
            build_submission(release, EXAMPLES / example / f"{ASSIGNMENT}.py", root / "submitted" / student / ASSIGNMENT)
            students.append(student)
    return students


def graded(root, students):
    return [s for s in students if result_path(root, ASSIGNMENT, s).exists()]


def cells(root, student):
    import json

    document = json.loads(result_path(root, ASSIGNMENT, student).read_text())
    return [(c["grade_id"], c["points"], c["status"], c["reason"]) for c in document["cells"]]


def test_a_killed_batch_finishes_on_rerun_with_the_same_grades(tmp_path):
    killed_root, calm_root = tmp_path / "killed", tmp_path / "calm"
    students = make_course(killed_root)
    shutil.copytree(killed_root, calm_root)
    grade_assignment(calm_root, ASSIGNMENT, log=lambda line: None)

    command = [sys.executable, "-m", "autograder.safe.batch", ASSIGNMENT, "--root", str(killed_root)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while len(graded(killed_root, students)) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(graded(killed_root, students))
    assert 0 < done_before < len(students), "the kill should land in the middle of the batch"

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    counts = re.search(r"graded (\d+), already graded (\d+)", rerun.stdout)
    assert (int(counts[1]), int(counts[2])) == (len(students) - done_before, done_before)

    assert graded(killed_root, students) == students
    for student in students:
        assert cells(killed_root, student) == cells(calm_root, student)
    assert points_by_student(f"sqlite:///{killed_root / 'gradebook.db'}", [ASSIGNMENT]) == \
        points_by_student(f"sqlite:///{calm_root / 'gradebook.db'}", [ASSIGNMENT])


def test_regrading_is_idempotent(tmp_path):
    root = tmp_path / "course"
    students = make_course(root, copies=1)
    grade_assignment(root, ASSIGNMENT, log=lambda line: None)
    first = {s: cells(root, s) for s in students}
    gradebook = points_by_student(f"sqlite:///{root / 'gradebook.db'}", [ASSIGNMENT])
    assert grade_assignment(root, ASSIGNMENT, log=lambda line: None) == (0, len(students))
    assert grade_assignment(root, ASSIGNMENT, force=True, log=lambda line: None) == (len(students), 0)
    assert {s: cells(root, s) for s in students} == first
    assert points_by_student(f"sqlite:///{root / 'gradebook.db'}", [ASSIGNMENT]) == gradebook
