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
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

import nbformat

from ..course import AUTOGRADER, gradebook_url
from .feedback_notebook import feedback_notebook
from .grade_one import BUDGET, fingerprint, grade_submission
from .gradebook_writer import record_scores
from .job import load_source
from .sandbox import confinement


def result_path(root, assignment, student):
    return Path(root) / "grading" / assignment / f"{student}.json"


def already_graded(root, assignment, student, stamp):
    try:
        return json.loads(result_path(root, assignment, student).read_text())["fingerprint"] == stamp
    except (OSError, ValueError, KeyError):
        return False


def save(root, source, grade, stamp):
    """Everything one graded submission leaves behind; the result file is written last."""
    root = Path(root)
    notebook = feedback_notebook(source, grade.cells, grade.records, grade.results, grade.notes)
    folder = root / "autograded" / grade.student / grade.assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / f"{grade.assignment}.ipynb")
    record_scores(gradebook_url(root), grade.assignment, grade.assignment, grade.student, grade.results)
    path = result_path(root, grade.assignment, grade.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"student": grade.student, "assignment": grade.assignment, "fingerprint": stamp,
                "seconds": round(grade.seconds, 2), "notes": grade.notes,
                "cells": [asdict(result) for result in grade.results]}
    path.with_suffix(".tmp").write_text(json.dumps(document, indent=1))
    os.replace(path.with_suffix(".tmp"), path)


def submissions(root, assignment):
    """(student, folder) of every submission of ``assignment`` under submitted/."""
    return sorted((folder.parent.name, folder) for folder in (Path(root) / "submitted").glob(f"*/{assignment}") if folder.is_dir())


def grade_assignment(root, assignment, workers=None, budget=BUDGET, force=False, log=print):
    """Grade what is not graded yet; return (graded now, skipped as already graded)."""
    root = Path(root)
    source = load_source(assignment)
    todo, skipped = [], 0
    for student, folder in submissions(root, assignment):
        stamp = fingerprint(folder, assignment)
        if not force and already_graded(root, assignment, student, stamp):
            skipped += 1
        else:
            todo.append((student, folder, stamp))
    scratch = root / "grading" / "scratch"
    workers = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running = {pool.submit(grade_submission, folder, assignment, student, source, scratch, budget): stamp
                   for student, folder, stamp in todo}
        for future in as_completed(running):
            grade = future.result()
            save(root, source, grade, running[future])
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
    print(confinement(), flush=True)
    for assignment in arguments.assignments:
        started = time.perf_counter()
        graded, skipped = grade_assignment(arguments.root, assignment, arguments.workers, arguments.budget, arguments.force)
        print(f"{assignment}: graded {graded}, already graded {skipped}, in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
