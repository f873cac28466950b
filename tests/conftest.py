"""Fixtures shared by the suite: one run of the instructor's pipeline, reused by every test that reads it."""

import nbformat
import pytest

from autograder import pipeline
from autograder.course import REPO, assignments, source_notebook
from course_lib.cells import SOLUTION, TEST, region

_REGIONS = {"solution": region(SOLUTION), "hidden test": region(TEST)}


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


class SecretLines:
    """The lines of the instructor's sources that a student must not see, and from which assignment on they may.

    A secret line stands inside a solution region, or inside a hidden-test region (longer than 8 characters,
    so that "return x" alone is no leak), or is a ``return`` line of a reference answer. A notebook may give
    an earlier notebook's answer as readable code outside those regions (notebook 11 gives notebook 10's
    backward pass): from that assignment on, in the course's order, the line is no longer secret.
    """

    def __init__(self):
        self.order = assignments()
        cells = {a: [cell.source for cell in nbformat.read(source_notebook(a), as_version=4).cells] for a in self.order}
        shown = {a: "\n".join(_outside_regions(source) for source in sources) for a, sources in cells.items()}
        self.by_kind = {kind: {line.strip(): None for sources in cells.values() for source in sources
                               for part in region.findall(source) for line in part.splitlines() if len(line.strip()) > 8}
                        for kind, region in _REGIONS.items()}
        self.by_kind["reference"] = dict.fromkeys(_reference_return_lines())
        for lines in self.by_kind.values():
            for line in lines:
                lines[line] = next((index for index, a in enumerate(self.order) if line in shown[a]), len(self.order))

    def secret_in(self, assignment):
        """The lines that no file of ``assignment``'s release or feedback may hold."""
        index = self.order.index(assignment)
        return sorted({line for lines in self.by_kind.values() for line, shown_from in lines.items() if shown_from > index})


def _outside_regions(source):
    for region in _REGIONS.values():
        source = region.sub("", source)
    return source


def _reference_return_lines():
    for path in (REPO / "course_lib" / "reference").glob("*.py"):
        for line in path.read_text().splitlines():
            code = line.split("#")[0].strip()
            if code.startswith("return ") and len(code) > 12:
                yield code


@pytest.fixture(scope="session")
def secret_lines():
    return SecretLines()


@pytest.fixture(scope="session")
def leaks_in(secret_lines):
    """leaks_in(text, assignment) -> the secret lines (solutions, hidden tests) of ``assignment`` that ``text`` holds."""

    def leaks(text, assignment):
        return [line for line in secret_lines.secret_in(assignment) if line in text]

    return leaks
