"""Do the instructor's notebooks run top to bottom, validate, and agree with the reference answers?"""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.benchmarks.notebook_times import executed
from autograder.course import AUTOGRADER, assignments, source_notebook
from autograder.judge import grade_exercise
from course_lib import reference
from course_lib.exercises import distinct_sizes
from course_lib.exercises import exercises_of
from course_lib.cells import (TEST, code_a_grade_runs, grade_id, is_graded, region, student_version, written_problems,
                             written_questions)


@pytest.mark.parametrize("assignment", assignments())
def test_source_executes_top_to_bottom_in_a_fresh_kernel(assignment):
    notebook, seconds = executed(assignment, cell_timeout=120)
    print(f"\n{assignment}: executed in {seconds:.1f} s")
    stderr = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not stderr, stderr


@pytest.mark.parametrize("assignment", assignments())
def test_committed_without_outputs(assignment):
    notebook = json.loads(source_notebook(assignment).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("assignment", assignments())
def test_nbgrader_validate_passes_on_the_source(assignment):
    run = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "validate", str(source_notebook(assignment))],
                         cwd=AUTOGRADER, capture_output=True, text=True)
    assert "Success! Your notebook passes all the tests." in run.stdout, run.stdout + run.stderr


def solution_namespace(assignment):
    """What the notebook's solution cells define, run with the cells a grade runs before them."""
    namespace = {}
    for source in code_a_grade_runs(nbformat.read(source_notebook(assignment), as_version=4).cells):
        exec(source, namespace)
    return namespace


@pytest.mark.parametrize("assignment", assignments())
def test_each_exercise_has_a_solution_an_instant_check_and_a_hidden_test(assignment):
    notebook = nbformat.read(source_notebook(assignment), as_version=4)
    tests = {grade_id(c): c.source for c in notebook.cells if is_graded(c)}
    for exercise in exercises_of(assignment):
        test = tests[exercise.grade_id]
        hidden = region(TEST).search(test)
        visible = test[:hidden.start()]
        hidden = hidden.group(0)
        assert f"{exercise.check_name}({exercise.name})" in visible
        assert f"{exercise.grader_name}({exercise.name})" in hidden
    assert len(exercises_of(assignment)) >= 3


@pytest.mark.parametrize("assignment", assignments())
def test_notebook_solutions_equal_the_reference_answers(assignment, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_STUDENT_ID", "solution-check")
    namespace = solution_namespace(assignment)
    rng = np.random.default_rng(11)
    for exercise in exercises_of(assignment):
        grade_exercise(exercise.key, namespace[exercise.name])
        solution = exercise.as_function(namespace[exercise.name])
        answer = exercise.as_function(getattr(reference, exercise.name))
        for _ in range(3):
            args = exercise.make_args(rng, distinct_sizes(rng, exercise.sizes))
            ours, theirs = solution(*args.values()), answer(*args.values())
            if isinstance(theirs, tuple):
                ours, theirs = np.concatenate([np.ravel(p) for p in ours]), np.concatenate([np.ravel(p) for p in theirs])
            assert np.allclose(np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float), rtol=1e-12), exercise.name


@pytest.mark.parametrize("assignment", assignments())
def test_each_written_question_has_its_answer_cell_a_rubric_that_adds_up_and_a_model_answer(assignment):
    """Each task cell (graded by hand): locked markdown with points, its answer cell right after it holding
    YOUR ANSWER HERE, a mark scheme whose rubric's points add up to the cell's and a model answer."""
    notebook = nbformat.read(source_notebook(assignment), as_version=4)
    assert written_problems(notebook.cells) == []
    for question in written_questions(notebook.cells):
        title = question.question.splitlines()[0]
        assert title.startswith("### Written question · ") and title.endswith(f"({question.points:g} points)"), title


@pytest.mark.parametrize("assignment", assignments())
def test_the_student_version_holds_no_mark_scheme_line(assignment):
    released = student_version(nbformat.read(source_notebook(assignment), as_version=4))
    assert not any(marker in cell.source for cell in released.cells for marker in ("BEGIN MARK SCHEME", "END MARK SCHEME",
                                                                                  "**Rubric**", "**Model answer.**"))
