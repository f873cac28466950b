"""Grade one submission: read it as untrusted data, build its job, run it confined, judge it outside."""

import hashlib
import json
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..course import graded_cells, source_notebook
from ..release import add_student_course_lib
from .answers import read_answers
from .job import build_cells, write_inputs
from .receipt import TIMESTAMP
from .results import read_results
from .sandbox import run_confined
from .untrusted_files import NOTEBOOK_LIMIT, Refused, entries, opened_folder, read_regular
from .verdicts import judge_submission, not_gradable

RUNNER = Path(__file__).with_name("runner.py")
BUDGET = 30.0  # seconds of wall time for one notebook, all its cells together
GRADER_FAILED = "The grader failed on this submission; an instructor will look at it."


@dataclass
class SubmissionGrade:
    student: str
    assignment: str
    results: list                                  # [CellResult]
    notes: list = field(default_factory=list)
    cells: list = field(default_factory=list)      # the job's cells
    records: dict = field(default_factory=dict)    # what the runner recorded, by cell index
    seconds: float = 0.0
    grader_error: str = ""                         # the grader's own traceback, for the instructor only


def grader_failed(student, assignment, what=""):
    """The grade of a submission the grader itself failed on: every cell "not gradable", the traceback kept aside."""
    points = dict(graded_cells(assignment))
    reason = GRADER_FAILED + (f" (while {what})" if what else "")
    return SubmissionGrade(student, assignment, not_gradable(points, reason), [reason],
                           grader_error=traceback.format_exc(limit=8))


def fingerprint(folder, assignment):
    """A hash of what was submitted and of the source it is graded against.

    Every entry of the folder counts by name and kind; a regular ``*.ipynb``
    file or ``timestamp.txt`` also by its bytes (at most NOTEBOOK_LIMIT + 1
    of them are read), so a later submission of the same notebook is graded
    again, with its own time. No
    link is followed and nothing but a regular file is opened, so a FIFO or a
    link to /dev/zero among the notebooks costs nothing.
    """
    digest = hashlib.sha256(source_notebook(assignment).read_bytes())
    try:
        with opened_folder(folder) as folder_fd:
            for entry in entries(folder_fd):
                name = entry.name.encode("utf-8", "surrogateescape")
                digest.update(b"\0entry\0" + name + b"\0" + entry.kind.encode())
                if entry.is_regular and (entry.name.endswith(".ipynb") or entry.name == TIMESTAMP):
                    try:
                        digest.update(b"\0" + read_regular(folder_fd, entry.name, NOTEBOOK_LIMIT))
                    except Refused as refused:
                        digest.update(str(refused).encode())
    except Refused as refused:
        digest.update(b"\0refused\0" + str(refused).encode())
    return digest.hexdigest()


def grade_submission(folder, assignment, student, source, scratch_root, budget=BUDGET):
    """SubmissionGrade for the submission in ``folder``; never raises for a bad submission."""
    try:
        points = dict(graded_cells(assignment))
        answers = read_answers(folder, assignment, source)
        if answers.problem:
            return SubmissionGrade(student, assignment, not_gradable(points, answers.problem),
                                   answers.notes + [answers.problem])
    except Exception:  # a fault of the grader itself: say so, and keep the batch going
        return grader_failed(student, assignment, "reading the submission")
    scratch = Path(scratch_root) / f"{hashlib.sha256(student.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}--{assignment}"
    try:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
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
        return grader_failed(student, assignment, "running or judging it")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
