"""The submissions an instructor should look at: what the autograder could not settle, with a link to each.

Every graded cell the safe pipeline marked "suspected tampering", "not
gradable" or "error" (the student's function raised, or is missing), and
every written answer still "to grade by hand", is one line of review_queue.csv and review_queue.md: the student, the assignment,
the cell, the status, the reason the student was given, and the link that
opens the submission in formgrader (``FORMGRADER_URL``, the address of
formgrader's page; under JupyterHub the instructor's server's or the
formgrader service's, e.g. https://hub.example.org/services/formgrader/formgrader).
A cell an instructor has since graded by hand is off the queue.
"""

import os
from contextlib import closing
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from ..course import gradebook_url
from ..safe.final_grades import INSTRUCTOR, final_documents, graded_cells
from ..safe.shown_text import SpreadsheetWriter, markdown_escaped
from ..safe.verdicts import Status

REVIEW_STATUSES = (Status.SUSPECTED_TAMPERING, Status.NOT_GRADABLE, Status.ERROR, Status.TO_GRADE_BY_HAND)
FORMGRADER_URL = os.environ.get("FORMGRADER_URL", "http://localhost:8888/formgrader")


@dataclass(frozen=True)
class Review:
    student: str
    assignment: str
    cell: str
    status: str
    reason: str
    link: str


def _links(db_url, assignment, students, base):
    """{student: formgrader's address of their submitted notebook} (the notebook has the assignment's name)."""
    links = {}
    with closing(Gradebook(db_url)) as gradebook:
        for student in students:
            try:
                notebook = gradebook.find_submission_notebook(assignment, assignment, student)
            except MissingEntry:
                continue
            links[student] = f"{base.rstrip('/')}/submissions/{notebook.id}/?index=0"
    return links


def review_queue(root, assignments, base=FORMGRADER_URL):
    """[Review] of every cell of ``assignments`` that needs an instructor's eyes, by assignment and student."""
    queue = []
    for assignment in assignments:
        pending = [(document["student"], cell) for document in final_documents(root, assignment)
                   for cell in graded_cells(document)
                   if cell["status"] in REVIEW_STATUSES and cell["graded_by"] != INSTRUCTOR]
        links = _links(gradebook_url(root), assignment, {student for student, _ in pending}, base)
        queue += [Review(student, assignment, cell["grade_id"], cell["status"], cell["reason"], links.get(student, ""))
                  for student, cell in pending]
    return queue


def write_review_queue(root, assignments, base=FORMGRADER_URL):
    """review_queue.csv and review_queue.md in ``root``; returns their paths and the queue."""
    root = Path(root)
    queue = review_queue(root, assignments, base)
    csv_path, md_path = root / "review_queue.csv", root / "review_queue.md"
    columns = [field.name for field in fields(Review)]
    with open(csv_path, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow(columns)
        for review in queue:
            writer.writerow(astuple(review))
    lines = ["# Submissions to review", "",
             f"{len(queue)} graded cells the autograder could not settle "
             f"({', '.join(REVIEW_STATUSES)}). Open each in formgrader, grade it by hand, "
             "then run the week's grading again to regenerate the feedback.", ""]
    if queue:
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for review in queue:
            shown = [markdown_escaped(text, limit=300) for text in astuple(review)[:-1]]
            link = f"[open in formgrader]({review.link})" if review.link else ""
            lines.append("| " + " | ".join(shown + [link]) + " |")
    md_path.write_text("\n".join(lines) + "\n")
    return csv_path, md_path, queue
