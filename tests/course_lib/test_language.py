"""Does the library speak the language of the edition the learner opened, with COURSE_LANG as the override?"""

import json

import pytest

from course_lib import language


@pytest.fixture(autouse=True)
def fresh(monkeypatch, tmp_path):
    monkeypatch.delenv(language.ENVIRONMENT, raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    language.use_language(None)
    yield
    language.use_language(None)


def notebook(path, declared=None):
    metadata = {"kernelspec": {"name": "python3"}}
    if declared:
        metadata["course"] = {"language": declared}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_english_without_any_hint():
    assert language.current() == "en"


@pytest.mark.parametrize("spelled, meant", [("zh-TW", "zh-TW"), ("zh_tw", "zh-TW"), ("ZH-CN", "zh-CN"), ("en", "en")])
def test_course_lang_wins_in_any_spelling(spelled, meant, monkeypatch, tmp_path):
    notebook(tmp_path / "01.ipynb", "zh-CN" if meant != "zh-CN" else "zh-TW")
    monkeypatch.setenv(language.ENVIRONMENT, spelled)
    assert language.current() == meant


def test_an_unknown_course_lang_falls_back_to_the_notebook(monkeypatch, tmp_path):
    notebook(tmp_path / "01.ipynb", "zh-TW")
    monkeypatch.setenv(language.ENVIRONMENT, "klingon")
    assert language.current() == "zh-TW"


def test_the_notebook_jupyterlab_names_decides(monkeypatch, tmp_path):
    notebook(tmp_path / "here.ipynb", "zh-CN")  # the working directory holds another edition
    session = notebook(tmp_path / "elsewhere" / "01.ipynb", "zh-TW")
    monkeypatch.setenv("JPY_SESSION_NAME", str(session))
    assert language.current() == "zh-TW"


def test_an_english_notebook_named_by_jupyterlab_is_english(monkeypatch, tmp_path):
    notebook(tmp_path / "here.ipynb", "zh-CN")
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook(tmp_path / "elsewhere" / "01.ipynb")))
    assert language.current() == "en"


def test_the_notebook_beside_the_kernel_decides(tmp_path):
    notebook(tmp_path / "03_all_scores.ipynb", "zh-CN")
    assert language.current() == "zh-CN"


def test_notebooks_of_two_languages_beside_the_kernel_mean_english(tmp_path):
    notebook(tmp_path / "a.ipynb", "zh-TW")
    notebook(tmp_path / "b.ipynb")
    assert language.current() == "en"


def test_a_broken_notebook_beside_the_kernel_is_ignored(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{ not json")
    notebook(tmp_path / "a.ipynb", "zh-TW")
    assert language.current() == "zh-TW"


def test_use_language_sets_and_checks():
    language.use_language("zh_CN")
    assert language.current() == "zh-CN"
    with pytest.raises(ValueError, match="unknown language"):
        language.use_language("fr")
