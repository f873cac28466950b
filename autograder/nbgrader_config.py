"""nbgrader settings for the course: the one place that says how grading is configured.

Run nbgrader's commands from this folder (``cd autograder``). The course root
is this folder unless COURSE_ROOT names another (the demo grades in
build/demo-course so as not to mix example students with a real class).
A course root of its own (one of several courses on a JupyterHub,
docs/jupyterhub.md) holds an nbgrader_config.py naming its course_id and
exchange; it is read last, so nbgrader's commands, the safe pipeline and
the course's formgrader all see the same course.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "self-attention"
c.CourseDirectory.root = os.environ.get("COURSE_ROOT", str(HERE))
# The gradebook: nbgrader's SQLite file in the course root, unless COURSE_DB_URL names
# another database, e.g. postgresql://grader@db.example.org/course for a class with several graders.
# A password in it moves to PGPASSWORD, so that formgrader's configuration panel never shows it.
if os.environ.get("COURSE_DB_URL"):
    from autograder.course import db_url_for_config  # noqa: E402

    c.CourseDirectory.db_url = db_url_for_config(os.environ["COURSE_DB_URL"])
# The instructor sources live in the repository's notebooks/ folder, one
# folder per assignment: notebooks/<assignment>/<assignment>.ipynb; a course root
# of its own reaches them through its link source/ (made by the release step),
# so that formgrader's link to an assignment's source opens in its server.
from autograder.course import source_directory  # noqa: E402

c.CourseDirectory.source_directory = str(source_directory(c.CourseDirectory.root))
# A submission may carry the student's copy of course_lib (the release ships
# one); grading must import the grader's own, so it is not copied for grading.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "course_lib"]
# ... but release_assignment must hand it out: the released notebooks import it.
c.ReleaseAssignmentApp.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Every notebook runs in well under a minute; a kernel that takes longer is stuck.
c.Execute.timeout = 120

# Feedback: the verdict lines under the test cells follow an instructor's manual grades
# (autograder.manual_verdicts), and feedback is always written anew, so that generating it
# again after a manual grade in formgrader needs no --force.
c.GenerateFeedback.preprocessors = ["autograder.manual_verdicts.ManualGradeVerdicts",
                                    "nbgrader.preprocessors.ClearMarkScheme",  # the rubric is the grader's
                                    "nbgrader.preprocessors.GetGrades",
                                    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]
c.GenerateFeedback.force = True

# A late submission: nbgrader's LateSubmissionPlugin, applied by the safe pipeline as by autograde
# (autograder.safe.lateness). Its penalty_method "none" records the lateness and takes nothing off;
# "zero" gives a late submission no points. A plugin of your own: c.AssignLatePenalties.plugin_class.
c.LateSubmissionPlugin.penalty_method = "none"

# The exchange that release_assignment, fetch, submit and collect share (mode 1777, made by `python -m autograder.exchange`).
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", str(HERE.parent / "build" / "exchange"))
# collect copies regular files only: nbgrader's own copy follows a link a student planted in the
# exchange (to the instructor's source, a classmate's work, /dev/zero) and blocks on a FIFO.
c.ExchangeFactory.collect = "autograder.collect.LinkSafeCollect"
# A student id with [ ] is a folder name, not a glob pattern (nbgrader would find no notebook in it).
from autograder.nbgrader_paths import take_folder_names_literally  # noqa: E402

take_folder_names_literally()
# formgrader's Autograde button grades with the safe pipeline, confined (autograder.formgrader_buttons);
# its Generate button keeps the student course_lib beside the released notebooks (autograder.release).
from autograder.formgrader_buttons import grade_formgrader_submissions_safely  # noqa: E402

grade_formgrader_submissions_safely()
c.GenerateAssignment.post_convert_hook = "autograder.release.keep_student_course_lib"

# The course root's own settings (course_id, exchange) win over the defaults above.
_course_config = Path(c.CourseDirectory.root) / "nbgrader_config.py"
if _course_config.is_file() and _course_config.resolve() != Path(__file__).resolve():
    load_subconfig(str(_course_config))  # noqa: F821 (traitlets provides load_subconfig)
