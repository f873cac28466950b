"""The student release: what a class receives, and nothing more.

``nbgrader generate_assignment`` writes each notebook without solutions or
hidden tests into ``release/<assignment>/``. The notebooks import course_lib
for their instant checks and pictures, so a copy of the student edition of
course_lib goes beside each released notebook: the library without its
reference answers (``course_lib/reference``), whose instant checks compare
with the stored answers in ``course_lib/check_data``.
"""

import shutil
from pathlib import Path

import course_lib

COURSE_LIB = Path(course_lib.__file__).resolve().parent
# Folders of course_lib that stay with the instructor.
INSTRUCTOR_ONLY = ("reference",)


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
