"""Grade one submission: build its job, run it confined, judge it outside."""

import hashlib
import json
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..course import graded_cells, source_notebook
from ..release import add_student_course_lib
from .job import build_cells, read_answers, write_inputs
from .sandbox import run_confined
from .verdicts import judge_submission, not_gradable, read_results

RUNNER = Path(__file__).with_name("runner.py")
BUDGET = 30.0  # seconds of wall time for one notebook, all its cells together


@dataclass
class SubmissionGrade:
    student: str
    assignment: str
    results: list                                  # [CellResult]
    notes: list = field(default_factory=list)
    cells: list = field(default_factory=list)      # the job's cells
    records: dict = field(default_factory=dict)    # what the runner recorded, by cell index
    seconds: float = 0.0


def fingerprint(folder, assignment):
    """A hash of what was submitted (every notebook in the folder) and of the source it is graded against."""
    digest = hashlib.sha256(source_notebook(assignment).read_bytes())
    for path in sorted(Path(folder).glob("*.ipynb")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def grade_submission(folder, assignment, student, source, scratch_root, budget=BUDGET):
    """SubmissionGrade for the submission in ``folder``; never raises for a bad submission."""
    points = dict(graded_cells(assignment))
    answers = read_answers(folder, assignment, source)
    if answers.problem:
        return SubmissionGrade(student, assignment, not_gradable(points, answers.problem), [answers.problem])
    scratch = Path(scratch_root) / f"{student}--{assignment}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        cells = build_cells(source, answers, assignment)
        (scratch / "job.json").write_text(json.dumps({"cells": cells}))
        shutil.copy(RUNNER, scratch / "runner.py")
        add_student_course_lib(scratch)
        write_inputs(scratch, assignment, student)
        run = run_confined(scratch, [sys.executable, "runner.py"], budget)
        records = read_results(scratch, len(cells))
        results = judge_submission(cells, records, run, student, points, budget)
        return SubmissionGrade(student, assignment, results, answers.notes, cells, records, run.seconds)
    except Exception:  # a fault of the grader itself: say so, and keep the batch going
        reason = "The grader failed on this submission; an instructor will look at it.\n" + traceback.format_exc(limit=3)
        return SubmissionGrade(student, assignment, not_gradable(points, reason), [reason])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
