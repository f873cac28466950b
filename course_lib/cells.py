"""nbgrader's cell rules, written once: what a cell is, and which cells a grade runs.

A cell's role is in its ``metadata["nbgrader"]``: a solution cell
(``solution``), a graded cell (``grade``); a test cell is graded and not a
solution. The regions a release clears are delimited by nbgrader's own
markers, read from its ClearSolutions and ClearHiddenTests preprocessors.

Every function takes a cell as nbformat's ``NotebookNode`` or as plain JSON
data (a ``source`` given as a list of lines, metadata of any shape), so the
same rule reads the instructor's source, a learner's notebook and an
untrusted submission.

Which cells a grade runs (``cells_a_grade_runs``): the code cells before the
first solution cell (the setup and the pieces a notebook gives), every
solution cell, and a check for every test cell. The code cells after the
first solution cell (pictures, demonstrations, timings) bear on no grade:
a solution may use what the cells before the first exercise define and what
earlier solution cells define, but no demonstration's variables. The grader
and the learner's progress table both follow this one rule.
"""

import copy
import re
from functools import cache

GIVEN, SOLUTION, TEST = "given", "solution", "test"  # the roles of the cells a grade runs


def nbgrader_meta(cell):
    """The cell's nbgrader metadata, or {} when it has none or it is not an object."""
    meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
    return meta if isinstance(meta, dict) else {}


def grade_id(cell):
    """The cell's nbgrader grade_id ("" when it has none)."""
    return nbgrader_meta(cell).get("grade_id", "")


def is_solution(cell):
    return bool(nbgrader_meta(cell).get("solution"))


def is_graded(cell):
    return bool(nbgrader_meta(cell).get("grade"))


def is_test_cell(cell):
    """An autograded test cell: graded, and not a solution (a solution with points is graded by hand)."""
    return is_graded(cell) and not is_solution(cell)


def is_locked(cell):
    return bool(nbgrader_meta(cell).get("locked"))


def source_text(cell):
    """The cell's source as one text (a notebook's JSON may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def cells_a_grade_runs(cells):
    """[(role, cell)] of the code cells a grade runs, in notebook order; role is GIVEN, SOLUTION or TEST."""
    chosen, exercises_begun = [], False
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        if is_solution(cell):
            exercises_begun = True
            chosen.append((SOLUTION, cell))
        elif is_test_cell(cell):
            chosen.append((TEST, cell))
        elif not exercises_begun:
            chosen.append((GIVEN, cell))
    return chosen


def code_a_grade_runs(cells):
    """The source of each given and solution cell a grade runs (what defines the functions the checks call)."""
    return [source_text(cell) for role, cell in cells_a_grade_runs(cells) if role != TEST]


@cache
def _markers():
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    traits = {**ClearSolutions.class_traits(), **ClearHiddenTests.class_traits()}
    solution = (traits["begin_solution_delimeter"].default_value, traits["end_solution_delimeter"].default_value)
    hidden = (traits["begin_test_delimeter"].default_value, traits["end_test_delimeter"].default_value)
    return {SOLUTION: solution, TEST: hidden, "stub": traits["code_stub"].default()["python"] + "\n"}


@cache
def region(kind):
    """The pattern of a ``SOLUTION`` or hidden ``TEST`` region: its two marker lines, and what they enclose as group 1."""
    begin, end = _markers()[kind]
    return re.compile(rf"### {re.escape(begin)}\n(.*?)### {re.escape(end)}", re.DOTALL)


def stub():
    """What a release puts in place of a solution region (nbgrader's code stub for Python)."""
    return _markers()["stub"]


def unanswered(source):
    """A solution cell as released: each solution region replaced by the stub, keeping its indentation."""
    def replaced(match):
        indent = re.match(r"[ \t]*", source[source.rfind("\n", 0, match.start()) + 1:match.start()]).group(0)
        return stub().replace("\n", "\n" + indent).rstrip(" ")
    return re.sub(region(SOLUTION).pattern + r"\n?", replaced, source, flags=re.DOTALL)


def visible_part(source):
    """A test cell without its hidden tests: what the student saw, and what feedback shows."""
    return re.sub(r"\n?" + region(TEST).pattern + r"\n?", "\n", source, flags=re.DOTALL).rstrip()


def student_version(source):
    """A copy of the instructor's notebook ``source`` as the class received it: every solution region replaced by
    the stub, every hidden test removed, no outputs (what ``nbgrader generate_assignment`` writes, cell for cell)."""
    notebook = copy.deepcopy(source)
    for cell in notebook.cells:
        if region(SOLUTION).search(cell.source):
            cell.source = unanswered(cell.source)
        if region(TEST).search(cell.source):
            cell.source = visible_part(cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook
