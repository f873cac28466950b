"""Write one submission's points into the nbgrader gradebook, in a single transaction.

The submission's records (student, submitted assignment and notebook, one
grade per graded cell) are created if missing and every score is set before
the one commit: an interrupted grader leaves either all of a submission's
scores or none of them. Setting a score is idempotent, so a regrade changes
nothing that was right. Within ``one_transaction`` several submissions share
one transaction (one commit, all of them or none).
"""

from contextlib import closing, contextmanager

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
            for cell in notebook.task_cells:  # a written question: a grade an instructor gives, and a comment
                Comment(cell_id=cell.id, notebook=submitted)
                Grade(cell_id=cell.id, notebook=submitted)
        gradebook.db.add(submission)
    return submission


def students_in_gradebook(db_url, assignment):
    """The ids of the students with a submission of ``assignment`` in the gradebook (empty if it has none)."""
    with closing(Gradebook(db_url)) as gradebook:
        return {submission.student_id for submission in gradebook.assignment_submissions(assignment)}


# The transaction ``one_transaction`` holds open in this process, by gradebook: (Gradebook, late submissions).
_open = {}


@contextmanager
def one_transaction(db_url):
    """Within it, ``record_scores`` for ``db_url`` writes into one transaction, committed when the block ends (all
    of its submissions or, if anything raises, none). There ``record_scores`` also resets the late penalty of each
    submission on time, as nbgrader's AssignLatePenalties does for one; yields the list of (assignment, student) of
    each late submission, whose penalty the caller assigns after the commit (``lateness.assign_late_penalty``)."""
    with closing(Gradebook(db_url)) as gradebook:
        late = []
        _open[db_url] = (gradebook, late)
        try:
            yield late
            gradebook.db.commit()
        except BaseException:
            gradebook.db.rollback()
            raise
        finally:
            del _open[db_url]


def _set_scores(gradebook, assignment, student, results, timestamp):
    submission = _submission(gradebook, assignment, student)
    if timestamp is not None:
        submission.timestamp = timestamp
    gradebook.db.flush()
    for result in results:
        grade = gradebook.find_grade(result.grade_id, assignment, assignment, student)
        grade.auto_score = result.points
        grade.needs_manual_grade = False
    for grade in gradebook.find_submission_notebook(assignment, assignment, student).grades:
        if grade.cell_type == "markdown" and grade.manual_score is None:
            grade.auto_score, grade.needs_manual_grade = None, True  # a written answer waits for a grader
    return submission


def record_scores(db_url, assignment, student, results, timestamp=None):
    """Set the auto score of each graded cell in ``results`` ([CellResult]) for one student; every written question
    not yet graded by hand (a task cell: its grade's cell_type is "markdown") needs a manual grade, as nbgrader's
    autograde leaves it.

    An assignment of the course is one notebook of the same name (``course.source_notebook``): the gradebook's
    notebook is ``assignment``."""
    if db_url in _open:
        gradebook, late = _open[db_url]
        submission = _set_scores(gradebook, assignment, student, results, timestamp)
        if submission.total_seconds_late > 0:
            late.append((assignment, student))
        else:
            gradebook.find_submission_notebook(assignment, assignment, student).late_submission_penalty = None
        return
    with closing(Gradebook(db_url)) as gradebook:
        session = gradebook.db
        try:
            _set_scores(gradebook, assignment, student, results, timestamp)
            session.commit()
        except Exception:
            session.rollback()
            raise
