"""Written questions end to end: graded by hand, with the rubric in formgrader and the answer kept.

One course root with the release of notebook 01, two submissions (ada
answers the written question, dee leaves it untouched), graded by the safe
pipeline; the same submission of ada's also graded by plain ``nbgrader
autograde`` in a second root, whose autograded task cell is what nbgrader's
OverwriteCells restores.
"""

import json
import shutil
from contextlib import closing

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import nbgrader_steps
from autograder.course import load_source, written_cells
from autograder.reports.class_report import write_class_report
from autograder.reports.gradebook_tables import TO_GRADE, format_tables, points_by_student, waiting_for_grader
from autograder.reports.grades_by_exercise import export_details
from autograder.reports.review_queue import review_queue
from autograder.safe.batch import grade_assignment
from autograder.safe.grading_run import result_path
from autograder.safe.final_grades import final_documents
from autograder.submissions import EXAMPLES, build_submission, read_written_answers
from course_lib.cells import answer_to, is_task, mark_scheme, source_text

from ..conftest import csv_records, released_course

ASSIGNMENT, QUESTION = "01_one_query_scores", "written_score_symmetry"
ADA, DEE = "ada-correct", "dee-blank"


def notebook_of(root, folder, student):
    return nbformat.read(root / folder / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def task_and_answer(notebook):
    task = next(cell for cell in notebook.cells if is_task(cell))
    answer = next(cell for cell in notebook.cells if answer_to(cell) == QUESTION)
    return task.source, answer.source


def grade_of(root, student):
    """nbgrader's Grade row of the written question for ``student`` (a task cell: find_grade knows grade cells only)."""
    gradebook = Gradebook(f"sqlite:///{root / 'gradebook.db'}")
    notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
    return gradebook, next(grade for grade in notebook.grades if grade.name == QUESTION)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("written")
    roots = {}
    for kind in ("safe", "plain"):
        root = base / kind
        release = released_course(root)
        for student in (ADA, DEE):
            build_submission(release, EXAMPLES / student / f"{ASSIGNMENT}.py", root / "submitted" / student / ASSIGNMENT)
        roots[kind] = root
    grade_assignment(roots["safe"], ASSIGNMENT, log=lambda line: None)
    nbgrader_steps.run(roots["plain"], "autograde", ASSIGNMENT, "--create")
    nbgrader_steps.run(roots["safe"], "generate_feedback", ASSIGNMENT)
    return roots


def test_the_written_question_is_in_the_gradebook_needing_a_manual_grade_with_its_points(course):
    for kind in ("safe", "plain"):
        for student in (ADA, DEE):
            gradebook, grade = grade_of(course[kind], student)
            with closing(gradebook):
                assert (grade.needs_manual_grade, grade.manual_score, grade.max_score) == (True, None, 2.0), kind
                assert grade.notebook.max_score == 11  # 9 autograded and 2 by hand
    tables = points_by_student(f"sqlite:///{course['safe'] / 'gradebook.db'}", [ASSIGNMENT])
    assert tables[ADA][ASSIGNMENT][QUESTION] == (0.0, 2.0)
    assert waiting_for_grader(f"sqlite:///{course['safe'] / 'gradebook.db'}", [ASSIGNMENT]) == {
        (ADA, ASSIGNMENT, QUESTION), (DEE, ASSIGNMENT, QUESTION)}
    assert tables[ADA][ASSIGNMENT]["test_inner_product"] == (2.0, 2.0)


def test_the_autograded_task_cell_holds_the_mark_scheme_as_nbgrader_restores_it(course):
    ours, theirs = notebook_of(course["safe"], "autograded", ADA), notebook_of(course["plain"], "autograded", ADA)
    our_task, our_answer = task_and_answer(ours)
    their_task, their_answer = task_and_answer(theirs)
    assert mark_scheme(our_task) and "**Rubric**" in our_task and "**Model answer.**" in our_task
    assert our_task.strip() == their_task.strip()
    source_task = next(cell for cell in load_source(ASSIGNMENT).cells if is_task(cell))
    assert our_task.strip() == source_text(source_task).strip()
    written = read_written_answers(EXAMPLES / ADA / f"{ASSIGNMENT}.py")[QUESTION]
    assert our_answer == their_answer == written


def test_the_result_file_keeps_the_written_question_to_grade_by_hand_and_no_edit_is_noted(course):
    for student, blank in ((ADA, False), (DEE, True)):
        document = json.loads(result_path(course["safe"], ASSIGNMENT, student).read_text())
        [written] = document["written"]
        assert (written["grade_id"], written["status"], written["points"], written["max_points"]) == \
            (QUESTION, "to grade by hand", 0.0, 2.0)
        assert ("No answer was written" in written["reason"]) == blank
        assert not any("edited" in note for note in document["notes"]), document["notes"]
        assert [cell["grade_id"] for cell in document["cells"]] == [
            "test_inner_product", "test_query_and_key", "test_scores_one_by_one", "test_one_query_scores"]


def test_the_feedback_shows_the_answer_and_not_the_rubric(course):
    html = (course["safe"] / "feedback" / ADA / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "They are not equal in general" in html and "Written question" in html
    assert "MARK SCHEME" not in html and "Rubric" not in html and "Model answer" not in html


def test_the_reports_show_the_written_answer_waiting_until_it_is_graded_by_hand(course):
    root = course["safe"]
    details = [row for row in csv_records(export_details(root, [ASSIGNMENT])) if row["cell"] == QUESTION]
    assert [(row["student"], row["status"], row["graded_by"]) for row in details] == [
        (ADA, "to grade by hand", "autograder"), (DEE, "to grade by hand", "autograder")]
    assert {(review.student, review.cell) for review in review_queue(root, [ASSIGNMENT])} >= {(ADA, QUESTION), (DEE, QUESTION)}
    _, markdown, _ = write_class_report(root, [ASSIGNMENT])
    line = next(line for line in markdown.read_text().splitlines() if QUESTION in line)
    assert "0/2 (0%)" in line and "to grade by hand 100%" in line
    table = format_tables(points_by_student(f"sqlite:///{root / 'gradebook.db'}", [ASSIGNMENT]), [ASSIGNMENT],
                          waiting_for_grader(f"sqlite:///{root / 'gradebook.db'}", [ASSIGNMENT]))
    assert f"by hand 0/2 (1 {TO_GRADE})" in table and "autograded 9/9" in table

    gradebook, grade = grade_of(root, ADA)
    with closing(gradebook):
        grade.manual_score = 1.5
        gradebook.db.commit()
    [document] = [d for d in final_documents(root, ASSIGNMENT) if d["student"] == ADA]
    assert document["written"][0] | {"points": 1.5, "status": "graded by hand", "graded_by": "instructor"} == document["written"][0]
    details = {row["student"]: row for row in csv_records(export_details(root, [ASSIGNMENT])) if row["cell"] == QUESTION}
    assert (details[ADA]["status"], float(details[ADA]["points"])) == ("graded by hand", 1.5)
    assert (ADA, QUESTION) not in {(review.student, review.cell) for review in review_queue(root, [ASSIGNMENT])}
    table = format_tables(points_by_student(f"sqlite:///{root / 'gradebook.db'}", [ASSIGNMENT]), [ASSIGNMENT],
                          waiting_for_grader(f"sqlite:///{root / 'gradebook.db'}", [ASSIGNMENT]))
    assert "by hand 1.5/2" in table
    assert written_cells(ASSIGNMENT) == [(QUESTION, 2.0)]


def test_regrading_keeps_the_manual_grade_of_a_written_answer(course):
    root = course["safe"]
    gradebook, grade = grade_of(root, DEE)
    with closing(gradebook):
        grade.manual_score = 0.0
        gradebook.db.commit()
    shutil.rmtree(root / "grading" / ASSIGNMENT)
    grade_assignment(root, ASSIGNMENT, log=lambda line: None)
    gradebook, grade = grade_of(root, DEE)
    with closing(gradebook):
        assert grade.manual_score == 0.0


def test_the_lms_files_say_written_answers_are_waiting(course):
    from autograder.reports.lms_export import write_lms_exports

    said = []
    write_lms_exports(course["plain"], [ASSIGNMENT], log=said.append)
    assert any("2 written answers are still to grade by hand" in line for line in said), said
