"""Grade one submission: read it as untrusted data, build its job, run it confined, judge it outside, step by step."""

import hashlib
import json
import shutil
import sys
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course_lib.language import ENGLISH, speaking
from course_lib.messages import say

from ..course import graded_cells, source_bytes, written_cells
from ..settings import SETTINGS
from .answers import read_answers
from .boundary import current_step, step
from .compiled_library import add_compiled_course_lib
from .job import build_cells, draw_hidden_cases, write_inputs
from .receipt import TIMESTAMP
from .results import read_results
from .sandbox import run_confined
from .untrusted_files import Refused, entries, opened_folder, read_regular
from .verdicts import CellResult, Status, judge_submission, not_gradable, waiting_for_grader

RUNNER = Path(__file__).with_name("runner.py")


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
    language: str = ENGLISH                        # the edition submitted: the feedback is said in it
    written: list = field(default_factory=list)    # [CellResult] of the written questions, graded by hand
    answers: dict = field(default_factory=dict)    # written question's grade_id -> the student's answer

    def to_plain(self):
        """JSON-able data (records as [index, record] pairs), as a grading process sends it back."""
        plain = asdict(self)
        plain["records"] = [[index, record] for index, record in self.records.items()]
        return plain

    @classmethod
    def from_plain(cls, plain):
        plain = dict(plain)
        plain["results"] = [CellResult(**{**result, "status": Status(result["status"])}) for result in plain["results"]]
        plain["written"] = [CellResult(**{**result, "status": Status(result["status"])}) for result in plain.get("written", [])]
        plain["records"] = {int(index): record for index, record in plain["records"]}
        return cls(**plain)


def grader_failed(student, assignment, step, detail="", timed_out_after=0.0):
    """The grade of a submission the grader itself failed on in ``step`` (a ``safe.step.*`` key): every cell
    "not gradable" with the reason; ``detail`` (default: the exception being handled) kept for the instructor."""
    points = dict(graded_cells(assignment))
    where = say(f"safe.step.{step}")
    reason = (say("safe.grader_timed_out", seconds=timed_out_after, step=where) if timed_out_after
              else say("safe.grader_failed", step=where))
    return SubmissionGrade(student, assignment, not_gradable(points, reason), [reason],
                           grader_error=detail or traceback.format_exc(limit=8),
                           written=not_gradable(dict(written_cells(assignment)), reason))


def scratch_folder(scratch_root, student, assignment):
    """Where one submission's job is built and run (removed afterwards; by the caller if the grading was killed)."""
    name = hashlib.sha256(student.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(scratch_root) / f"{name}--{assignment}"


def fingerprint(folder, assignment):
    """A hash of what was submitted and of the source it is graded against.

    Every entry of the folder counts by name and kind; a regular ``*.ipynb``
    file or ``timestamp.txt`` also by its bytes (at most ``SETTINGS.notebook_file_bytes`` + 1
    of them are read), so a later submission of the same notebook is graded
    again, with its own time. No
    link is followed and nothing but a regular file is opened, so a FIFO or a
    link to /dev/zero among the notebooks costs nothing.
    """
    digest = hashlib.sha256(source_bytes(assignment))
    try:
        with opened_folder(folder) as folder_fd:
            for entry in entries(folder_fd):
                name = entry.name.encode("utf-8", "surrogateescape")
                digest.update(b"\0entry\0" + name + b"\0" + entry.kind.encode())
                if entry.is_regular and (entry.name.endswith(".ipynb") or entry.name == TIMESTAMP):
                    try:
                        digest.update(b"\0" + read_regular(folder_fd, entry.name, SETTINGS.notebook_file_bytes))
                    except Refused as refused:
                        digest.update(str(refused).encode())
    except Refused as refused:
        digest.update(b"\0refused\0" + str(refused).encode())
    return digest.hexdigest()


def write_sandbox_files(scratch):
    """What every job's scratch folder holds, whatever the submission: the runner and the student's course_lib,
    its modules compiled (``compiled_library``)."""
    shutil.copy(RUNNER, Path(scratch) / "runner.py")
    add_compiled_course_lib(scratch)


def write_job(scratch, source, answers, assignment, cases):
    """One submission's own files in its scratch folder: job.json (the runner's cells, the instructor's with the
    student's solution cells) and inputs/ (the student's hidden inputs, from ``cases``: ``job.draw_hidden_cases``);
    the cells."""
    cells = build_cells(source, answers, assignment)
    (Path(scratch) / "job.json").write_text(json.dumps({"cells": cells, "case_time_limit": SETTINGS.case_time_limit_seconds,
                                                        "cell_output_characters": SETTINGS.cell_output_characters}))
    write_inputs(scratch, assignment, cases)
    return cells


def build_job(scratch, source, answers, assignment, cases):
    """Make ``scratch`` anew with what the sandbox runs: job.json, the runner, the student course_lib and this
    student's hidden inputs; the job's cells."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    cells = write_job(scratch, source, answers, assignment, cases)
    write_sandbox_files(scratch)
    return cells


def unreadable(student, assignment, answers):
    """The grade of a submission whose answers could not be read (``answers.problem``): every cell not gradable."""
    points = dict(graded_cells(assignment))
    return SubmissionGrade(student, assignment, not_gradable(points, answers.problem), answers.notes + [answers.problem],
                           written=not_gradable(dict(written_cells(assignment)), answers.problem))


def judged(student, assignment, cells, records, run, notes, budget, cases, language=ENGLISH, written=None):
    """The SubmissionGrade of a run: its records (``results.read_results``) judged against the reference answers
    on the student's ``cases``, the verdicts said in ``language``, the edition the student submitted; the written
    answers (``written``: {question: text}) kept for the autograded notebook, each question to grade by hand."""
    step("judge")
    written = written or {}
    with speaking(language):
        results = judge_submission(cells, records, run, cases, dict(graded_cells(assignment)), budget)
        waiting = waiting_for_grader(written_cells(assignment), written)
    return SubmissionGrade(student, assignment, results, notes, cells, records, run.seconds, language=language,
                           written=waiting, answers=written)


def grade_submission(folder, assignment, student, source, scratch_root, budget=None):
    """SubmissionGrade for the submission in ``folder``; never raises for a bad submission.

    Each step is named (``boundary.step``): in a grading process of its own (``boundary.start``) each has its
    time limit, the sandbox run its budget on top (``budget`` seconds; default ``SETTINGS.notebook_budget_seconds``).
    """
    budget = budget or SETTINGS.notebook_budget_seconds
    try:
        step("read")
        answers = read_answers(folder, assignment, source)
        if answers.problem:
            return unreadable(student, assignment, answers)
        step("build")
        scratch = scratch_folder(scratch_root, student, assignment)
        try:
            cases = draw_hidden_cases(assignment, student)
            cells = build_job(scratch, source, answers, assignment, cases)
            step("run", extra=budget)
            run = run_confined(scratch, [sys.executable, "runner.py"], budget)
            step("results")
            records = read_results(scratch, len(cells))
            return judged(student, assignment, cells, records, run, answers.notes, budget, cases, answers.language,
                          answers.written)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    except Exception:  # a fault of the grader itself: say so, and keep the batch going
        return grader_failed(student, assignment, current_step())
