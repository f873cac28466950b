"""Write every report for a graded course root.

    python -m autograder.reports [--root ROOT] [ASSIGNMENT ...]

grades_by_exercise.csv, canvas_grades.csv, moodle_grades.csv, the class
report (class_report.md, .csv, .png) and the review queue (review_queue.md,
.csv), for the given assignments (default:
every assignment released so far, i.e. known to the gradebook). Run it after
the safe pipeline (``python -m autograder.safe.batch``).
"""

import sys

from ..options import add_assignments, add_root, command_parser, released_arguments
from .class_report import write_class_report
from .grades_by_exercise import export_details
from .lms_export import add_moodle_match_option, write_lms_exports
from .review_queue import write_review_queue


def main(argv=None):
    parser = command_parser("python -m autograder.reports", __doc__)
    add_assignments(parser, required=False)
    add_root(parser)
    add_moodle_match_option(parser)
    arguments, released = released_arguments(parser, argv)
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
