"""The student release: what a class receives, and nothing more.

``nbgrader generate_assignment`` writes each notebook without solutions or
hidden tests into ``release/<assignment>/``. The notebooks import course_lib
for their instant checks and pictures, so a copy of the student edition of
course_lib goes beside each released notebook: the library without its
reference answers (``course_lib/reference``), whose instant checks compare
with the stored answers in ``course_lib/check_data``.

generate_assignment, run again with ``--force`` or by formgrader's Generate
button, deletes the release folder and writes only the notebooks;
nbgrader_config.py makes ``keep_student_course_lib`` its post-convert hook,
so that every generated release has its course_lib again.
"""

import os
import shutil
from pathlib import Path

import course_lib

from .course import AUTOGRADER

COURSE_LIB = Path(course_lib.__file__).resolve().parent
# What of course_lib stays with the instructor: the reference answers, and the model answers' reader (it reads
# the instructor's sources, which a release has not; there show_model_answer says the instructor hands them out).
INSTRUCTOR_ONLY = ("reference", "model_answers.py")


def _ignored(folder, names):
    skip = {"__pycache__"}
    if Path(folder).resolve() == COURSE_LIB:
        skip.update(INSTRUCTOR_ONLY)
    return [name for name in names if name in skip or name.endswith(".pyc")]


def add_student_course_lib(assignment_folder):
    """Copy the student edition of course_lib into a released assignment folder."""
    target = Path(assignment_folder) / "course_lib"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(COURSE_LIB, target, ignore=_ignored)
    return target


def keep_student_course_lib(assignment, student, notebooks):
    """generate_assignment's post-convert hook: the student course_lib beside the notebooks just released.

    nbgrader passes the source notebooks it converted; each one's assignment is its folder's name, and the
    release folder is release/<assignment>/ in the course root (COURSE_ROOT, as nbgrader_config.py reads it).
    """
    root = Path(os.environ.get("COURSE_ROOT", str(AUTOGRADER)))
    for name in sorted({Path(notebook).parent.name for notebook in notebooks}):
        add_student_course_lib(root / "release" / name)
