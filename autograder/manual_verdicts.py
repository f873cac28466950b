"""The verdict lines of the feedback, written again over an instructor's manual grades and comments.

The safe pipeline's autograded notebook shows, under each test cell, the
autograder's verdict ("✗ failed (0/2): ..."). When an instructor then grades
that cell by hand in formgrader, nbgrader's feedback shows the manual score
in the cell's header, and the line under it would still say 0/2.
nbgrader_config.py puts ``ManualGradeVerdicts`` first among
generate_feedback's preprocessors: for every test cell whose grade has a
manual score it writes the line anew ("✎ graded by hand (1/2); the
automatic check had found: failed (0/2): ..."), from the verdict kept in the
cell's metadata (``feedback_notebook.VERDICT``) and the gradebook. An
instructor's comment on an exercise (on its solution cell in formgrader)
is added under the verdict of the exercise's test cell.
"""

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

from course_lib.language import declared_language, speaking

from .course import checked_by
from .safe.feedback_notebook import VERDICT, verdict_output
from .safe.final_grades import comments_by_exercise


class ManualGradeVerdicts(NbGraderPreprocessor):
    """Rewrite the verdict line of each test cell graded by hand (nbgrader's generate_feedback)."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        try:
            with Gradebook(info["db_url"]) as gradebook:
                submitted = gradebook.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
                manual = {grade.name: grade.manual_score for grade in submitted.grades}
                comments = comments_by_exercise(submitted.comments, checked_by(info["assignment"]))
        except MissingEntry:
            return nb, resources
        for cell in nb.cells:
            verdict = cell.get("metadata", {}).get(VERDICT)
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            comment = comments.get(grade_id, "")
            if isinstance(verdict, dict) and (manual.get(grade_id) is not None or comment):
                score = manual.get(grade_id)
                with speaking(declared_language(nb)):  # the edition the student submitted
                    cell.outputs = [verdict_output(verdict, None if score is None else float(score), comment)]
        return nb, resources
