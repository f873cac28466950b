"""Are the instant checks' stored answers what the reference answers give today, on any CPU?"""

import dataclasses
import json

import numpy as np
import pytest

from course_lib import exercises
from course_lib.reference import build_check_data, softmax
from course_lib.reference.staleness import differences, nudged
from course_lib.stored_cases import LECTURE_CHAIN, load, path_for

NOTEBOOKS = build_check_data.notebooks()


def stored(notebook):
    return json.loads(path_for(notebook).read_text())


@pytest.mark.parametrize("notebook", [*NOTEBOOKS, LECTURE_CHAIN])
def test_stored_check_data_is_up_to_date(notebook):
    stale = build_check_data.stale_entries(notebook)
    assert not stale, (f"{path_for(notebook)} is stale: run python -m course_lib.reference.build_check_data\n  "
                       + "\n  ".join(stale[:10]))


@pytest.mark.parametrize("ulps", [1, 4, 64])
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_a_file_rebuilt_on_a_cpu_that_rounds_otherwise_is_not_stale(notebook, ulps):
    """Every stored number moved by up to ``ulps`` units in the last place still means the same."""
    other_cpu = nudged(stored(notebook), np.random.default_rng(ulps), ulps)
    assert other_cpu != stored(notebook)
    rng = np.random.default_rng(0)
    noise = build_check_data.document(notebook, adjust_args=lambda args: nudged(args, rng))
    assert differences(other_cpu, build_check_data.document(notebook), noise) == []


def test_a_changed_reference_answer_is_stale(monkeypatch):
    """A reference answer off by one part in a billion, a hundred times finer than any check, is caught."""
    right = softmax.softmax_columns
    monkeypatch.setattr(softmax, "softmax_columns", lambda A: right(A) * (1 + 1e-9))
    monkeypatch.setattr("course_lib.reference.softmax_columns", softmax.softmax_columns)
    stale = build_check_data.stale_entries("03_all_scores")
    assert any(line.startswith("/softmax_columns[0]/expected[0]") for line in stale), stale


def test_a_changed_case_is_stale(monkeypatch):
    """Another seed or other sizes for a check case make other arguments and other answers."""
    key = "01_one_query_scores/inner_product"
    first, second = exercises.EXERCISES[key].checks
    changed = dataclasses.replace(exercises.EXERCISES[key], checks=(dataclasses.replace(first, seed=first.seed + 1), second))
    monkeypatch.setitem(exercises.EXERCISES, key, changed)
    stale = build_check_data.stale_entries("01_one_query_scores")
    assert any(line.startswith("/inner_product[0]/args/q") for line in stale), stale
    assert not any(line.startswith("/inner_product[1]") for line in stale)


def test_a_missing_or_extra_exercise_or_mistake_is_stale():
    rebuilt = build_check_data.document("03_all_scores")
    without = {name: cases for name, cases in rebuilt.items() if name != "relu_columns"}
    assert differences(without, rebuilt) == ["/relu_columns: rebuilt only"]
    assert differences(rebuilt, without) == ["/relu_columns: stored only"]
    fewer_mistakes = json.loads(json.dumps(rebuilt))
    mistake = next(iter(fewer_mistakes["softmax_columns"][0]["mistakes"]))
    del fewer_mistakes["softmax_columns"][0]["mistakes"][mistake]
    assert differences(fewer_mistakes, rebuilt) == [f"/softmax_columns[0]/mistakes/{mistake}: rebuilt only"]


def test_whole_numbers_shapes_and_labels_must_match_exactly():
    rebuilt = build_check_data.document("05_whole_layer")
    changed = json.loads(json.dumps(rebuilt))
    changed["parameter_count"][0]["expected"][0]["data"][0] += 1
    changed["self_attention"][1]["label"] += " "
    assert len(differences(changed, rebuilt)) == 2


def test_nan_and_inf_must_stand_in_the_same_places():
    finite = {"x": {"shape": [3], "data": [1.0, 2.0, 3.0]}}
    with_nan = {"x": {"shape": [3], "data": [1.0, float("nan"), 3.0]}}
    with_inf = {"x": {"shape": [3], "data": [1.0, float("inf"), 3.0]}}
    assert differences(with_nan, finite) == ["/x: nan or inf in other places"]
    assert differences(with_nan, with_inf) == ["/x: nan or inf in other places"]
    assert differences(with_nan, json.loads(json.dumps(with_nan))) == []


def test_every_exercise_has_stored_cases_with_their_mistakes():
    for notebook in NOTEBOOKS:
        for name, cases in load(notebook).items():
            assert len(cases) >= 2, name
            for case in cases:
                assert case["expected"], name
