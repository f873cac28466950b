"""The instructor's pipeline, with nbgrader's own commands.

    python -m autograder.pipeline demo            the whole pipeline on the bundled example submissions
    python -m autograder.pipeline release [IDS]   the student release of the course in autograder/
    python -m autograder.pipeline release --lang zh-TW   the same release in Chinese (zh-CN likewise)
    python -m autograder.pipeline learner         a self-paced learner's copy of the notebooks in learner/
    python -m autograder.pipeline learner --lang zh-TW   the same in Chinese, in learner-zh-TW/ (zh-CN likewise)

``demo`` works in a course root of its own (build/demo-course, made anew each
run): generate the student release, put each example student's submission
where ``nbgrader collect`` would, autograde, generate feedback, export the
grades, and print each student's points.
"""

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import nbformat

from . import nbgrader_steps
from .course import AUTOGRADER, REPO, assignments, gradebook_url, link_sources, source_directory
from .editions import LANGUAGES
from .editions.build import released_in
from .reports.gradebook_tables import format_tables, points_by_student, waiting_for_grader
from .reports.class_report import write_class_report
from .reports.lms_export import write_lms_exports
from .reports.review_queue import write_review_queue
from .safe.batch import grade_assignments
from .reports.grades_by_exercise import export_details
from .safe.sandbox import confinement
from .submissions import EXAMPLES, build_submission, example_students

DEMO_ROOT = REPO / "build" / "demo-course"
LEARNER = REPO / "learner"


class Timer:
    def __init__(self):
        self.started = time.perf_counter()

    def lap(self, what):
        now = time.perf_counter()
        print(f"  {what}: {now - self.started:.1f} s", flush=True)
        self.started = now


def release(root, log, chosen=None, language="en"):
    """generate_assignment for each assignment, the student course_lib beside each (its post-convert hook,
    ``release.keep_student_course_lib``); a course root of its own first gets its link to the sources
    (``course.link_sources``).

    In another language (an edition of ``autograder.editions``) each released
    notebook with a catalogue has its prose translated, its locked cells'
    checksums made true for the translated text, and its language in its
    metadata, so that course_lib speaks it; its code cells, grade ids and
    points are the English ones, so the gradebook and hidden tests serve it.
    """
    link_sources(root)
    chosen = chosen or assignments()
    nbgrader_steps.run_for_assignments(root, "generate_assignment", chosen, source_directory(root).iterdir(), "--force",
                                       log=log)
    for assignment in chosen:
        folder = Path(root) / "release" / assignment
        if not (folder / "course_lib").is_dir():
            raise nbgrader_steps.StepFailed(f"generate_assignment {assignment} left no course_lib in {folder} "
                                            f"(its post-convert hook, see {log})")
        if language != "en":
            path = folder / f"{assignment}.ipynb"
            nbformat.write(released_in(nbformat.read(path, as_version=4), assignment, language), path)


# The example class is mixed: two students take a Chinese edition (the same code cells, so the same points,
# into the one gradebook; their feedback is in their edition's language).
EXAMPLE_EDITIONS = {"ben-mistakes": "zh-TW", "cy-raises": "zh-CN"}


def submit_examples(root):
    """Each example student's answers, filled into the release (in the student's edition), placed in submitted/."""
    for student in example_students():
        for assignment in assignments():
            build_submission(Path(root) / "release" / assignment,
                             EXAMPLES / student / f"{assignment}.py",
                             Path(root) / "submitted" / student / assignment,
                             EXAMPLE_EDITIONS.get(student, "en"))


def grade(root, log):
    """Autograde (the safe pipeline, every assignment in one queue), then nbgrader's feedback and export; returns
    the CSVs' paths."""
    print(f"  {confinement()}", flush=True)
    grade_assignments(root, assignments(), log=lambda line: None)
    try:
        nbgrader_steps.run_for_assignments(root, "generate_feedback", assignments(),
                                           Path(root).glob("autograded/*/*"), "--force", log=log)
    except nbgrader_steps.StepFailed as error:  # nbgrader wrote every other student's feedback first
        print(f"  WARNING: feedback incomplete: {error}", flush=True)
    csv = Path(root) / "grades.csv"
    nbgrader_steps.run(root, "export", "--to", str(csv), log=log)
    return [csv, export_details(root, assignments()), *write_lms_exports(root, assignments()),
            *write_class_report(root, assignments()), *write_review_queue(root, assignments())[:2]]


def demo(root=DEMO_ROOT):
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    log = root / "nbgrader.log"
    print(f"Course root: {root}  (nbgrader's output: {log})")
    timer = Timer()
    release(root, log)
    timer.lap("student release (nbgrader generate_assignment)")
    submit_examples(root)
    editions = ", ".join(f"{student} in {language}" for student, language in EXAMPLE_EDITIONS.items())
    timer.lap(f"example submissions ({len(example_students())} students; a mixed class: {editions})")
    csv, details, canvas, moodle, moodle_items, report_csv, report_md, report_png, _, review = grade(root, log)
    timer.lap("autograde (confined, parallel), feedback, exports and class report")
    print(format_tables(points_by_student(gradebook_url(root), assignments()), assignments(),
                        waiting_for_grader(gradebook_url(root), assignments())))
    print(f"\nFeedback (one HTML file per student and notebook): {root / 'feedback'}")
    print(f"Grades (nbgrader's CSV export): {csv}")
    print(f"Grades per exercise, with status, mistake and reason: {details}")
    print(f"Grades for an LMS: {canvas} (Canvas), {moodle} (Moodle; its grade items' maxima: {moodle_items})")
    print(f"What the class got wrong: {report_md} (table), {report_png} (chart), {report_csv}")
    print(f"Submissions to review (tampering, not gradable, errors), with formgrader links: {review}")
    print(f"Student release: {root / 'release'}")
    return root


def learner(folder=None, language="en", only=None):
    """Student versions of every notebook (or of those in ``only``) in ``folder``, keeping any the learner already has.

    No course_lib is copied beside them, so they import the full course_lib of
    this repository: instant checks and the reference answers to compare with.
    In another language (``language``, an edition of ``autograder.editions``) the
    folder is learner-<language>/ and holds the notebooks translated so far;
    the others stay in English there.
    """
    folder = Path(folder) if folder else LEARNER if language == "en" else REPO / f"learner-{language}"
    scratch = REPO / "build" / "learner-course"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    chosen = only or assignments()
    nbgrader_steps.run_for_assignments(scratch, "generate_assignment", chosen, source_directory(scratch).iterdir(),
                                       "--force", log=scratch / "nbgrader.log")
    for assignment in chosen:
        target = folder / assignment / f"{assignment}.ipynb"
        if target.exists():
            print(f"kept your {target}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        released = scratch / "release" / assignment / target.name
        nbformat.write(released_in(nbformat.read(released, as_version=4), assignment, language), target)
        print(f"wrote {target}")
    if language != "en":
        _jupyterlab_language(folder / JUPYTERLAB_SETTINGS, language)


JUPYTERLAB_SETTINGS = ".jupyterlab-settings"  # the learner's JupyterLab settings (./course.sh lab --lang)


def _jupyterlab_language(settings, language):
    """JupyterLab's own interface in ``language`` (its language pack is in requirements.txt)."""
    path = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"locale": language.replace("-", "_")}) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("job", choices=["demo", "release", "learner"])
    parser.add_argument("assignments", nargs="*", help="release: which assignments (default: all)")
    parser.add_argument("--lang", default="en", choices=["en", *LANGUAGES],
                        help="release and learner: the edition's language")
    parser.add_argument("--root", default=None, help="demo: course root to grade in, made anew "
                        f"(default {DEMO_ROOT}); release: course root (default {AUTOGRADER})")
    arguments = parser.parse_args(argv)
    try:
        if arguments.job == "demo":
            demo(arguments.root or DEMO_ROOT)
        elif arguments.job == "release":
            root = Path(arguments.root or AUTOGRADER)
            release(root, root / "nbgrader.log", arguments.assignments, arguments.lang)
            print(f"Student release{'' if arguments.lang == 'en' else f' ({arguments.lang})'}: {root / 'release'}")
        else:
            learner(language=arguments.lang)
    except nbgrader_steps.StepFailed as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
