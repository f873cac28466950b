"""Does the progress table show, per notebook, which exercises pass their instant checks?"""

import shutil

import nbformat

from autograder.course import assignments
from autograder.submissions import EXAMPLES, fill_in, read_answers
from course_lib.progress import progress


def test_progress_marks_each_exercise(demo_root, tmp_path, capsys):
    for assignment in assignments():
        folder = tmp_path / assignment
        folder.mkdir()
        shutil.copy(demo_root / "release" / assignment / f"{assignment}.ipynb", folder)
    for student, assignment in (("ada-correct", "01_one_query_scores"), ("ben-mistakes", "03_all_scores")):
        path = tmp_path / assignment / f"{assignment}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        fill_in(notebook, read_answers(EXAMPLES / student / f"{assignment}.py"))
        nbformat.write(notebook, path)
    table = progress(tmp_path)
    assert set(table["01_one_query_scores"].values()) == {"✓"}
    assert table["03_all_scores"] == {"attention_scores": "✗", "softmax_columns": "✓",
                                      "softmax_columns_stable": "✗", "relu_columns": "✓"}
    assert set(table["05_whole_layer"].values()) == {"✗"}
    printed = capsys.readouterr().out
    assert "01_one_query_scores     4/4" in printed and "03_all_scores           2/4" in printed


def test_a_notebook_that_cannot_be_read_gets_question_marks_and_the_table_goes_on(tmp_path):
    from course_lib.progress import notebook_progress

    broken = {"01_one_query_scores": '{"cells": [', "03_all_scores": '{"cells": [{"cell_type": "code", "source": [1]}]}',
              "04_weighted_sum": '{"cells": [null]}'}
    for assignment, text in broken.items():
        (tmp_path / assignment).mkdir()
        (tmp_path / assignment / f"{assignment}.ipynb").write_text(text)
        assert set(notebook_progress(tmp_path / assignment / f"{assignment}.ipynb").values()) == {"?"}
    assert set(progress(tmp_path)) == set(broken)
