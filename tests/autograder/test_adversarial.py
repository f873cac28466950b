"""Does every bad or cheating submission of the catalogue get exactly the grade it deserves,
while the batch goes on, the grader's own files stay untouched and no feedback shows a solution?"""

import csv
import html
import json
import socket
from dataclasses import replace

import pytest

from autograder import nbgrader_steps
from autograder.adversarial import ASSIGNMENT, CATALOGUE, CELLS, CLASSMATE
from autograder.course import REPO, graded_cells
from autograder.safe import grade_one
from autograder.safe.batch import grade_assignment
from autograder.safe.grading_run import result_path
from autograder.adversarial import build_attack
from autograder.reports.class_report import write_class_report
from autograder.reports.lms_export import write_lms_exports
from autograder.reports.grades_by_exercise import COLUMNS, export_details
from autograder.submissions import EXAMPLES, build_submission

CASE_TIME_LIMIT = 2.0  # seconds per call of a student's function here (COURSE_CHECK_TIME_LIMIT, 5 by default)

# These attacks only fail when student code is confined.
NEEDS_CONFINEMENT = {"read_hidden_tests", "read_gradebook", "read_other_submission", "write_outside_scratch", "network"}


@pytest.fixture(scope="module")
def graded_catalogue(tmp_path_factory, make_release):
    root = tmp_path_factory.mktemp("adversarial") / "course"
    release = make_release(root)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    for attack in CATALOGUE:
        build_attack(attack, release, root / "submitted" / attack.student_id / ASSIGNMENT, REPO, root, port)
    build_submission(release, EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py", root / "submitted" / CLASSMATE / ASSIGNMENT)
    log = []
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(grade_one, "SETTINGS", replace(grade_one.SETTINGS, case_time_limit_seconds=CASE_TIME_LIMIT))
        graded, skipped = grade_assignment(root, ASSIGNMENT, budget=10, log=log.append)
    listener.close()
    nbgrader_steps.run(root, "generate_feedback", ASSIGNMENT)
    return root, graded, skipped, log


GRADED = [attack for attack in CATALOGUE if attack.expected]
REFUSED = [attack for attack in CATALOGUE if not attack.expected]


def result(root, student):
    return json.loads(result_path(root, ASSIGNMENT, student).read_text())


def test_the_catalogue_has_at_least_25_kinds_with_distinct_names():
    assert len(CATALOGUE) >= 25
    assert len({attack.name for attack in CATALOGUE}) == len(CATALOGUE)
    assert tuple(grade_id for grade_id, _ in graded_cells(ASSIGNMENT)) == CELLS


@pytest.mark.parametrize("attack", GRADED, ids=[attack.name for attack in GRADED])
def test_each_attack_gets_the_grade_and_status_it_deserves(graded_catalogue, attack, confinement_or_skip):
    if attack.name in NEEDS_CONFINEMENT:
        confinement_or_skip()
    root, *_ = graded_catalogue
    cells = result(root, attack.student_id)["cells"]
    points = dict(graded_cells(ASSIGNMENT))
    got = tuple(cell["status"] for cell in cells)
    assert got == attack.expected, [cell["reason"] for cell in cells]
    for cell in cells:
        assert cell["points"] == (points[cell["grade_id"]] if cell["status"] == "passed" else 0)
        assert cell["reason"], "every grade says why"


def test_the_batch_goes_on_after_every_attack(graded_catalogue):
    root, graded, skipped, _ = graded_catalogue
    assert (graded, skipped) == (len(GRADED) + 1, 0)
    after = result(root, CLASSMATE)
    assert [cell["status"] for cell in after["cells"]] == ["passed"] * 4


def test_an_id_that_cannot_be_stored_is_refused_with_a_reason_and_graded_never(graded_catalogue):
    root, _, _, log = graded_catalogue
    refusals = [line for line in log if "refused, not graded" in line]
    assert len(refusals) == len(REFUSED), refusals
    assert any("not valid UTF-8" in line for line in refusals) and any("more than the 64" in line for line in refusals)
    for attack in REFUSED:
        assert not result_path(root, ASSIGNMENT, attack.student_id).exists()


def test_the_course_root_holds_nothing_the_students_planted(graded_catalogue, confinement_or_skip):
    confinement_or_skip()
    root, *_ = graded_catalogue
    assert not (root / "planted.txt").exists()


def feedback_html(root, student):
    return (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()


def test_every_attack_gets_feedback_that_says_what_happened(graded_catalogue):
    root, *_ = graded_catalogue
    for attack in GRADED:
        page = " ".join(feedback_html(root, attack.student_id).split())
        for status in set(attack.expected):
            assert status in page, (attack.name, status)
        assert "BEGIN HIDDEN TESTS" not in page and "hidden_tests" not in page


def test_no_feedback_shows_a_line_of_the_solutions_or_the_hidden_tests(graded_catalogue, leaks_in):
    root, *_ = graded_catalogue
    for attack in GRADED:
        leaked = leaks_in(html.unescape(feedback_html(root, attack.student_id)), ASSIGNMENT)
        assert not leaked, (attack.name, leaked[:3])


def test_a_forged_record_is_capped_and_its_text_escaped_outside_the_sandbox(graded_catalogue):
    root, *_ = graded_catalogue
    page = feedback_html(root, "attack-forged_error_record")
    assert "x" * 20_000 in page and "x" * 20_300 not in page, "the output is cut at the runner's cap"
    assert "\x1b" not in page and "\\x1b" in page, "terminal escapes are shown escaped"
    markup = feedback_html(root, "attack-markup_in_a_name")
    assert "<img src=x" not in markup and "javascript:b" in markup
    with open(export_details(root, [ASSIGNMENT], root / "details.csv"), newline="") as handle:
        rows = list(csv.reader(handle))
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    cell, reason = COLUMNS.index("cell"), COLUMNS.index("reason")
    forged = [row for row in rows if row[0] == "attack-forged_error_record" and row[cell] == CELLS[-1]][0]
    assert "HYPERLINK" in forged[reason] and "\\x1b" in forged[reason] and "\x1b" not in "".join(map("".join, rows))


def test_no_report_cell_is_a_formula(graded_catalogue):
    root, *_ = graded_catalogue
    for path in [*write_lms_exports(root, [ASSIGNMENT]), write_class_report(root, [ASSIGNMENT])[0]]:
        with open(path, newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))], path
        if "grades" in path.name:
            assert "'=SUM(1+2)*cmd" in cells, path


def test_feedback_never_shows_the_hidden_tests(graded_catalogue):
    root, *_ = graded_catalogue
    for attack in GRADED:
        folder = root / "autograded" / attack.student_id / ASSIGNMENT
        for notebook in folder.glob("*.ipynb"):
            text = notebook.read_text()
            assert "HIDDEN TESTS" not in text and "hidden_tests" not in text and "grade_inner_product" not in text


def test_a_timed_out_notebook_costs_one_budget_not_one_per_cell(graded_catalogue):
    root, *_ = graded_catalogue
    seconds = result(root, "attack-loop_swallowing_the_time_limit")["seconds"]
    assert seconds < 2 * 10, f"{seconds} s for a notebook with a 10 s budget"


def test_an_endless_function_costs_its_exercises_one_time_limit_each_and_the_others_are_graded(graded_catalogue):
    root, *_ = graded_catalogue
    document = result(root, "attack-loop_in_function")
    cells = {cell["grade_id"]: cell for cell in document["cells"]}
    assert cells["test_inner_product"]["status"] == "timed out"
    assert f"after {CASE_TIME_LIMIT:g} s" in cells["test_inner_product"]["reason"]
    assert cells["test_query_and_key"]["status"] == "passed"
    assert cells["test_one_query_scores"]["status"] == "passed", \
        "checked after two exercises that timed out: each case after the first time-out is not called again"
