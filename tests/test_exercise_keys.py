"""Does every exercise key typed anywhere name a real exercise, so that a typo fails here instead of silently
dropping the named mistakes, classes or cases it keys?

Keys look like "03_all_scores/softmax_columns" (``Exercise.base_key``) or
"03_all_scores/softmax_columns:stable" (``Exercise.key``, a variant).
"""

import json
import re
from pathlib import Path

import pytest

from autograder.benchmarks import wrong_answers
from autograder.benchmarks.equivalent_mutants import EQUIVALENT
from course_lib import reference
from course_lib.exercises import EXERCISES, exercises_of
from course_lib.reference.mistaken import MISTAKEN
from course_lib.stored_cases import CHECK_DATA

REPO = Path(__file__).resolve().parent.parent
KEYS = set(EXERCISES)
BASE_KEYS = {exercise.base_key for exercise in EXERCISES.values()}
# A quoted "<two digits>_<notebook>/<function>[:<variant>]", as the tables and tests type them.
TYPED_KEY = re.compile(r"""["'](\d\d_[a-z_]+/[A-Za-z_]+(?::[a-z_]+)?)["']""")


def test_every_named_mistake_is_keyed_by_an_exercise():
    assert set(MISTAKEN) - BASE_KEYS == set()


def test_every_wrong_answer_of_the_catalogue_names_an_exercise():
    assert {answer.exercise for answer in wrong_answers.CATALOGUE} - KEYS == set()


def test_every_class_claimed_for_a_wrong_answer_names_one_of_the_catalogue():
    answers = {(answer.exercise, answer.label) for answer in wrong_answers.CATALOGUE}
    assert set(wrong_answers.CLASSES) - answers == set()


def test_every_equivalent_mutant_names_a_function_of_the_reference():
    """Keys of the equivalent mutants start "<module>.<function>" of the reference, or
    "<exercise's function> <- <module>.<helper>" for a helper's mutant."""
    names = {exercise.name for exercise in EXERCISES.values()}
    missing = set()
    for named in {key.split(":", 1)[0] for key in EQUIVALENT}:
        exercise, _, function = named.rpartition(" <- ")
        module, _, function = function.partition(".")
        if (exercise and exercise not in names) or not hasattr(getattr(reference, module, None), function):
            missing.add(named)
    assert missing == set()


@pytest.mark.parametrize("path", sorted(CHECK_DATA.glob("[01][0-9]_*.json")), ids=lambda path: path.stem)
def test_the_check_data_of_each_notebook_is_keyed_by_its_exercises(path):
    labels = {exercise.label for exercise in exercises_of(path.stem) if exercise.checks}
    assert set(json.loads(path.read_text())) == labels


def typed_keys():
    """(file, key) for every exercise key typed in the course's and the grader's code and tests."""
    for folder in ("course_lib", "autograder", "tests"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for key in TYPED_KEY.findall(path.read_text()):
                yield path.relative_to(REPO).as_posix(), key


def test_keys_are_found_where_they_are_typed():
    """The scan below finds the mistake tables' keys, so it can fail."""
    files = {path for path, _ in typed_keys()}
    assert {"course_lib/reference/mistaken/softmax.py", "autograder/benchmarks/wrong_answers.py"} <= files


def test_every_typed_key_names_an_exercise():
    unknown = sorted((path, key) for path, key in typed_keys() if key not in KEYS)
    assert unknown == []
