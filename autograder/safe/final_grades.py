"""Each graded cell's points as they stand: the autograder's, unless an instructor graded it by hand.

The safe pipeline's result files (grading/<assignment>/<student>.json) hold
what the autograder found; a manual grade given later in formgrader lives
only in the gradebook (nbgrader's ``Grade.manual_score``), and so does a
comment (``Comment.manual_comment``, on a solution cell; it counts for the
graded cell of that exercise, ``course.checked_by``). Every export and
report reads the result files through ``final_documents``, so a manual grade
of 1/2 shows as 1/2 everywhere, next to what the autograder had said, with
the instructor's comment.

A written question (graded by hand only) is in a result file's ``written``
list, "to grade by hand" with 0 points until an instructor grades it in
formgrader; then "graded by hand" with the manual score. ``graded_cells``
gives a document's autograded cells and written questions together.
"""

import json
from contextlib import closing

from nbgrader.api import Gradebook

from ..course import checked_by, gradebook_url
from .grading_run import result_path
from .verdicts import Status

AUTOGRADER, INSTRUCTOR = "autograder", "instructor"


def manual_scores(db_url, assignment):
    """{(student, grade cell): manual score} of every cell an instructor graded by hand in ``assignment``."""
    found = {}
    with closing(Gradebook(db_url)) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.manual_score is not None:
                        found[(submission.student_id, grade.name)] = float(grade.manual_score)
    return found


def comments_by_exercise(comments, exercise):
    """{graded cell: the instructor's comments on its exercise, one per line} of a submitted notebook's
    ``comments`` (nbgrader's Comment rows), ``exercise`` being ``course.checked_by`` of its assignment."""
    found = {}
    for comment in sorted(comments, key=lambda comment: comment.name):
        text = (comment.manual_comment or "").strip()
        if text:
            found.setdefault(exercise.get(comment.name, comment.name), []).append(text)
    return {graded: "\n".join(texts) for graded, texts in found.items()}


def manual_comments(db_url, assignment):
    """{(student, graded cell): the instructor's comments on that exercise in formgrader, one per line}."""
    exercise = checked_by(assignment)
    found = {}
    with closing(Gradebook(db_url)) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for graded, text in comments_by_exercise(notebook.comments, exercise).items():
                    found[(submission.student_id, graded)] = text
    return found


def with_manual_score(cell, manual, comment=""):
    """A copy of a result file's ``cell``: ``points`` the manual score when there is one, ``auto_points`` the
    autograder's, ``graded_by`` who set ``points``, ``comment`` the instructor's (empty when none). A written
    question graded by hand has the status "graded by hand"."""
    final = dict(cell, auto_points=cell["points"], graded_by=AUTOGRADER, comment=comment)
    if manual is not None:
        final.update(points=manual, graded_by=INSTRUCTOR)
        if cell["status"] == Status.TO_GRADE_BY_HAND:
            final.update(status=Status.GRADED_BY_HAND.value, reason="")
    return final


def waiting_for_grader(cell):
    """Whether a cell (of ``final_documents``) is a written answer no instructor has graded yet."""
    return cell["status"] == Status.TO_GRADE_BY_HAND


def graded_cells(document):
    """A document's autograded cells, then its written questions (the same cells, in the same order, in every
    document of an assignment)."""
    return document["cells"] + document.get("written", [])


def full_marks(cell):
    """Whether a cell (of ``final_documents``) has all its points: passed, or given them by hand."""
    return cell["points"] >= cell["max_points"]


def final_documents(root, assignment, db_url=None):
    """The result documents of ``assignment``, sorted by file name, each cell ``with_manual_score``."""
    files = sorted(result_path(root, assignment, "any").parent.glob("*.json"))
    if not files:
        return []
    manual = manual_scores(db_url or gradebook_url(root), assignment)
    comments = manual_comments(db_url or gradebook_url(root), assignment)
    documents = []
    for path in files:
        document = json.loads(path.read_text())
        for part in ("cells", "written"):
            document[part] = [with_manual_score(cell, manual.get((document["student"], cell["grade_id"])),
                                                comments.get((document["student"], cell["grade_id"]), ""))
                              for cell in document.get(part, [])]
        documents.append(document)
    return documents
