"""nbgrader settings for the course: the one place that says how grading is configured.

Run nbgrader's commands from this folder (``cd autograder``). The course root
is this folder unless COURSE_ROOT names another (the demo grades in
build/demo-course so as not to mix example students with a real class).
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "self-attention"
c.CourseDirectory.root = os.environ.get("COURSE_ROOT", str(HERE))
# The instructor sources live in the repository's notebooks/ folder, one
# folder per assignment: notebooks/<assignment>/<assignment>.ipynb.
c.CourseDirectory.source_directory = str(HERE.parent / "notebooks")
# A submission may carry the student's copy of course_lib (the release ships
# one); grading must import the grader's own, so it is not copied for grading.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "course_lib"]

# Every notebook runs in well under a minute; a kernel that takes longer is stuck.
c.Execute.timeout = 120
