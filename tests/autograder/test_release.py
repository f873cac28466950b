"""Does the student release leak nothing, and do its instant checks still work?"""

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.course import REPO, assignments
from autograder.submissions import EXAMPLES, fill_in, read_answers
from course_lib.exercises import exercises_of

def release_texts(folder):
    """Every text file under ``folder``, by path."""
    return {path: path.read_text() for path in folder.rglob("*") if path.is_file() and path.suffix in {".ipynb", ".py", ".json", ".md"}}


def test_release_has_each_notebook_with_the_student_course_lib(demo_root):
    for assignment in assignments():
        folder = demo_root / "release" / assignment
        assert (folder / f"{assignment}.ipynb").is_file()
        assert (folder / "course_lib" / "checks" / "__init__.py").is_file()
        assert (folder / "course_lib" / "cells.py").is_file()  # the progress table's cell rules
        assert (folder / "course_lib" / "notebook_checks.py").is_file()  # what the progress table runs
        assert (folder / "course_lib" / "check_data" / f"{assignment}.json").is_file()
        assert not (folder / "course_lib" / "reference").exists()
        assert not list(folder.rglob("*.pyc"))


def test_release_contains_no_solution_code(demo_root, secret_lines):
    for assignment in assignments():
        lines = secret_lines.secret_in(assignment)
        assert lines, f"found no solution lines to look for in {assignment}"
        for path, text in release_texts(demo_root / "release" / assignment).items():
            leaks = [line for line in lines if line in text]
            assert not leaks, f"solution lines leaked into {path}: {leaks}"


def test_a_given_earlier_answer_is_secret_until_the_notebook_that_gives_it(secret_lines):
    """Notebook 03's column softmax is given as readable code in later notebooks (07, 08, 11): it is secret in
    the releases before the first of them, and may stand in the release of notebook 11."""
    softmax = "E = np.exp(A - A.max(axis=0, keepdims=True))"
    first, eleventh = assignments()[0], next(a for a in assignments() if a.startswith("11_"))
    assert softmax in secret_lines.secret_in(first)
    assert softmax not in secret_lines.secret_in(eleventh)


def test_release_contains_no_hidden_test(demo_root):
    for path, text in release_texts(demo_root / "release").items():
        for marker in ("BEGIN HIDDEN TESTS", "autograder", "grade_exercise", "hidden_tests"):
            assert marker not in text, f"{marker!r} in {path}"


def run_release_notebook(demo_root, tmp_path, answers, assignment=None):
    assignment = assignment or assignments()[0]
    folder = shutil.copytree(demo_root / "release" / assignment, tmp_path / assignment)
    path = folder / f"{assignment}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    if answers:
        fill_in(notebook, read_answers(answers))
    notebook.cells.append(nbformat.v4.new_code_cell("import course_lib\nprint('course_lib from', course_lib.__file__)"))
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return folder, notebook


def outputs_of(notebook):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            yield cell, output


@pytest.mark.parametrize("assignment", assignments())
def test_instant_checks_work_in_the_release_with_its_own_course_lib(demo_root, tmp_path, assignment):
    folder, notebook = run_release_notebook(demo_root, tmp_path, EXAMPLES / "ada-correct" / f"{assignment}.py", assignment)
    errors = [output for _, output in outputs_of(notebook) if output.output_type == "error"]
    assert not errors, errors
    text = "".join(output.get("text", "") for _, output in outputs_of(notebook))
    assert text.count("✓") == len([e for e in exercises_of(assignment) if e.checks])
    assert f"course_lib from {folder / 'course_lib' / '__init__.py'}" in text


def test_an_unanswered_release_opens_and_each_check_says_it_is_not_written(demo_root, tmp_path):
    _, notebook = run_release_notebook(demo_root, tmp_path, None)
    by_id = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in notebook.cells}
    for grade_id in ("setup", "inputs", "ex2-picture", "ex4-picture"):
        assert not [o for o in by_id[grade_id].outputs if o.output_type == "error"], grade_id
    checks = [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")]
    assert len(checks) == 4
    for cell in checks:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert len(errors) == 1 and "not written yet" in " ".join(errors[0].traceback)


def test_the_release_offers_no_reference_answer(demo_root):
    import subprocess
    import sys

    folder = demo_root / "release" / assignments()[0]
    script = ("import course_lib\nfrom course_lib.checks import check_inner_product\n"
              "try:\n    check_inner_product(lambda q, k: q * k)\nexcept AssertionError as e:\n    print(e)\n"
              "try:\n    course_lib.show_reference('inner_product')\nexcept AttributeError as e:\n    print(e)\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True)
    assert "Multiplied entry by entry" in run.stdout
    assert "show_reference(" not in run.stdout and "student release" in run.stdout


def test_the_release_offers_no_model_answer_and_says_who_hands_them_out(demo_root):
    import subprocess
    import sys

    from course_lib.messages import say

    folder = demo_root / "release" / assignments()[0]
    assert not (folder / "course_lib" / "model_answers.py").exists()
    script = "import course_lib\ncourse_lib.show_model_answer('written_score_symmetry')\n"
    run = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == say("written.release"), (run.stdout, run.stderr)


def test_the_feedback_s_base_is_the_release_cell_for_cell(demo_root):
    """Feedback is built from student_version(source): it must be what generate_assignment handed out."""
    from autograder.course import load_source
    from course_lib.cells import student_version

    for assignment in assignments():
        ours = student_version(load_source(assignment))
        released = nbformat.read(demo_root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
        assert [(c.cell_type, c.source.strip()) for c in ours.cells] == \
            [(c.cell_type, c.source.strip()) for c in released.cells], assignment
