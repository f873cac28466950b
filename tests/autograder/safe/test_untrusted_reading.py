"""Does the grader read what a student controls without following, blocking on, or believing it?"""

import json
import os
import time

import pickle
import stat

import numpy as np
import pytest

from autograder.adversarial import ASSIGNMENT
from autograder.course import load_source
from autograder.safe.answers import notebook_cells, read_answers
from autograder.safe.results import Forged, _shape_problem, checked, read_results
from autograder.safe.untrusted_files import Refused, entries, kind_of, opened_folder, read_regular
from autograder.safe.untrusted_json import parse
from course_lib.cells import grade_id, is_solution
from course_lib.language import ENGLISH, speaking
from course_lib.messages import FILE_KINDS, say


def read(folder, name, limit=1000):
    with opened_folder(folder) as fd:
        return read_regular(fd, name, limit)


@pytest.mark.parametrize("make, kind", [
    (lambda path: path.symlink_to("/dev/zero"), "a symbolic link"),
    (lambda path: os.mkfifo(path), "a FIFO"),
    (lambda path: path.mkdir(), "a folder"),
    (lambda path: path.symlink_to(path), "a symbolic link"),
])
def test_a_link_a_fifo_or_a_folder_is_refused_at_once_with_its_kind(tmp_path, make, kind):
    make(tmp_path / "x.ipynb")
    started = time.monotonic()
    with pytest.raises(Refused, match=kind):
        read(tmp_path, "x.ipynb")
    assert time.monotonic() - started < 1


def test_a_regular_file_is_read_up_to_its_limit_and_refused_past_it(tmp_path):
    (tmp_path / "a.ipynb").write_bytes(b"x" * 1000)
    assert read(tmp_path, "a.ipynb") == b"x" * 1000
    (tmp_path / "b.ipynb").write_bytes(b"x" * 1001)
    with pytest.raises(Refused, match="more than the 1,000"):
        read(tmp_path, "b.ipynb")


def test_a_folder_that_is_a_link_is_not_opened(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    with pytest.raises(Refused, match="symbolic link"):
        with opened_folder(tmp_path / "linked"):
            pass


def test_entries_name_each_kind_without_following(tmp_path):
    (tmp_path / "n.ipynb").write_text("{}")
    (tmp_path / "l.ipynb").symlink_to("/nonexistent")
    os.mkfifo(tmp_path / "f.ipynb")
    with opened_folder(tmp_path) as fd:
        kinds = {entry.name: entry.kind for entry in entries(fd)}
    assert kinds == {"f.ipynb": "a FIFO (named pipe)", "l.ipynb": "a symbolic link", "n.ipynb": "a regular file"}


@pytest.mark.parametrize("raw, reason", [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"[" * 70 + b"]" * 70, "more than 64 levels"),
    (b"{\"a\": \xe9}", "UnicodeDecodeError"),
    (b"{\"cells\": [", "JSONDecodeError"),
])
def test_json_too_deep_or_broken_is_refused_with_a_reason(raw, reason):
    with pytest.raises(Refused, match=reason):
        parse(raw, "x.ipynb")


def test_json_in_utf16_is_read():
    assert parse(json.dumps({"a": "é"}).encode("utf-16"), "x") == {"a": "é"}


def notebook(cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


@pytest.mark.parametrize("document, reason", [
    ([], "not an object"),
    ({"nbformat": 3, "worksheets": []}, "format 4"),
    (notebook({}), "'cells' is not a list"),
    (notebook([None]), "cell 1 is not an object"),
    (notebook([{"cell_type": "code", "metadata": None, "source": ""}]), "metadata is not an object"),
    (notebook([{"cell_type": "code", "metadata": {"nbgrader": []}, "source": ""}]), "nbgrader metadata"),
    (notebook([{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": 3}}, "source": ""}]), "grade_id"),
    (notebook([{"cell_type": "code", "metadata": {}, "source": ["a", 7]}]), "source is neither"),
    (notebook([{"cell_type": 1, "metadata": {}, "source": ""}]), "cell_type"),
])
def test_any_shape_that_is_not_a_notebook_is_refused_naming_the_part(document, reason):
    with pytest.raises(Refused, match=reason):
        notebook_cells(document, "x.ipynb")


def test_a_lone_surrogate_in_the_code_becomes_its_escape():
    cells = notebook_cells(notebook([{"cell_type": "code", "metadata": {}, "source": "s = '\ud800'"}]), "x")
    assert cells[0].source == "s = '\\ud800'"
    cells[0].source.encode("utf-8")


@pytest.mark.parametrize("array", [
    {"shape": [1], "data": ["x"], "dtype": "U268435456"},
    {"shape": [1], "data": [1], "dtype": "object"},
    {"shape": [10**4, 10**4], "data": []},
    {"shape": [1] * 9, "data": [1.0]},
    {"shape": [2], "data": [1.0]},
    {"shape": [1], "data": ["1"]},
    {"shape": [1], "data": [True], "dtype": "int64"},
    {"shape": "1", "data": [1.0]},
])
def test_a_forged_array_is_refused(array):
    with pytest.raises(Forged):
        checked({"cases": [{"value": {"array": array}}]})


def test_an_honest_record_passes_unchanged_and_its_text_is_capped_and_escaped():
    from course_lib.outcome import run_student

    case = run_student(lambda A, n: (A.T, n + 1), {"A": np.eye(2), "n": 3}).to_record()
    record = {"cases": [case], "output": "fine", "tampered": [], "helpers": ["softmax_columns"]}
    assert checked(record) == record and _shape_problem(record) == ""
    forged = checked({"output": "\x1b[2J" + "x" * 50_000})
    assert forged["output"].startswith("\\x1b[2J") and len(forged["output"]) < 20_300


def test_results_behind_a_link_or_a_fifo_read_as_unreadable(tmp_path):
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "000.json").write_text("{}")
    (tmp_path / "results").symlink_to(tmp_path / "kept")
    assert read_results(tmp_path, 2) == {0: None, 1: None}
    (tmp_path / "results").unlink()
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "000.json").write_text(json.dumps({"output": "ok"}))
    os.mkfifo(tmp_path / "results" / "001.json")
    assert read_results(tmp_path, 3) == {0: {"output": "ok"}, 1: None}


def test_a_folder_of_too_many_files_is_refused(tmp_path, monkeypatch):
    from autograder.safe import untrusted_files

    monkeypatch.setattr(untrusted_files, "ENTRY_LIMIT", 3)
    for number in range(4):
        (tmp_path / f"{number}.ipynb").write_text("{}")
    with opened_folder(tmp_path) as fd, pytest.raises(Refused, match="more than 3 files"):
        entries(fd)


@pytest.mark.parametrize("record", [[1], {"cases": {}}, {"cases": ["x"]}, {"tampered": "builtins"},
                                    {"cases": [{"changed_args": [1]}]}, {"cases": [{"value": []}]},
                                    {"cases": [{"operand_shapes": [["3"]]}]}, {"helpers": "softmax_columns"}])
def test_a_record_without_the_runner_s_shape_reads_as_unreadable(tmp_path, record):
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "000.json").write_text(json.dumps(record))
    assert read_results(tmp_path, 1) == {0: None}


FILE_TYPES = (stat.S_IFLNK, stat.S_IFDIR, stat.S_IFIFO, stat.S_IFSOCK, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFREG, 0)


def test_every_kind_of_file_the_grader_names_is_a_word_the_messages_translate():
    assert {kind_of(file_type | 0o644) for file_type in FILE_TYPES} == set(FILE_KINDS)


def test_a_refusal_is_said_in_the_language_current_when_it_is_read_and_survives_pickling():
    refused = pickle.loads(pickle.dumps(Refused("safe.read.file_refused", name="x.ipynb", kind="a symbolic link")))
    assert str(refused) == "x.ipynb was not read: it is a symbolic link."
    with speaking("zh-TW"):
        assert str(refused) == say("safe.read.file_refused", name="x.ipynb", kind="a symbolic link")
        assert str(refused) != "x.ipynb was not read: it is a symbolic link."


def submission(folder, language, cells):
    """A submission folder holding a renamed notebook declaring ``language`` and a FIFO named like a notebook."""
    folder.mkdir()
    metadata = {"course": {"language": language}} if language != ENGLISH else {}
    (folder / "renamed.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": metadata,
                                                      "cells": cells}))
    os.mkfifo(folder / "pipe.ipynb")
    return folder


@pytest.mark.parametrize("language", [ENGLISH, "zh-TW", "zh-CN"])
def test_the_notes_on_a_submission_are_said_in_the_edition_its_notebook_declares(tmp_path, language):
    source = load_source(ASSIGNMENT)
    answers = read_answers(submission(tmp_path / "submitted", language, []), ASSIGNMENT, source)
    assert (answers.language, answers.problem) == (language, "")
    with speaking(language):
        expected = [say("safe.read.entry_ignored", name="pipe.ipynb", kind="a FIFO (named pipe)"),
                    say("safe.read.notebook_renamed", name="renamed.ipynb", expected=f"{ASSIGNMENT}.ipynb")]
        expected += [say("safe.read.solution_missing", cell=grade_id(cell)) for cell in source.cells if is_solution(cell)]
    assert answers.notes == expected
    if language != ENGLISH:
        with speaking(ENGLISH):
            english = say("safe.read.entry_ignored", name="pipe.ipynb", kind="a FIFO (named pipe)")
        assert answers.notes[0] != english and "FIFO" in answers.notes[0], "the kind is said as a word too"


def test_a_notebook_of_the_wrong_shape_is_refused_in_its_own_language_and_broken_json_in_english(tmp_path):
    source = load_source(ASSIGNMENT)
    answers = read_answers(submission(tmp_path / "shape", "zh-TW", {}), ASSIGNMENT, source)
    with speaking("zh-TW"):
        assert answers.problem == say("safe.read.cells_not_a_list", name="renamed.ipynb")
        assert answers.notes[0] == say("safe.read.entry_ignored", name="pipe.ipynb", kind="a FIFO (named pipe)")
    broken = submission(tmp_path / "broken", "zh-TW", [])
    (broken / "renamed.ipynb").write_text("{\"cells\": [")
    answers = read_answers(broken, ASSIGNMENT, source)
    assert answers.language == ENGLISH, "no notebook parsed, no language declared"
    assert answers.problem.startswith("renamed.ipynb is not readable JSON (JSONDecodeError: ")
