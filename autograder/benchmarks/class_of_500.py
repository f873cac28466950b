"""A class of 500: every student submits the whole series, and the pipeline grades it end to end.

    python -m autograder.benchmarks.class_of_500 [--students 500] [--feedback]

Builds the submissions like the speed benchmark (the four example students in
turn, and a cheating notebook 01 for every fifth student), then runs the
instructor's pipeline on them: the safe autograder for every assignment,
nbgrader's export, the per-exercise grades, the LMS files and the class
report (and nbgrader's feedback for every submission with --feedback). It
prints the wall time of each step, submissions per minute, the gradebook's
size, and checks every grade against what that student deserves.
"""

import argparse
import json
import os
import shutil
import time
from pathlib import Path

from .. import nbgrader_steps
from ..adversarial import ASSIGNMENT, CATALOGUE
from ..course import REPO, assignments, graded_cells
from ..reports.__main__ import main as write_reports
from ..safe.batch import grade_assignments
from ..safe.grading_run import result_path
from ..safe.sandbox import confinement
from ..submissions import EXAMPLES
from .grading_speed import MIXED_IN, build_batch


def deserved(student, assignment):
    """{graded cell: points} that ``student`` of ``build_batch`` deserves for ``assignment``."""
    number, persona = int(student[1:4]), student.split("-", 1)[1]
    if assignment == ASSIGNMENT and number % 5 == 4:
        attacks = [attack for attack in CATALOGUE if attack.name in MIXED_IN]
        attack = attacks[(number // 5) % len(attacks)]
        return {cell: (points if status == "passed" else 0.0)
                for (cell, points), status in zip(graded_cells(assignment), attack.expected)}
    expected = json.loads((EXAMPLES / "expected_points.json").read_text())[persona][assignment]
    return {cell: float(expected[cell]) for cell, _ in graded_cells(assignment)}  # the written answers wait for a person


def wrong_grades(root, students):
    """The "student/assignment" of ``build_batch`` whose grade under ``root`` is not what that student deserves."""
    wrong = []
    for student in students:
        for assignment in assignments():
            cells = json.loads(result_path(root, assignment, student).read_text())["cells"]
            if {c["grade_id"]: c["points"] for c in cells} != deserved(student, assignment):
                wrong.append(f"{student}/{assignment}")
    return wrong


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--feedback", action="store_true", help="also run nbgrader's generate_feedback")
    parser.add_argument("--folder", default=str(REPO / "build" / "class-of-500"))
    arguments = parser.parse_args(argv)
    root = Path(arguments.folder)
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    students = build_batch(root, arguments.students)
    count = len(students) * len(assignments())
    print(f"{count} submissions ({len(students)} students × {len(assignments())} notebooks), {os.cpu_count()} cores; "
          f"built in {time.perf_counter() - started:.0f} s\n{confinement()}", flush=True)

    steps = {}
    began = time.perf_counter()
    grade_assignments(root, assignments(), log=lambda line: None)
    steps["autograde (safe pipeline)"] = time.perf_counter() - began
    if arguments.feedback:
        began = time.perf_counter()
        for assignment in assignments():
            nbgrader_steps.run(root, "generate_feedback", assignment, log=root / "nbgrader.log")
        steps["feedback (nbgrader generate_feedback)"] = time.perf_counter() - began
    began = time.perf_counter()
    nbgrader_steps.run(root, "export", "--to", str(root / "grades.csv"), log=root / "nbgrader.log")
    write_reports(["--root", str(root)])
    steps["exports and class report"] = time.perf_counter() - began

    wrong = wrong_grades(root, students)
    total = sum(steps.values())
    for step, seconds in steps.items():
        print(f"{step}: {seconds:.0f} s")
    print(f"end to end: {total:.0f} s, {60 * count / total:.0f} submissions per minute")
    print(f"gradebook: {(root / 'gradebook.db').stat().st_size / 1024**2:.1f} MiB")
    print(f"grades checked: {count - len(wrong)} of {count} as deserved" + (f"; WRONG: {wrong[:10]}" if wrong else ""))
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
