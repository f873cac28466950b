"""What one run of the grader does around each submission, whichever engine runs the sandboxes: the local
one (``batch``) or the cluster (``cluster``).

A run makes a folder for its jobs (``new_job_folder``) and cleans up after a grading process it stopped
(``clean_up_after``); the grade of a grading process that timed out, raised or crashed is
``grade_of_failed_process``. A finished grade is stored by the run's own process alone: the feedback notebook
nbgrader's generate_feedback reads (``write_feedback``, in a process of its own unless the grading process
wrote it), the receipt's files, the gradebook's transaction with nbgrader's late penalty, and last, atomically,
the result file (``write_result``) whose fingerprint says "graded" (``already_graded``). ``store_grade`` stores
one grade, or the grader's failure in its place; ``store_grades_together`` stores several in one gradebook
transaction. ``log_grade`` is the run's line for a stored grade.
"""

import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import nbformat

from course_lib.language import speaking

from ..course import gradebook_url, load_source
from ..editions.build import released_in
from .boundary import StepTimedOut, current_step, driver_time_limit, run_bounded, step
from .feedback_notebook import feedback_notebook
from .grade_one import grader_failed, scratch_folder
from .gradebook_writer import one_transaction, record_scores
from .lateness import assign_late_penalty
from .leftovers import left_behind, owned_prefix
from .receipt import write_receipt
from .scratch_quota import unmount_left_behind

STORE_TOGETHER = 8  # finished grades stored in one gradebook transaction, at most


def result_path(root, assignment, student):
    return Path(root) / "grading" / assignment / f"{student}.json"


def already_graded(root, assignment, student, stamp):
    try:
        return json.loads(result_path(root, assignment, student).read_text())["fingerprint"] == stamp
    except (OSError, ValueError, KeyError):
        return False


def write_feedback(root, source, grade):
    """The autograded notebook nbgrader's generate_feedback reads, for one graded submission, in its edition."""
    with speaking(grade.language):
        notebook = feedback_notebook(source, grade.cells, grade.records, grade.results, grade.notes, grade.answers)
    notebook = released_in(notebook, grade.assignment, grade.language)  # its prose in the edition submitted
    folder = Path(root) / "autograded" / grade.student / grade.assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / f"{grade.assignment}.ipynb")


def write_result(root, grade, stamp, receipt):
    """The submission's result file, written atomically: it says "graded" when its fingerprint matches."""
    path = result_path(root, grade.assignment, grade.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"student": grade.student, "assignment": grade.assignment, "fingerprint": stamp,
                "timestamp": receipt.timestamp_text, "seconds": round(grade.seconds, 2), "notes": grade.notes,
                "cells": [asdict(result) for result in grade.results],
                "written": [asdict(result) for result in grade.written]}
    if grade.grader_error:
        document["grader_error"] = grade.grader_error
    path.with_suffix(".tmp").write_text(json.dumps(document, indent=1))
    os.replace(path.with_suffix(".tmp"), path)


class StepFailed(Exception):
    """A step run in a grading process of its own did not finish (its Finished says how)."""


def grade_of_failed_process(student, assignment, finished):
    """The grade of a submission whose grading process timed out, raised or crashed."""
    seconds = finished.seconds if finished.failure == "timed out" else 0.0
    return grader_failed(student, assignment, finished.step, finished.detail, timed_out_after=seconds)


def _store_files(root, source, grade, limit, feedback_written, receipt):
    """The feedback notebook (in a process of its own, unless the grading process wrote it) and the receipt's files."""
    if not feedback_written:
        finished = run_bounded(write_feedback, (root, source, grade), "feedback", limit)
        if finished.failure:
            step("feedback")
            raise StepFailed(f"writing the feedback notebook {finished.failure}: {finished.detail}")
    write_receipt(receipt, Path(root) / "autograded" / grade.student / grade.assignment)


def _store_or_raise(root, source, grade, stamp, limit, feedback_written, receipt):
    """The feedback notebook (in a process of its own, unless the grading process wrote it), then in this process
    the gradebook's one transaction and the result file, each step within ``limit`` seconds.

    ``receipt`` (``receipt.read_receipt``) gives the timestamp, stored in the gradebook before nbgrader's late
    penalty is assigned, and the files nbgrader's generate_feedback and release_feedback look for in autograded/.
    """
    _store_files(root, source, grade, limit, feedback_written, receipt)
    with driver_time_limit("gradebook", limit):
        db_url = gradebook_url(root)
        record_scores(db_url, grade.assignment, grade.student, grade.results, receipt.timestamp)
        assign_late_penalty(db_url, grade.assignment, grade.student)
    with driver_time_limit("result", limit):
        write_result(root, grade, stamp, receipt)


def store_grade(root, source, grade, stamp, limit, log, receipt, feedback_written=True):
    """``_store_or_raise``, and if that fails, store the grader's failure instead; if that fails too, say so in the log."""
    try:
        _store_or_raise(root, source, grade, stamp, limit, feedback_written, receipt)
        return grade
    except Exception as error:
        first = type(error).__name__
        failed = grader_failed(grade.student, grade.assignment, current_step(),
                               timed_out_after=limit if isinstance(error, StepTimedOut) else 0.0)
    try:
        _store_or_raise(root, source, failed, "", limit, False, receipt)
        log(f"  {grade.assignment} {grade.student}: storing its grade failed ({first}); "
            "recorded as not gradable, it is graded again on the next run")
        return failed
    except Exception as second:
        log(f"  {grade.assignment} {grade.student}: storing its grade failed ({first}, "
            f"then {type(second).__name__}); it is graded again on the next run")
        return None


def store_grades_together(root, finished, limit, log):
    """Store several finished grades, ``finished`` [(grade, stamp, receipt, feedback_written)], of one assignment
    or of several (each one's source is ``course.load_source``'s): each one's files,
    then one gradebook transaction for all of them (``one_transaction``), then each result file; [grade stored,
    or None where it is graded again on the next run], in order.

    Where the shared transaction fails or passes ``limit``, nothing of it is kept and each grade is stored alone
    (``store_grade``), so a grade that cannot be stored costs no other its grade. A result file is written only after
    the commit: a grader killed before it grades those submissions again on the next run, exactly once more.
    """
    stored, ready = {}, []
    for index, (grade, stamp, receipt, feedback_written) in enumerate(finished):
        try:
            _store_files(root, load_source(grade.assignment), grade, limit, feedback_written, receipt)
            ready.append(index)
        except Exception:
            stored[index] = store_grade(root, load_source(grade.assignment), grade, stamp, limit, log, receipt,
                                        feedback_written)
    try:
        with driver_time_limit("gradebook", limit):
            db_url = gradebook_url(root)
            with one_transaction(db_url) as late:
                for index in ready:
                    grade, _, receipt, _ = finished[index]
                    record_scores(db_url, grade.assignment, grade.student, grade.results, receipt.timestamp)
            for assignment, student in late:
                assign_late_penalty(db_url, assignment, student)
    except Exception:
        ready, alone = [], ready
        for index in alone:
            grade, stamp, receipt, _ = finished[index]
            stored[index] = store_grade(root, load_source(grade.assignment), grade, stamp, limit, log, receipt)
    for index in ready:
        grade, stamp, receipt, _ = finished[index]
        try:
            with driver_time_limit("result", limit):
                write_result(root, grade, stamp, receipt)
            stored[index] = grade
        except Exception:
            stored[index] = store_grade(root, load_source(grade.assignment), grade, stamp, limit, log, receipt)
    return [stored[index] for index in range(len(finished))]


_JOBS_PREFIX = "course-sandbox-jobs-"


def new_job_folder():
    """A new folder for this run's jobs in the temporary folder, where its path names nothing of the course (the
    sandbox's /proc/self/mountinfo shows it where the scratch folder gets no tmpfs of its own)."""
    for folder in left_behind(tempfile.gettempdir(), _JOBS_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=owned_prefix(_JOBS_PREFIX)))


def clean_up_after(scratch, student, assignment):
    """Remove what a stopped grading process left: its scratch folder, its scratch tmpfs (its control group goes
    when the next run opens one)."""
    shutil.rmtree(scratch_folder(scratch, student, assignment), ignore_errors=True)
    unmount_left_behind()


def log_grade(grade, log):
    earned = sum(r.points for r in grade.results)
    possible = sum(r.max_points for r in grade.results)
    statuses = sorted({r.status for r in grade.results})
    log(f"  {grade.assignment} {grade.student}: {earned:g}/{possible:g} ({', '.join(statuses)}) in {grade.seconds:.1f} s")
