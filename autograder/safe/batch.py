"""Grade every submission of one or more assignments: in parallel, confined, resumable, into the gradebook.

    python -m autograder.safe.batch ASSIGNMENT [ASSIGNMENT ...] [--root ROOT] [--workers N]
                                    [--budget SECONDS] [--step-limit SECONDS] [--force] [--student ID]
                                    [--scheduler tcp://HOST:8786]

Each submission is graded in a process of its own, one per core at a time
(``boundary``): reading, fingerprint, parsing, building the job, the sandbox
run, judging and the autograded notebook (for nbgrader's feedback), each
step within its time limit (``--step-limit``, ``COURSE_GRADER_STEP_LIMIT``,
20 s), the run within its budget more. A process that hangs, raises or
crashes is stopped and that submission alone is "not gradable" with the
step named. This process alone then writes the gradebook (the grades
finished meanwhile, up to eight, in one transaction; each alone where that
fails) and last, atomically, each submission's result file
``grading/<assignment>/<student>.json`` (how a grade is stored, and the
result file, are ``grading_run``'s, shared with the cluster). A result
file whose fingerprint matches what was submitted means "graded": killing
the grader at any moment and running it again grades each remaining
submission once and leaves the rest as they were. ``--force`` regrades all;
``--student`` grades that student's submission alone (what formgrader's
Autograde button runs, ``autograder.formgrader_buttons``). Several
assignments are graded as one queue of submissions, so that the workers
stay busy from one assignment to the next.
``--scheduler`` (or ``COURSE_DASK_SCHEDULER``) runs the sandboxes on a Dask
cluster's workers instead (``cluster``, docs/cluster.md).
"""

import os
import shutil
import stat
import sys
import time
from collections import deque
from pathlib import Path

from course_lib.messages import say

from ..course import assignments, gradebook_url, load_source
from ..ids import id_problem
from ..options import add_assignments, add_root, add_workers, command_parser
from ..released import released_or_exit
from ..settings import SETTINGS, STEP_LIMIT_VARIABLE
from .boundary import kill, partial, run_bounded, start, step, wait_any
from .cluster import SCHEDULER_HELP, grade_on_cluster, how_student_code_runs, scheduler_from_environment
from .compiled_library import compiled_modules
from .grade_one import SubmissionGrade, fingerprint, grade_submission
from .gradebook_writer import students_in_gradebook
from .grading_run import (
    STORE_TOGETHER, already_graded, clean_up_after, grade_of_failed_process, log_grade, new_job_folder,
    store_grades_together, write_feedback,
)
from .receipt import read_receipt
from .sandbox import prepare
from .shown_text import shown

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


def _fingerprint_each(found, assignment):
    """In a process of its own: the fingerprint of each (student, folder), each sent as soon as it is taken."""
    for _, folder in found:
        step("fingerprint")  # each submission's fingerprint has the time limit of one step
        partial(fingerprint(folder, assignment))


def _stamps(found, assignment, limit, log):
    """[(fingerprint, note)] of each (student, folder) in ``found``, taken in as few processes as can be: where one
    fails or passes its time limit, its process is gone, the submission gets ("", a note for its feedback) and
    the rest are taken in a new process."""
    stamps = []
    while len(stamps) < len(found):
        finished = run_bounded(_fingerprint_each, (found[len(stamps):], assignment), "fingerprint", limit)
        stamps += [(stamp, "") for stamp in finished.partials]
        if finished.failure and len(stamps) < len(found):
            _, folder = found[len(stamps)]
            last_line = (finished.detail.strip().splitlines() or [""])[-1]
            log(f"  fingerprint of {shown(str(folder))} {finished.failure} ({shown(last_line, 200)}); it is graded anew")
            stamps.append(("", say("safe.fingerprint_failed")))
    return stamps


def _grade_in_child(root, folder, assignment, student, source, scratch, budget, note, receipt_notes):
    """What a grading process does for one submission: grade it, write its feedback notebook; the grade as plain data."""
    grade = grade_submission(folder, assignment, student, source, scratch, budget)
    grade.notes += ([note] if note else []) + receipt_notes
    step("feedback")
    write_feedback(root, source, grade)
    return grade.to_plain()


def _to_grade(root, assignment, force, step_limit, students, log):
    """([(student, folder, stamp, note, receipt)] of the submissions of ``assignment`` to grade now, how many are
    skipped as already graded): their fingerprints taken (``_stamps``), the refused folders logged."""
    in_gradebook = students_in_gradebook(gradebook_url(root), assignment)
    todo, skipped, refused = [], 0, []
    found = [(student, folder) for student, folder in submissions(root, assignment, refused)
             if students is None or student in students]
    for (student, folder), (stamp, note) in zip(found, _stamps(found, assignment, step_limit, log)):
        if not force and stamp and student in in_gradebook and already_graded(root, assignment, student, stamp):
            skipped += 1
        else:
            todo.append((student, folder, stamp, note, read_receipt(folder)))
    for name, problem in refused:
        log(f"  {assignment} {name}: refused, not graded: {problem}")
    return todo, skipped


def grade_assignment(root, assignment, workers=None, budget=None, force=False, log=print, step_limit=None,
                     progress=None, students=None, scheduler=None, stages=None):
    """Grade what is not graded yet of one assignment; return (graded now, skipped as already graded).

    ``grade_assignments`` for ``[assignment]``, whose arguments these are.
    """
    return grade_assignments(root, [assignment], workers, budget, force, log, step_limit, progress, students,
                             scheduler, stages)[assignment]


def grade_assignments(root, chosen, workers=None, budget=None, force=False, log=print, step_limit=None,
                      progress=None, students=None, scheduler=None, stages=None):
    """Grade what is not graded yet of each assignment in ``chosen``; return {assignment: (graded now, skipped as
    already graded)}.

    Each submission is graded in a process of its own (``boundary``), at most ``workers`` at a time, each of its
    steps within ``step_limit`` seconds (default: ``COURSE_GRADER_STEP_LIMIT``), the sandbox run within
    ``budget`` more; this process alone stores grades, up to ``STORE_TOGETHER`` in one gradebook transaction.
    The assignments' submissions form one queue, so that no worker waits for the last submission of an
    assignment before the next assignment's first one starts.

    A result file counts as "graded" only when the gradebook holds the submission too: after a switch to
    another gradebook (COURSE_DB_URL), every submission is graded into it. ``progress(done, total)``, when
    given, is called as each submission is finished. ``students``, when given, limits the run to their submissions.

    ``scheduler``: a Dask scheduler's address (default: ``COURSE_DASK_SCHEDULER``) to run the sandboxes on its
    workers instead of here (``cluster``, one queue as here; ``stages``, when given, receives the seconds of
    its stages).
    """
    root = Path(root)
    step_limit = step_limit or SETTINGS.grader_step_limit_seconds
    budget = budget or SETTINGS.notebook_budget_seconds
    prepare()  # worked out once here, shared by every grading process forked below
    compiled_modules()  # so is the library every job's scratch folder holds
    workers = workers or os.cpu_count() or 1
    scheduler = scheduler_from_environment() if scheduler is None else scheduler
    counts, todo = {}, []
    for assignment in chosen:
        these, skipped = _to_grade(root, assignment, force, step_limit, students, log)
        counts[assignment] = (len(these), skipped)
        todo += [(assignment, *entry) for entry in these]
    if scheduler:
        graded = grade_on_cluster(scheduler, root, todo, budget, step_limit, log, progress, workers, stages)
        counts = {assignment: (graded.get(assignment, 0), skipped) for assignment, (_, skipped) in counts.items()}
    else:
        _grade_locally(root, todo, workers, budget, step_limit, log, progress)
    return counts


def _grade_locally(root, todo, workers, budget, step_limit, log, progress):
    """Grade ``todo`` [(assignment, student, folder, stamp, note, receipt)] in grading processes forked here, at
    most ``workers`` at a time, and store each grade from this process."""
    scratch = new_job_folder()
    pending, running, unstored, done = deque(todo), [], [], 0

    def start_more():
        while pending and len(running) < workers:
            assignment, student, folder, stamp, note, receipt = pending.popleft()
            arguments = (root, folder, assignment, student, load_source(assignment), scratch, budget, note,
                         receipt.notes)
            running.append(start(_grade_in_child, arguments, (assignment, student, stamp, receipt), "read", step_limit))

    try:
        start_more()
        while running:
            child, finished = wait_any(running)
            running.remove(child)
            start_more()  # the next submission runs while this one's grade is stored
            assignment, student, stamp, receipt = child.key
            if finished.failure:
                clean_up_after(scratch, student, assignment)
                unstored.append((grade_of_failed_process(student, assignment, finished), "", receipt, False))
            else:
                unstored.append((SubmissionGrade.from_plain(finished.value), stamp, receipt, True))
            if len(unstored) < STORE_TOGETHER and running:
                continue
            for grade in store_grades_together(root, unstored, step_limit, log):
                done += 1
                if progress is not None:
                    progress(done, len(todo))
                if grade is not None:
                    log_grade(grade, log)
            unstored.clear()
    finally:
        for child in running:
            kill(child)
            assignment, student, _, _ = child.key
            clean_up_after(scratch, student, assignment)
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv=None):
    parser = command_parser("python -m autograder.safe.batch", __doc__)
    add_assignments(parser)
    add_root(parser)
    add_workers(parser)
    parser.add_argument("--budget", type=float, default=SETTINGS.notebook_budget_seconds, help="seconds of wall time per notebook")
    parser.add_argument("--step-limit", type=float, default=None,
                        help=f"seconds for each step of a submission outside the sandbox (default: "
                             f"${STEP_LIMIT_VARIABLE} or {SETTINGS.grader_step_limit_seconds:g})")
    parser.add_argument("--force", action="store_true", help="regrade submissions already graded")
    parser.add_argument("--student", action="append", default=None, metavar="ID",
                        help="grade this student's submission only (may be given more than once)")
    parser.add_argument("--scheduler", default=None, help=SCHEDULER_HELP)
    arguments = parser.parse_args(argv)
    unknown = [a for a in arguments.assignments if a not in assignments()]
    if unknown:
        parser.error(f"no such assignment: {', '.join(map(shown, unknown))} (known: {', '.join(assignments())})")
    released_or_exit(parser, arguments.root, arguments.assignments)
    scheduler = arguments.scheduler or scheduler_from_environment()
    print(how_student_code_runs(scheduler), flush=True)
    started = time.perf_counter()
    counts = grade_assignments(arguments.root, arguments.assignments, arguments.workers, arguments.budget,
                               arguments.force, step_limit=arguments.step_limit, students=arguments.student,
                               scheduler=scheduler)
    for assignment, (graded, skipped) in counts.items():
        if arguments.student and not graded + skipped:
            print(f"{assignment}: no submission of {', '.join(map(shown, arguments.student))} in "
                  f"{Path(arguments.root) / 'submitted'} (collect it first)", flush=True)
            return 1
        print(f"{assignment}: graded {graded}, already graded {skipped}", flush=True)
    print(f"in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
