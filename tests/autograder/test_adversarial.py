"""Does every bad or cheating submission of the catalogue get exactly the grade it deserves,
while the batch goes on and the grader's own files stay untouched?"""

import json
import os
import socket

import pytest

from autograder import nbgrader_steps
from autograder.adversarial import ASSIGNMENT, CATALOGUE, CELLS
from autograder.course import REPO, graded_cells
from autograder.release import add_student_course_lib
from autograder.safe.batch import grade_assignment, result_path
from autograder.safe.sandbox import bubblewrap_works
from autograder.adversarial import build_attack
from autograder.submissions import EXAMPLES, build_submission

# These attacks only fail when student code is confined.
NEEDS_CONFINEMENT = {"read_hidden_tests", "read_gradebook", "read_other_submission", "write_outside_scratch", "network"}


def confinement_or_skip():
    if bubblewrap_works():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("bubblewrap is missing or cannot start here; under CI confinement is required")
    pytest.skip("bubblewrap is not available: student code would run unconfined (see the README)")


@pytest.fixture(scope="module")
def graded_catalogue(tmp_path_factory):
    root = tmp_path_factory.mktemp("adversarial") / "course"
    root.mkdir()
    nbgrader_steps.run(root, "generate_assignment", ASSIGNMENT)
    release = root / "release" / ASSIGNMENT
    add_student_course_lib(release)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    for attack in CATALOGUE:
        build_attack(attack, release, root / "submitted" / f"attack-{attack.name}" / ASSIGNMENT, REPO, root, port)
    build_submission(release, EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py", root / "submitted" / "zz-after-the-attacks" / ASSIGNMENT)
    graded, skipped = grade_assignment(root, ASSIGNMENT, budget=10, log=lambda line: None)
    listener.close()
    nbgrader_steps.run(root, "generate_feedback", ASSIGNMENT)
    return root, graded, skipped


def result(root, student):
    return json.loads(result_path(root, ASSIGNMENT, student).read_text())


def test_the_catalogue_has_at_least_25_kinds_with_distinct_names():
    assert len(CATALOGUE) >= 25
    assert len({attack.name for attack in CATALOGUE}) == len(CATALOGUE)
    assert tuple(grade_id for grade_id, _ in graded_cells(ASSIGNMENT)) == CELLS


@pytest.mark.parametrize("attack", CATALOGUE, ids=[attack.name for attack in CATALOGUE])
def test_each_attack_gets_the_grade_and_status_it_deserves(graded_catalogue, attack):
    if attack.name in NEEDS_CONFINEMENT:
        confinement_or_skip()
    root, _, _ = graded_catalogue
    cells = result(root, f"attack-{attack.name}")["cells"]
    points = dict(graded_cells(ASSIGNMENT))
    got = tuple(cell["status"] for cell in cells)
    assert got == attack.expected, [cell["reason"] for cell in cells]
    for cell in cells:
        assert cell["points"] == (points[cell["grade_id"]] if cell["status"] == "passed" else 0)
        assert cell["reason"], "every grade says why"


def test_the_batch_goes_on_after_every_attack(graded_catalogue):
    root, graded, skipped = graded_catalogue
    assert (graded, skipped) == (len(CATALOGUE) + 1, 0)
    after = result(root, "zz-after-the-attacks")
    assert [cell["status"] for cell in after["cells"]] == ["passed"] * 4


def test_the_course_root_holds_nothing_the_students_planted(graded_catalogue):
    confinement_or_skip()
    root, _, _ = graded_catalogue
    assert not (root / "planted.txt").exists()


def test_every_attack_gets_feedback_that_says_what_happened(graded_catalogue):
    root, _, _ = graded_catalogue
    for attack in CATALOGUE:
        html = " ".join((root / "feedback" / f"attack-{attack.name}" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text().split())
        for status in set(attack.expected):
            assert status in html, (attack.name, status)
        assert "BEGIN HIDDEN TESTS" not in html and "hidden_tests" not in html


def test_feedback_never_shows_the_hidden_tests(graded_catalogue):
    root, _, _ = graded_catalogue
    for attack in CATALOGUE:
        folder = root / "autograded" / f"attack-{attack.name}" / ASSIGNMENT
        for notebook in folder.glob("*.ipynb"):
            text = notebook.read_text()
            assert "HIDDEN TESTS" not in text and "hidden_tests" not in text and "grade_inner_product" not in text


def test_a_timed_out_notebook_costs_one_budget_not_one_per_cell(graded_catalogue):
    root, _, _ = graded_catalogue
    seconds = result(root, "attack-loop_in_function")["seconds"]
    assert seconds < 2 * 10, f"{seconds} s for a notebook with a 10 s budget"
