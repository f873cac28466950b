"""Do the course's cell rules (course_lib.cells) select and clear what nbgrader's own preprocessors do?"""

import copy
from pathlib import Path

import nbformat
import pytest
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearOutput, ClearSolutions

from autograder.course import assignments, source_notebook
from course_lib import cells

FILES = Path(__file__).parent / "files"
NOTEBOOKS = [source_notebook(assignment) for assignment in assignments()] + [FILES / "cell_rules.ipynb"]


def nbgrader_release(notebook):
    """What nbgrader's generate_assignment does to the cells: solutions cleared, hidden tests, mark schemes and outputs
    removed."""
    released = copy.deepcopy(notebook)
    for preprocessor in (ClearSolutions(), ClearHiddenTests(), ClearMarkScheme(), ClearOutput()):
        released, _ = preprocessor.preprocess(released, {})
    return released


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_student_version_is_what_nbgrader_s_preprocessors_write(path):
    notebook = nbformat.read(path, as_version=4)
    ours, theirs = cells.student_version(notebook), nbgrader_release(notebook)
    assert [(c.cell_type, c.source.strip()) for c in ours.cells] == [(c.cell_type, c.source.strip()) for c in theirs.cells]
    assert all(c.outputs == [] and c.execution_count is None for c in ours.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_each_cell_s_role_is_the_one_nbgrader_gives_it(path):
    for cell in nbformat.read(path, as_version=4).cells:
        assert cells.is_solution(cell) == utils.is_solution(cell)
        assert cells.is_graded(cell) == utils.is_grade(cell)
        assert cells.is_test_cell(cell) == (utils.is_grade(cell) and not utils.is_solution(cell))


def test_the_source_is_left_as_it_was():
    notebook = nbformat.read(FILES / "cell_rules.ipynb", as_version=4)
    before = copy.deepcopy(notebook)
    cells.student_version(notebook)
    assert notebook == before


def test_a_grade_runs_the_setup_the_solutions_and_the_tests_but_no_demonstration():
    notebook = nbformat.read(FILES / "cell_rules.ipynb", as_version=4)
    chosen = [(role, cells.grade_id(cell)) for role, cell in cells.cells_a_grade_runs(notebook.cells)]
    assert chosen == [(cells.GIVEN, "setup"), (cells.GIVEN, "given"), (cells.GIVEN, ""), (cells.SOLUTION, "twice"),
                      (cells.TEST, "test_twice"), (cells.SOLUTION, "pair"), (cells.SOLUTION, "graded_by_hand"),
                      (cells.TEST, "test_pair")]


def test_the_rules_read_a_notebook_s_raw_json_as_nbformat_reads_it():
    """progress reads a learner's notebook as plain JSON (sources as lists of lines): the same cells, the same code."""
    import json

    path = FILES / "cell_rules.ipynb"
    raw = json.loads(path.read_text())
    assert any(isinstance(cell["source"], list) and len(cell["source"]) > 1 for cell in raw["cells"])
    assert cells.code_a_grade_runs(raw["cells"]) == cells.code_a_grade_runs(nbformat.read(path, as_version=4).cells)


@pytest.mark.parametrize("metadata", [{"nbgrader": []}, {"nbgrader": "solution"}, {}])
def test_metadata_of_the_wrong_shape_makes_a_plain_cell(metadata):
    cell = {"cell_type": "code", "metadata": metadata, "source": "x = 1"}
    assert not cells.is_solution(cell) and not cells.is_graded(cell) and cells.grade_id(cell) == ""
    assert cells.cells_a_grade_runs([cell]) == [(cells.GIVEN, cell)]


def test_an_indented_solution_region_keeps_its_indentation_when_cleared():
    cleared = cells.unanswered("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n")
    assert cleared == "def f():\n    " + cells.stub().replace("\n", "\n    ").rstrip(" ")


def test_a_written_question_is_read_with_its_answer_cell_rubric_and_model_answer():
    notebook = nbformat.read(FILES / "cell_rules.ipynb", as_version=4)
    [question] = cells.written_questions(notebook.cells)
    assert (question.grade_id, question.points, question.rubric_points) == ("written_twice", 2.0, [1.0, 1.0])
    assert question.model_answer == "It reuses `given_helper`, which doubles its argument."
    assert question.question == "### Written question · Why twice? (2 points)\n\nExplain why `twice` calls the given helper."
    assert cells.answer_to(notebook.cells[question.answer_index]) == "written_twice"
    assert cells.written_problems(notebook.cells) == []
    assert not cells.is_test_cell(notebook.cells[question.answer_index - 1])
    assert cells.cells_a_grade_runs(notebook.cells) == cells.cells_a_grade_runs(
        [cell for cell in notebook.cells if not cells.is_task(cell)])


def test_the_student_version_drops_the_mark_scheme_and_the_graders_copy_keeps_it():
    notebook = nbformat.read(FILES / "cell_rules.ipynb", as_version=4)
    task = lambda version: next(cell for cell in version.cells if cells.is_task(cell)).source
    assert "MARK SCHEME" not in task(cells.student_version(notebook)) and "Rubric" not in task(cells.student_version(notebook))
    assert task(cells.student_version(notebook, mark_schemes=True)) == task(notebook)


def _broken(change):
    notebook = nbformat.read(FILES / "cell_rules.ipynb", as_version=4)
    index = next(i for i, cell in enumerate(notebook.cells) if cells.is_task(cell))
    change(notebook.cells, index)
    return " ".join(cells.written_problems(notebook.cells))


@pytest.mark.parametrize("change, complaint", [
    (lambda c, i: c.pop(i + 1), "not its answer cell"),
    (lambda c, i: c.insert(i + 1, nbformat.v4.new_markdown_cell("between")), "not its answer cell"),
    (lambda c, i: setattr(c[i + 1], "source", "my answer"), "YOUR ANSWER HERE"),
    (lambda c, i: c[i + 1].metadata.update(nbgrader={"solution": True}), "nbgrader metadata"),
    (lambda c, i: c[i].metadata.nbgrader.update(points=3), "do not add up"),
    (lambda c, i: setattr(c[i], "source", c[i].source.replace("**Model answer.** It", "It")), "model answer"),
    (lambda c, i: setattr(c[i], "source", c[i].source.split("=== BEGIN")[0]), "no mark scheme"),
    (lambda c, i: setattr(c[i], "source", c[i].source.replace("=== END MARK SCHEME ===", "")), "do not pair up"),
    (lambda c, i: c[i].metadata.nbgrader.update(locked=False), "locked markdown"),
    (lambda c, i: setattr(c[i - 1], "source", "=== BEGIN MARK SCHEME ===\nx\n=== END MARK SCHEME ==="), "outside a task cell"),
])
def test_a_malformed_written_question_is_named(change, complaint):
    assert complaint in _broken(change)


@pytest.mark.parametrize("text, unanswered", [("YOUR ANSWER HERE", True), ("  YOUR ANSWER HERE\n", True), ("", True),
                                              ("They differ.", False)])
def test_an_answer_is_unanswered_only_while_it_is_the_stub(text, unanswered):
    assert cells.is_unanswered_text(text) == unanswered
