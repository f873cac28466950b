"""formgrader's Autograde button, graded by the safe pipeline.

formgrader runs its buttons through nbgrader's ``NbGraderAPI``; its
**Autograde** (Manage Submissions, one submission) would run nbgrader's own
Autograde converter: the student's code in a kernel with the course
account's rights, unconfined, its scores written over the safe pipeline's.
nbgrader_config.py calls ``grade_formgrader_submissions_safely``, which puts
``SafeAutograde`` in its place in that API: the button then grades the one
submission with ``python -m autograder.safe.batch ASSIGNMENT --student ID
--force``, in a process of its own (bubblewrap, the time limits, the
gradebook, the result file and the autograded notebook exactly as the batch
writes them), and formgrader's log window shows what it printed.

The command line's ``nbgrader autograde`` stays nbgrader's own (plain and
unconfined, as the README says).
"""

import subprocess
import sys

import nbgrader.apps.api
from nbgrader.converters import Autograde
from nbgrader.converters.base import NbGraderException

from .course import AUTOGRADER
from .nbgrader_steps import nbgrader_env


def safe_grading_command(root, assignment, student):
    """The safe pipeline's command for one submission, regraded whether or not it was graded before."""
    return [sys.executable, "-m", "autograder.safe.batch", f"--root={root}", f"--student={student}", "--force",
            "--", assignment]


class SafeAutograde(Autograde):
    """nbgrader's Autograde for one submission (``coursedir.assignment_id``, ``coursedir.student_id``), done by the
    safe pipeline in a process of its own."""

    def start(self):
        root, assignment, student = self.coursedir.root, self.coursedir.assignment_id, self.coursedir.student_id
        command = safe_grading_command(root, assignment, student)
        self.log.info("Grading %s of %s with the safe pipeline (confined): %s", assignment, student,
                      " ".join(command[1:]))
        finished = subprocess.run(command, cwd=AUTOGRADER, env=nbgrader_env(root), stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, errors="replace")
        for line in finished.stdout.splitlines():
            self.log.info("%s", line)
        if finished.returncode != 0:
            raise NbGraderException(f"the safe pipeline did not grade {assignment} of {student} "
                                    f"(exit {finished.returncode}); its output is above")


def grade_formgrader_submissions_safely():
    """Make formgrader's Autograde button (nbgrader's API in this process) grade with the safe pipeline."""
    nbgrader.apps.api.Autograde = SafeAutograde
