"""Are ``reference/__init__``'s names the reference answers, the ones ``course_lib`` gives, and the
exercises' functions; and does the student release, which has no reference answers, say so?"""

import importlib

import pytest

import course_lib
from course_lib import reference
from course_lib.exercises import EXERCISES

from .conftest import SIZES


def test_public_names_are_the_reference_answers(lecture_problem):
    assert course_lib.self_attention is reference.self_attention
    assert course_lib.softmax_columns is reference.softmax_columns
    assert course_lib.self_attention(*lecture_problem).shape == (SIZES["d_v"], SIZES["N"])


def test_every_reference_name_is_a_reference_answer():
    assert all(callable(getattr(reference, name)) for name in reference.__all__)
    assert all(getattr(course_lib, name) is getattr(reference, name) for name in reference.__all__)


def test_every_exercise_has_its_answer_among_the_reference_names():
    """The student release, without reference/, says "a reference answer" for exactly the exercises' names."""
    assert {exercise.name for exercise in EXERCISES.values()} <= set(reference.__all__)


def test_the_student_release_explains_a_missing_reference_answer(monkeypatch):
    import_module = importlib.import_module

    def no_reference(name, package=None):
        if name == ".reference":
            raise ModuleNotFoundError(name)
        return import_module(name, package)

    monkeypatch.setattr(course_lib.importlib, "import_module", no_reference)
    with pytest.raises(AttributeError, match="student release"):
        course_lib.softmax_columns
    assert "softmax_columns" in dir(course_lib)
