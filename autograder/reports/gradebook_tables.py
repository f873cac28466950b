"""Read points out of an nbgrader gradebook and print them as tables: autograded points and points graded by hand
(written questions) apart, since a written answer has no points until an instructor grades it in formgrader."""

from contextlib import closing

from nbgrader.api import Gradebook

from course_lib.exercises import cell_label

from ..course import graded_cells, written_cells

TO_GRADE = "to grade"  # how a table shows a written answer no instructor has graded yet


def points_by_student(db_url, assignments):
    """{student: {assignment: {grade cell: (score, max score)}}} for every graded submission (nbgrader's scores: a
    written question not yet graded by hand counts 0, as in nbgrader's own totals; ``waiting_for_grader`` says which)."""
    table = {}
    with closing(Gradebook(db_url)) as gradebook:
        for assignment in assignments:
            for submission in gradebook.assignment_submissions(assignment):
                cells = table.setdefault(submission.student_id, {}).setdefault(assignment, {})
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        cells[grade.name] = (grade.score, grade.max_score)
    return table


def waiting_for_grader(db_url, assignments):
    """{(student, assignment, grade cell)} of every written question (a task cell) no instructor has graded yet."""
    waiting = set()
    with closing(Gradebook(db_url)) as gradebook:
        for assignment in assignments:
            for submission in gradebook.assignment_submissions(assignment):
                for notebook in submission.notebooks:
                    waiting |= {(submission.student_id, assignment, grade.name) for grade in notebook.grades
                                if grade.cell_type == "markdown" and grade.manual_score is None}
    return waiting


def format_tables(points, assignments, waiting=frozenset()):
    """One table per assignment (students × exercises and written questions, in notebook order, then the
    autograded total and the total graded by hand), then each student's totals over the series; ``waiting``
    (``waiting_for_grader``) marks the written answers still to grade."""
    points = {student: {assignment: {cell: (None, value[1]) if (student, assignment, cell) in waiting else value
                                     for cell, value in cells.items()}
                        for assignment, cells in by_assignment.items()}
              for student, by_assignment in points.items()}
    lines = []
    students = sorted(points)
    width = max([len(s) for s in students] + [7])
    for assignment in assignments:
        autograded = [grade_id for grade_id, _ in graded_cells(assignment)]
        by_hand = [grade_id for grade_id, _ in written_cells(assignment)]
        if not autograded + by_hand:
            continue
        names = [cell_label(cell) for cell in autograded + by_hand]
        totals = ["autograded"] + (["by hand"] if by_hand else [])
        lines.append(f"\n{assignment}")
        lines.append(f"{'student':<{width}}  " + "  ".join(names + totals))
        for student in students:
            graded = points[student].get(assignment, {})
            row = [_score(graded.get(cell)).rjust(len(name)) for cell, name in zip(autograded + by_hand, names)]
            row.append(_total(graded.get(cell) for cell in autograded).rjust(len(totals[0])))
            if by_hand:
                row.append(_total(graded.get(cell) for cell in by_hand))
            lines.append(f"{student:<{width}}  " + "  ".join(row))
    lines.append("\ntotal over the series")
    for student in students:
        autograded = [points[student].get(a, {}).get(cell) for a in assignments for cell, _ in graded_cells(a)]
        by_hand = [points[student].get(a, {}).get(cell) for a in assignments for cell, _ in written_cells(a)]
        line = f"{student:<{width}}  autograded {_total(autograded)}"
        lines.append(line + (f"  by hand {_total(by_hand)}" if by_hand else ""))
    return "\n".join(lines)


def _score(value):
    if value is None:
        return "-"
    score, maximum = value
    return TO_GRADE if score is None else f"{score:g}/{maximum:g}"


def _total(values):
    """"earned/possible" of the (score, max score) pairs (None where a cell was not submitted), and how many written
    answers are still to grade."""
    values = [value for value in values if value is not None]
    waiting = sum(score is None for score, _ in values)
    text = f"{sum(s for s, _ in values if s is not None):g}/{sum(m for _, m in values):g}"
    return text + (f" ({waiting} {TO_GRADE})" if waiting else "")
