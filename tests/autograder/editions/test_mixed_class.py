"""A class that mixes editions: one release, one gradebook, one grading run, the same points, feedback in each student's language."""

import json
import re

import nbformat
import pytest

from autograder.editions import LANGUAGES
from autograder.course import source_notebook
from autograder.safe.batch import grade_assignment
from autograder.safe.grade_one import grade_submission
from autograder.safe.grading_run import result_path
from autograder.submissions import EXAMPLES, build_submission, example_students
from course_lib.messages import text

from ..conftest import released_course

ASSIGNMENT = "03_all_scores"
EDITIONS = ("en", *LANGUAGES)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Every example student submits ASSIGNMENT once from each edition; all are graded in one run."""
    root = tmp_path_factory.mktemp("mixed") / "course"
    release = released_course(root, ASSIGNMENT)
    for student in example_students():
        for language in EDITIONS:
            build_submission(release, EXAMPLES / student / f"{ASSIGNMENT}.py",
                             root / "submitted" / f"{student}--{language}" / ASSIGNMENT, language)
    graded, skipped = grade_assignment(root, ASSIGNMENT, log=lambda line: None)
    assert (graded, skipped) == (len(example_students()) * len(EDITIONS), 0)

    def cells(student, language):
        result = json.loads(result_path(root, ASSIGNMENT, f"{student}--{language}").read_text())
        return {cell["grade_id"]: cell for cell in result["cells"]}
    cells.root = root
    return cells


@pytest.mark.parametrize("student", example_students())
def test_every_edition_earns_the_points_the_english_notebook_earns(graded_class, student):
    english = {grade_id: (cell["points"], cell["status"]) for grade_id, cell in graded_class(student, "en").items()}
    assert english
    for language in LANGUAGES:
        assert {grade_id: (cell["points"], cell["status"])
                for grade_id, cell in graded_class(student, language).items()} == english, language


def _random_case(language):
    """How a hidden test's verdict begins in ``language``: "Random case", "隨機案例", "随机用例"."""
    return text("hidden.case", language).split("{number}")[0].strip()


def test_a_student_reads_the_hidden_tests_verdicts_in_the_edition_submitted(graded_class):
    for language in EDITIONS:
        failed = [cell["reason"] for cell in graded_class("ben-mistakes", language).values() if cell["status"] == "failed"]
        assert failed, "ben-mistakes failed nothing: the test shows nothing"
        for reason in failed:
            assert reason.startswith(_random_case(language)), (language, reason)
    assert len({_random_case(language) for language in EDITIONS}) == len(EDITIONS)


def test_a_language_the_course_does_not_have_is_read_as_english(tmp_path):
    release = released_course(tmp_path / "course", ASSIGNMENT)
    folder = tmp_path / "course" / "submitted" / "someone" / ASSIGNMENT
    notebook = build_submission(release, EXAMPLES / "ben-mistakes" / f"{ASSIGNMENT}.py", folder, "zh-TW")
    document = json.loads(notebook.read_text())
    document["metadata"]["course"]["language"] = {"not": "a language"}
    notebook.write_text(json.dumps(document))
    source = nbformat.read(source_notebook(ASSIGNMENT), as_version=4)
    grade = grade_submission(folder, ASSIGNMENT, "someone", source, tmp_path / "scratch")
    reasons = [result.reason for result in grade.results if result.status == "failed"]
    assert reasons and all(reason.startswith(_random_case("en")) for reason in reasons), reasons


def test_the_feedback_notebook_is_in_the_edition_submitted(graded_class):
    for language in EDITIONS:
        path = graded_class.root / "autograded" / f"ben-mistakes--{language}" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        feedback = nbformat.read(path, as_version=4)
        shown = "\n".join(output.get("text", "") for cell in feedback.cells if cell.cell_type == "code"
                          for output in cell.get("outputs", []))
        failed = text("status.failed", language)
        assert f"✗ {failed}" in shown, (language, shown[:500])
        prose = "\n".join(cell.source for cell in feedback.cells if cell.cell_type == "markdown")
        if language == "en":
            assert feedback.metadata.get("course", {}).get("language", "en") == "en"
        else:
            assert feedback.metadata["course"]["language"] == language
            assert "✗ failed" not in shown and re.search("[\u4e00-\u9fff]{20}", prose), language
