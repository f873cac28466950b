"""Write every report for a graded course root.

    python -m autograder.reports [--root ROOT] [ASSIGNMENT ...]

grades_by_exercise.csv, canvas_grades.csv, moodle_grades.csv, the class
report (class_report.md, .csv, .png) and the review queue (review_queue.md,
.csv), for the given assignments (default:
every assignment released so far, i.e. known to the gradebook). Run it after
the safe pipeline (``python -m autograder.safe.batch``).
"""

import argparse
import os
import sys

from ..course import AUTOGRADER
from ..released import released_or_exit
from .grades_by_exercise import export_details
from .class_report import write_class_report
from .lms_export import add_moodle_match_option, write_lms_exports
from .review_queue import write_review_queue


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.reports", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--root", default=os.environ.get("COURSE_ROOT", str(AUTOGRADER)))
    add_moodle_match_option(parser)
    arguments = parser.parse_args(argv)
    released = released_or_exit(parser, arguments.root, arguments.assignments)
    chosen = arguments.assignments or released
    if not chosen:
        print("no assignment released yet: nothing to report (release one with "
              "python -m autograder.pipeline release ASSIGNMENT)", file=sys.stderr)
        return 1
    written = [export_details(arguments.root, chosen), *write_lms_exports(arguments.root, chosen, arguments.moodle_match),
               *write_class_report(arguments.root, chosen), *write_review_queue(arguments.root, chosen)[:2]]
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
