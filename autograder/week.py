"""The week's grading in one command: collect, grade safely, feedback, release it, exports and reports.

    ./course.sh grade ASSIGNMENT ...          (python -m autograder.week ASSIGNMENT ...)

For each assignment named (it must be released: known to the gradebook):

1. ``nbgrader collect --update``: the newest submission of each student from
   the exchange into submitted/ (links and FIFOs left out, autograder.collect);
   with ``--no-collect``, what submitted/ already holds;
2. the safe pipeline (``autograder.safe.batch``): every submission not graded
   yet, confined, with a progress bar; a submission graded before and
   unchanged is left as it is, so the command can be stopped and run again;
3. ``nbgrader generate_feedback`` (over manual grades too) and
   ``nbgrader release_feedback``, so students fetch it from their Assignments
   panel (``--no-release`` keeps it with the instructor).

Then, over every released assignment: nbgrader's grades.csv, the grades per
exercise, the Canvas and Moodle files, the class report and the review queue
(``autograder.reports.review_queue``); last, a summary per assignment:
graded now, already graded, late, to review, written answers to grade by hand.
"""

import re
import sys
import time
from contextlib import closing
from pathlib import Path

from nbgrader.api import Gradebook
from tqdm import tqdm

from . import nbgrader_steps
from .course import gradebook_url
from .options import add_assignments, add_root, add_workers, command_parser, released_arguments
from .released import released_assignments
from .reports.class_report import write_class_report
from .reports.grades_by_exercise import export_details
from .reports.lms_export import add_moodle_match_option, write_lms_exports
from .reports.review_queue import write_review_queue
from .safe.batch import grade_assignment
from .safe.cluster import SCHEDULER_HELP, how_student_code_runs, scheduler_from_environment
from .safe.shown_text import shown
from .safe.verdicts import Status

_SCORE_LINE = re.compile(r": [0-9.]+/[0-9.]+ \(")  # the batch's line for a graded submission


def late_students(db_url, assignment):
    """The ids of the students whose submission of ``assignment`` came after its due date (nbgrader's count)."""
    with closing(Gradebook(db_url)) as gradebook:
        return sorted(s.student_id for s in gradebook.assignment_submissions(assignment) if s.total_seconds_late > 0)


def _step(root, out, *arguments):
    """An nbgrader step (its output in the course root's nbgrader.log); a failure is a warning on ``out`` (the
    rest of the week goes on), returned as False."""
    try:
        nbgrader_steps.run(root, *arguments, log=Path(root) / "nbgrader.log")
        return True
    except nbgrader_steps.StepFailed as error:
        print(f"  WARNING: {error}", file=out, flush=True)
        return False


def _named(students, limit=10):
    """" (ada, ben)" for a short list of ids, the first ``limit`` and "…" for a long one, "" for none."""
    if not students:
        return ""
    return " (" + ", ".join(map(shown, students[:limit])) + (", …" if len(students) > limit else "") + ")"


def grade_week(root, chosen, collect=True, release=True, workers=None, moodle_match="username", out=sys.stdout,
               scheduler=None):
    """Run the week's steps for ``chosen`` (released assignments); return {assignment: summary dict}.

    ``scheduler``: grade on that Dask scheduler's workers (default: ``COURSE_DASK_SCHEDULER``, else here)."""
    root = Path(root)
    scheduler = scheduler_from_environment() if scheduler is None else scheduler
    print(how_student_code_runs(scheduler), file=out, flush=True)
    summary = {}
    for assignment in chosen:
        print(f"{assignment}:", file=out, flush=True)
        if collect:
            _step(root, out, "collect", "--update", assignment)
        tqdm.monitor_interval = 0  # no monitor thread: the batch forks a process per submission (safe.boundary)
        bar = tqdm(desc=f"  grading {assignment}", unit="submission", file=out, leave=True, disable=None)
        lines = []

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        started = time.perf_counter()
        graded, skipped = grade_assignment(root, assignment, workers, log=lines.append, progress=progress,
                                           scheduler=scheduler)
        bar.close()
        for line in lines:  # what went wrong with a submission; each graded one's points are in the files
            if not _SCORE_LINE.search(line):
                print(line, file=out, flush=True)
        print(f"  graded {graded}, already graded {skipped}, in {time.perf_counter() - started:.1f} s", file=out,
              flush=True)
        feedback = _step(root, out, "generate_feedback", assignment)
        released = release and feedback and _step(root, out, "release_feedback", assignment)
        summary[assignment] = {"graded": graded, "already graded": skipped,
                               "late": late_students(gradebook_url(root), assignment),
                               "feedback released": released}
    every = released_assignments(gradebook_url(root))
    grades = root / "grades.csv"
    _step(root, out, "export", "--to", str(grades))
    lms_files = write_lms_exports(root, every, moodle_match, log=lambda line: print(f"  {line}", file=out))
    written = [grades, export_details(root, every), *lms_files, *write_class_report(root, every)]
    review_csv, review_md, queue = write_review_queue(root, every)
    for assignment in chosen:
        mine = [r for r in queue if r.assignment == assignment]
        summary[assignment]["to review"] = sorted({r.student for r in mine if r.status != Status.TO_GRADE_BY_HAND})
        summary[assignment]["to grade by hand"] = len([r for r in mine if r.status == Status.TO_GRADE_BY_HAND])
    print_summary(summary, [*written, review_csv, review_md], review_md, out)
    return summary


def print_summary(summary, written, review, out):
    print("\nSummary", file=out)
    for assignment, facts in summary.items():
        late, to_review = facts["late"], facts["to review"]
        by_hand = f", written answers to grade by hand {facts['to grade by hand']}" if facts.get("to grade by hand") else ""
        print(f"  {assignment}: graded now {facts['graded']}, already graded {facts['already graded']}, "
              f"late {len(late)}{_named(late)}, to review {len(to_review)}{_named(to_review)}{by_hand}; feedback {'released' if facts['feedback released'] else 'NOT released'}",
              file=out)
    print(f"  review queue: {review}", file=out)
    print("  written: " + ", ".join(str(path) for path in written), file=out, flush=True)


def main(argv=None):
    parser = command_parser("./course.sh grade", __doc__)
    add_assignments(parser)
    add_root(parser)
    add_workers(parser)
    parser.add_argument("--no-collect", action="store_true", help="grade what submitted/ holds, collect nothing")
    parser.add_argument("--no-release", action="store_true", help="generate feedback, release none of it")
    parser.add_argument("--scheduler", default=None, help=SCHEDULER_HELP)
    add_moodle_match_option(parser)
    arguments, _ = released_arguments(parser, argv)
    grade_week(arguments.root, arguments.assignments, not arguments.no_collect, not arguments.no_release,
               arguments.workers, moodle_match=arguments.moodle_match, scheduler=arguments.scheduler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
