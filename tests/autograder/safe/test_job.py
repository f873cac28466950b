"""Does the job run exactly the code the progress table runs, and give each probe the cases the judge judges?"""

import json

import numpy as np
import pytest

from autograder.course import assignments, load_source, source_notebook
from autograder.judge import hidden_cases
from autograder.safe.answers import Answers
from autograder.safe import job as safe_job
from course_lib import cells
from course_lib.progress import cells_a_grade_runs
from course_lib.stored_cases import decode


@pytest.mark.parametrize("assignment", assignments())
def test_the_progress_table_runs_the_code_a_grade_runs(assignment):
    """A learner's ✓ and the grade come from the same cells: the setup and given cells, then the solution cells."""
    source = load_source(assignment)
    answers = Answers()
    answers.code = {cells.grade_id(cell): cell.source for cell in source.cells if cells.is_solution(cell)}
    cells_run = safe_job.build_cells(source, answers, assignment)
    assert [cell["source"] for cell in cells_run if cell["kind"] == "code"] == cells_a_grade_runs(source_notebook(assignment))
    assert [cell["grade_id"] for cell in cells_run if cell["kind"] == "probe"] == list(safe_job.test_cell_exercises(assignment))


@pytest.mark.parametrize("assignment", assignments()[:3])
def test_each_probe_s_inputs_are_the_cases_the_judge_draws(tmp_path, assignment):
    drawn = safe_job.draw_hidden_cases(assignment, "ada")
    safe_job.write_inputs(tmp_path, assignment, drawn)
    for grade_id, key in safe_job.test_cell_exercises(assignment).items():
        written = json.loads((tmp_path / "inputs" / f"{grade_id}.json").read_text())
        expected = hidden_cases(key, "ada")
        assert len(written) == len(expected) == len(drawn[key])
        for case, args in zip(expected, written):
            for name, value in case.args.items():
                np.testing.assert_allclose(np.asarray(decode(args[name]), dtype=float), np.asarray(value, dtype=float))
