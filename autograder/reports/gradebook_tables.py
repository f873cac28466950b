"""Read points out of an nbgrader gradebook and print them as tables."""

from contextlib import closing

from nbgrader.api import Gradebook

from course_lib.exercises import cell_label

from ..course import graded_cells


def points_by_student(db_url, assignments):
    """{student: {assignment: {grade cell: (score, max score)}}} for every graded submission."""
    table = {}
    with closing(Gradebook(db_url)) as gradebook:
        for assignment in assignments:
            for submission in gradebook.assignment_submissions(assignment):
                cells = table.setdefault(submission.student_id, {}).setdefault(assignment, {})
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        cells[grade.name] = (grade.score, grade.max_score)
    return table


def format_tables(points, assignments):
    """One table per assignment (students × exercises, in notebook order), then each student's total."""
    lines = []
    students = sorted(points)
    width = max([len(s) for s in students] + [7])
    for assignment in assignments:
        cells = [grade_id for grade_id, _ in graded_cells(assignment)]
        if not cells:
            continue
        names = [cell_label(cell) for cell in cells]
        lines.append(f"\n{assignment}")
        lines.append(f"{'student':<{width}}  " + "  ".join(names) + "  total")
        for student in students:
            graded = points[student].get(assignment, {})
            row = [_score(graded.get(cell)).rjust(len(name)) for cell, name in zip(cells, names)]
            total = _total(graded.values())
            lines.append(f"{student:<{width}}  " + "  ".join(row) + f"  {total}")
    lines.append("\ntotal over the series")
    for student in students:
        everything = [value for graded in points[student].values() for value in graded.values()]
        lines.append(f"{student:<{width}}  {_total(everything)}")
    return "\n".join(lines)


def _score(value):
    if value is None:
        return "-"
    score, maximum = value
    return f"{score:g}/{maximum:g}"


def _total(values):
    values = list(values)
    return f"{sum(s for s, _ in values):g}/{sum(m for _, m in values):g}"
