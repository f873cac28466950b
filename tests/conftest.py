"""Fixtures shared by the suite: one run of the instructor's pipeline, reused by every test that reads it."""

import pytest

from autograder import pipeline


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory):
    """A course root after the whole demo: release, example submissions, autograde, feedback, export."""
    root = tmp_path_factory.mktemp("demo") / "course"
    pipeline.demo(root)
    return root


@pytest.fixture
def as_written():
    """as_written(exercise, wrong): a mistaken function as the student hands it in (a class for a class exercise)."""
    from course_lib.exercises import as_written

    return as_written
