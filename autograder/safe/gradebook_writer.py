"""Write one submission's points into the nbgrader gradebook, in a single transaction.

The submission's records (student, submitted assignment and notebook, one
grade per graded cell) are created if missing and every score is set before
the one commit: an interrupted grader leaves either all of a submission's
scores or none of them. Setting a score is idempotent, so a regrade changes
nothing that was right.
"""

from contextlib import closing

from nbgrader.api import (Comment, Grade, Gradebook, MissingEntry, Student, SubmittedAssignment,
                          SubmittedNotebook)


def _submission(gradebook, assignment, student):
    try:
        return gradebook.find_submission(assignment, student)
    except MissingEntry:
        pass
    try:
        person = gradebook.find_student(student)
    except MissingEntry:
        person = Student(id=student)
        gradebook.db.add(person)
    with gradebook.db.no_autoflush:
        submission = SubmittedAssignment(assignment=gradebook.find_assignment(assignment), student=person)
        for notebook in submission.assignment.notebooks:
            submitted = SubmittedNotebook(notebook=notebook, assignment=submission)
            for cell in notebook.grade_cells:
                Grade(cell_id=cell.id, notebook=submitted)
            for cell in notebook.solution_cells:
                Comment(cell_id=cell.id, notebook=submitted)
        gradebook.db.add(submission)
    return submission


def students_in_gradebook(db_url, assignment):
    """The ids of the students with a submission of ``assignment`` in the gradebook (empty if it has none)."""
    with closing(Gradebook(db_url)) as gradebook:
        return {submission.student_id for submission in gradebook.assignment_submissions(assignment)}


def record_scores(db_url, assignment, student, results, timestamp=None):
    """Set the auto score of each graded cell in ``results`` ([CellResult]) for one student.

    An assignment of the course is one notebook of the same name (``course.source_notebook``): the gradebook's
    notebook is ``assignment``."""
    with closing(Gradebook(db_url)) as gradebook:
        session = gradebook.db
        try:
            submission = _submission(gradebook, assignment, student)
            if timestamp is not None:
                submission.timestamp = timestamp
            session.flush()
            for result in results:
                grade = gradebook.find_grade(result.grade_id, assignment, assignment, student)
                grade.auto_score = result.points
                grade.needs_manual_grade = False
            session.commit()
        except Exception:
            session.rollback()
            raise
