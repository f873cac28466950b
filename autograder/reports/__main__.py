"""Write every report for a graded course root.

    python -m autograder.reports [--root ROOT] [ASSIGNMENT ...]

grades_by_exercise.csv, canvas_grades.csv, moodle_grades.csv and the class
report (class_report.md, .csv, .png), for the given assignments (default:
all). Run it after the safe pipeline (``python -m autograder.safe.batch``).
"""

import argparse
import os

from ..course import AUTOGRADER, assignments
from ..safe.export import export_details
from .class_report import write_class_report
from .lms_export import write_lms_exports


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.reports", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--root", default=os.environ.get("COURSE_ROOT", str(AUTOGRADER)))
    arguments = parser.parse_args(argv)
    chosen = arguments.assignments or assignments()
    written = [export_details(arguments.root, chosen), *write_lms_exports(arguments.root, chosen),
               *write_class_report(arguments.root, chosen)]
    for path in written:
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
