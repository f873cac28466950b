"""Is a written question's model answer shown only after the learner's own answer is saved, in their language?"""

import nbformat
import pytest

from autograder.course import source_notebook
from course_lib import cells, language, model_answers, show_model_answer
from course_lib.messages import say

QUESTION, ASSIGNMENT = "written_score_symmetry", "01_one_query_scores"


@pytest.fixture(autouse=True)
def english():
    language.use_language("en")
    yield
    language.use_language(None)


@pytest.fixture
def learner_notebook(tmp_path, monkeypatch):
    """save(answer=None): the learner's copy of notebook 01 saved in tmp_path with ``answer`` in its answer cell
    (None: untouched), as the notebook JupyterLab's kernel runs."""
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))

    def save(answer=None):
        notebook = cells.student_version(nbformat.read(source_notebook(ASSIGNMENT), as_version=4))
        for cell in notebook.cells:
            if cells.answer_to(cell) == QUESTION and answer is not None:
                cell.source = answer
        nbformat.write(notebook, path)
        return path
    return save


def test_an_untouched_answer_cell_gets_no_model_answer_but_says_what_to_do(learner_notebook, capsys):
    learner_notebook()
    show_model_answer(QUESTION)
    out = capsys.readouterr().out
    assert out.strip() == say("written.answer_first", question=QUESTION, stub=cells.UNANSWERED_TEXT)
    assert "7" not in out and "symmetric" not in out


def test_a_saved_answer_opens_the_model_answer_of_the_source(learner_notebook, capsys):
    learner_notebook("They are not equal, because W^q and W^k differ.")
    show_model_answer(QUESTION)
    out = capsys.readouterr().out
    source = nbformat.read(source_notebook(ASSIGNMENT), as_version=4)
    [question] = [q for q in cells.written_questions(source.cells) if q.grade_id == QUESTION]
    assert out.startswith(say("written.model_answer", question=QUESTION)) and question.model_answer in out
    assert "Rubric" not in out and "MARK SCHEME" not in out


def test_no_notebook_holding_the_answer_cell_gets_no_model_answer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    text, shown = model_answers.model_answer(QUESTION)
    assert not shown and cells.UNANSWERED_TEXT in text


def test_the_model_answer_is_in_the_learner_s_language(learner_notebook):
    learner_notebook("不相等，因為 W^q 和 W^k 不一樣。")
    language.use_language("zh-TW")
    text, shown = model_answers.model_answer(QUESTION)
    assert shown and "一般來說不相等" in text and "參考答案" in text and "Model answer" not in text
    language.use_language("zh-CN")
    text, shown = model_answers.model_answer(QUESTION)
    assert shown and "一般来说不相等" in text


def test_an_unknown_question_is_named(learner_notebook):
    learner_notebook("something")
    text, shown = model_answers.model_answer("written_nothing")
    assert not shown and text == say("written.unknown", question="written_nothing")


def test_without_the_instructor_s_sources_it_says_the_instructor_hands_them_out(learner_notebook, monkeypatch, tmp_path):
    learner_notebook("my answer")
    monkeypatch.setattr(model_answers, "SOURCES", tmp_path / "no-sources")
    assert model_answers.model_answer(QUESTION) == (say("written.release"), False)
