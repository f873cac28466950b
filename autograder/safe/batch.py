"""Grade every submission of an assignment: in parallel, confined, resumable, into the gradebook.

    python -m autograder.safe.batch ASSIGNMENT [--root ROOT] [--workers N] [--budget SECONDS] [--force]

Workers (one per core) each run one submission's sandbox at a time; the main
thread alone writes: the autograded notebook (for nbgrader's feedback), the
gradebook (one transaction per submission), and last, atomically, the
submission's result file ``grading/<assignment>/<student>.json``. A result
file whose fingerprint matches what was submitted means "graded": killing
the grader at any moment and running it again grades each remaining
submission once and leaves the rest as they were. ``--force`` regrades all.
"""

import argparse
import json
import os
import stat
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

import nbformat

from ..course import AUTOGRADER, assignments, gradebook_url
from ..gradebook_report import released_or_exit
from ..ids import id_problem
from .feedback_notebook import feedback_notebook
from .grade_one import BUDGET, fingerprint, grade_submission, grader_failed
from .gradebook_writer import record_scores, students_in_gradebook
from .job import load_source
from .lateness import assign_late_penalty
from .receipt import Receipt, read_receipt, write_receipt
from .sandbox import confinement
from .shown_text import shown


def result_path(root, assignment, student):
    return Path(root) / "grading" / assignment / f"{student}.json"


def already_graded(root, assignment, student, stamp):
    try:
        return json.loads(result_path(root, assignment, student).read_text())["fingerprint"] == stamp
    except (OSError, ValueError, KeyError):
        return False


def save(root, source, grade, stamp, receipt=None):
    """Everything one graded submission leaves behind; the result file is written last.

    ``receipt`` (``receipt.read_receipt``) gives the timestamp, stored in the gradebook before nbgrader's late
    penalty is assigned, and the files nbgrader's generate_feedback and release_feedback look for in autograded/.
    """
    root = Path(root)
    receipt = receipt or Receipt()
    notes = grade.notes + receipt.notes
    notebook = feedback_notebook(source, grade.cells, grade.records, grade.results, notes)
    folder = root / "autograded" / grade.student / grade.assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / f"{grade.assignment}.ipynb")
    write_receipt(receipt, folder)
    db_url = gradebook_url(root)
    record_scores(db_url, grade.assignment, grade.assignment, grade.student, grade.results, receipt.timestamp)
    assign_late_penalty(db_url, grade.assignment, grade.assignment, grade.student)
    path = result_path(root, grade.assignment, grade.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"student": grade.student, "assignment": grade.assignment, "fingerprint": stamp,
                "timestamp": receipt.timestamp_text, "seconds": round(grade.seconds, 2), "notes": notes,
                "cells": [asdict(result) for result in grade.results]}
    if grade.grader_error:
        document["grader_error"] = grade.grader_error
    path.with_suffix(".tmp").write_text(json.dumps(document, indent=1))
    os.replace(path.with_suffix(".tmp"), path)


def _real_folder(path):
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def submissions(root, assignment, refused=None):
    """(student, folder) of every submission of ``assignment`` under submitted/, sorted.

    A student folder whose name cannot be an id, or a student or assignment folder that is not a plain folder
    (a link, a file), is left out; ``refused``, when given, receives (escaped name, reason) for each.
    """
    found = []
    try:
        names = os.listdir(Path(root) / "submitted")
    except OSError:
        return found
    for name in sorted(names):
        student_folder = Path(root) / "submitted" / name
        folder = student_folder / assignment
        if not os.path.lexists(folder):
            continue
        problem = id_problem(name)
        if not problem and not (_real_folder(student_folder) and _real_folder(folder)):
            problem = "the submission is not a plain folder (a link or a file stands in its place); it was not read"
        if problem:
            if refused is not None:
                refused.append((shown(name), problem))
            continue
        found.append((name, folder))
    return found


def _stamp(folder, assignment, log):
    try:
        return fingerprint(folder, assignment)
    except Exception as error:  # never seen; a fingerprint that fails means "grade it again"
        log(f"  fingerprint of {folder} failed ({type(error).__name__}); it is graded anew")
        return ""


def _finish(root, source, grade, stamp, log, receipt=None):
    """``save``, and if that fails, save the grader's failure instead; if that fails too, say so in the log."""
    try:
        save(root, source, grade, stamp, receipt)
        return grade
    except Exception as error:
        first = type(error).__name__
        failed = grader_failed(grade.student, grade.assignment, "storing its grade")
    try:
        save(root, source, failed, "")
        log(f"  {grade.assignment} {grade.student}: storing its grade failed ({first}); "
            "recorded as not gradable, it is graded again on the next run")
        return failed
    except Exception as second:
        log(f"  {grade.assignment} {grade.student}: storing its grade failed ({first}, "
            f"then {type(second).__name__}); it is graded again on the next run")
        return None


def grade_assignment(root, assignment, workers=None, budget=BUDGET, force=False, log=print, progress=None):
    """Grade what is not graded yet; return (graded now, skipped as already graded).

    A result file counts as "graded" only when the gradebook holds the submission too: after a switch to
    another gradebook (COURSE_DB_URL), every submission is graded into it. ``progress(done, total)``, when
    given, is called as each submission is finished.
    """
    root = Path(root)
    source = load_source(assignment)
    in_gradebook = students_in_gradebook(gradebook_url(root), assignment)
    todo, skipped, refused = [], 0, []
    for student, folder in submissions(root, assignment, refused):
        stamp = _stamp(folder, assignment, log)
        if not force and stamp and student in in_gradebook and already_graded(root, assignment, student, stamp):
            skipped += 1
        else:
            todo.append((student, folder, stamp, read_receipt(folder)))
    for name, problem in refused:
        log(f"  {assignment} {name}: refused, not graded: {problem}")
    scratch = root / "grading" / "scratch"
    workers = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running = {pool.submit(grade_submission, folder, assignment, student, source, scratch, budget):
                   (student, stamp, receipt) for student, folder, stamp, receipt in todo}
        for done, future in enumerate(as_completed(running), 1):
            student, stamp, receipt = running[future]
            try:
                grade = future.result()
            except Exception:
                grade = grader_failed(student, assignment, "grading it")
            grade = _finish(root, source, grade, stamp, log, receipt)
            if progress is not None:
                progress(done, len(todo))
            if grade is None:
                continue
            earned = sum(r.points for r in grade.results)
            possible = sum(r.max_points for r in grade.results)
            statuses = sorted({r.status for r in grade.results})
            log(f"  {assignment} {grade.student}: {earned:g}/{possible:g} ({', '.join(statuses)}) in {grade.seconds:.1f} s")
    return len(todo), skipped


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.safe.batch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="+")
    parser.add_argument("--root", default=os.environ.get("COURSE_ROOT", str(AUTOGRADER)))
    parser.add_argument("--workers", type=int, default=None, help="parallel sandboxes (default: one per core)")
    parser.add_argument("--budget", type=float, default=BUDGET, help="seconds of wall time per notebook")
    parser.add_argument("--force", action="store_true", help="regrade submissions already graded")
    arguments = parser.parse_args(argv)
    unknown = [a for a in arguments.assignments if a not in assignments()]
    if unknown:
        parser.error(f"no such assignment: {', '.join(map(shown, unknown))} (known: {', '.join(assignments())})")
    released_or_exit(parser, arguments.root, arguments.assignments)
    print(confinement(), flush=True)
    for assignment in arguments.assignments:
        started = time.perf_counter()
        graded, skipped = grade_assignment(arguments.root, assignment, arguments.workers, arguments.budget, arguments.force)
        print(f"{assignment}: graded {graded}, already graded {skipped}, in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
