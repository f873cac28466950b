"""Fixtures shared by the suite: one run of the instructor's pipeline, reused by every test that reads it."""

import re

import nbformat
import pytest

from autograder import pipeline
from autograder.course import assignments, source_notebook

_REGIONS = {"solution": re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.DOTALL),
            "hidden test": re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)}


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


@pytest.fixture(scope="session")
def secret_lines():
    """{kind: lines}: lines of the instructors' sources that stand only inside solution regions, or only inside
    hidden-test regions (longer than 8 characters, so that "return x" alone is no leak)."""
    cells = [cell.source for a in assignments() for cell in nbformat.read(source_notebook(a), as_version=4).cells]
    found = {}
    for kind, region in _REGIONS.items():
        elsewhere = "\n".join(region.sub("", source) for source in cells)
        found[kind] = sorted({line.strip() for source in cells for part in region.findall(source)
                              for line in part.splitlines() if len(line.strip()) > 8 and line.strip() not in elsewhere})
    return found


@pytest.fixture(scope="session")
def leaks_in(secret_lines):
    """leaks_in(text) -> the secret lines (solutions, hidden tests) that ``text`` holds; [] when none."""
    lines = [line for kind in secret_lines.values() for line in kind]

    def leaks(text):
        return [line for line in lines if line in text]

    return leaks
