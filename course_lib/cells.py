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
first solution cell (pictures, examples, timings) bear on no grade:
a solution may use what the cells before the first exercise define and what
earlier solution cells define, but nothing those later cells define. The grader
and the learner's progress table both follow this one rule.

A demonstration (``is_demonstration``: ``{"course": {"demonstration": true}}``
in a given cell's metadata) is a given cell that only shows something: it
draws, prints or times, and changes nothing but the names it assigns. The
grade (the safe pipeline's run, and the progress table's) leaves one out
when no cell that runs reads a name it assigns (``course_lib.demonstrations``).

Written questions (graded by hand): a task cell (nbgrader's "Manually graded
task": a locked markdown cell, ``task`` true, with points) asks the question
and holds, between nbgrader's mark scheme markers, the rubric for the grader
and a model answer; the markdown cell right after it, whose metadata says
``{"course": {"answer_to": <the task's grade_id>}}``, is the student's answer
(released as nbgrader's text stub, ``YOUR ANSWER HERE``). ``written_questions``
reads them; the student version drops the mark scheme, as nbgrader's
ClearMarkScheme does.
"""

import copy
import re
from dataclasses import dataclass
from functools import cache

from .demonstrations import cells_to_run

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


def is_task(cell):
    """A task cell: a written question graded by hand (nbgrader's "Manually graded task")."""
    return bool(nbgrader_meta(cell).get("task"))


def answer_to(cell):
    """The grade_id of the task cell that ``cell`` answers ("" when it answers none): ``metadata.course.answer_to``."""
    course = cell.get("metadata", {}).get("course", {}) if isinstance(cell, dict) else {}
    answered = course.get("answer_to", "") if isinstance(course, dict) else ""
    return answered if isinstance(answered, str) else ""


def is_demonstration(cell):
    """A given cell that only shows something (a picture, a table, a timing): ``metadata.course.demonstration``."""
    course = cell.get("metadata", {}).get("course", {}) if isinstance(cell, dict) else {}
    return isinstance(course, dict) and course.get("demonstration") is True


def points(cell):
    """The cell's nbgrader points (0 when it has none)."""
    try:
        return float(nbgrader_meta(cell).get("points", 0) or 0)
    except (TypeError, ValueError):
        return 0.0


def is_locked(cell):
    return bool(nbgrader_meta(cell).get("locked"))


def source_text(cell):
    """The cell's source as one text (a notebook's JSON may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


UNANSWERED_TEXT = "YOUR ANSWER HERE"  # nbgrader's text stub: a written answer not yet written


def is_unanswered_text(text):
    """Whether a written answer is still the stub (or empty)."""
    return text.strip() in ("", UNANSWERED_TEXT)


@dataclass(frozen=True)
class WrittenQuestion:
    """One written question of a notebook: its task cell and what its mark scheme says."""

    grade_id: str
    points: float
    question: str          # the task cell as the class reads it (no mark scheme)
    mark_scheme: str       # what lies between the mark scheme markers ("" when there is none)
    answer_index: int      # the index of its answer cell among the notebook's cells (-1 when there is none)

    @property
    def rubric_points(self):
        """The points of the rubric's lines ("- 1 point: …"), in order."""
        return [float(value) for value in _RUBRIC_LINE.findall(self.mark_scheme)]

    @property
    def model_answer(self):
        """The model answer (``model_answer_of`` its mark scheme)."""
        return model_answer_of(self.mark_scheme)

    @property
    def labels_its_model_answer(self):
        """Whether the mark scheme's last paragraph opens with "**Model answer.**", as the format says."""
        return MODEL_ANSWER_LABEL in self.mark_scheme.rsplit("\n\n", 1)[-1]


_RUBRIC_LINE = re.compile(r"^\s*[-*]\s*(\d+(?:\.\d+)?)\s+points?\s*:", re.MULTILINE)
MODEL_ANSWER_LABEL = "**Model answer.**"


def model_answer_of(scheme):
    """The model answer in a mark scheme's text: from its last paragraph that opens with a bold label
    (``**Model answer.**``; an edition translates the label, not the layout) to the end, the label left out."""
    paragraphs = [part.strip() for part in scheme.split("\n\n") if part.strip()]
    labelled = [index for index, part in enumerate(paragraphs) if part.startswith("**")]
    if not labelled or labelled[-1] == 0:
        return ""
    answer = "\n\n".join(paragraphs[labelled[-1]:])
    closing = answer.find("**", 2)
    return answer[closing + 2:].strip() if closing > 0 else ""


def written_questions(cells):
    """[WrittenQuestion] of the task cells among ``cells``, in notebook order, each with the answer cell right after it."""
    cells = list(cells)
    found = []
    for index, cell in enumerate(cells):
        if not is_task(cell):
            continue
        after = index + 1 if index + 1 < len(cells) and answer_to(cells[index + 1]) == grade_id(cell) else -1
        text = source_text(cell)
        found.append(WrittenQuestion(grade_id(cell), points(cell), without_mark_scheme(text).strip(), mark_scheme(text), after))
    return found


def written_answers(cells):
    """{task cell grade_id: the text of the first cell answering it} among ``cells`` (a submission's, a learner's)."""
    found = {}
    for cell in cells:
        task = answer_to(cell)
        if task and task not in found:
            found[task] = source_text(cell)
    return found


def written_problems(cells):
    """What is wrong with the written questions of a notebook's ``cells`` (an empty list when nothing is)."""
    cells = list(cells)
    problems = []
    answered = {answer_to(cell) for cell in cells} - {""}
    tasks = {grade_id(cell) for cell in cells if is_task(cell)}
    for question in written_questions(cells):
        name = question.grade_id
        task = next(cell for cell in cells if is_task(cell) and grade_id(cell) == name)
        if task.get("cell_type") != "markdown" or not is_locked(task) or is_graded(task) or is_solution(task):
            problems.append(f"{name}: a task cell is a locked markdown cell, neither graded nor a solution")
        if not name.startswith("written_"):
            problems.append(f"{name}: a written question's grade_id starts with written_")
        if question.points <= 0:
            problems.append(f"{name}: it has no points")
        if question.answer_index < 0:
            problems.append(f"{name}: the cell after it is not its answer cell (metadata course.answer_to)")
        else:
            answer = cells[question.answer_index]
            if answer.get("cell_type") != "markdown" or source_text(answer) != UNANSWERED_TEXT:
                problems.append(f"{name}: its answer cell is a markdown cell holding exactly {UNANSWERED_TEXT}")
            if "nbgrader" in answer.get("metadata", {}):
                problems.append(f"{name}: its answer cell has nbgrader metadata (it must stay editable)")
        if not question.mark_scheme:
            problems.append(f"{name}: it has no mark scheme")
        elif sum(question.rubric_points) != question.points:
            problems.append(f"{name}: its rubric's points {question.rubric_points} do not add up to {question.points:g}")
        if question.mark_scheme and not (question.model_answer and question.labels_its_model_answer):
            problems.append(f"{name}: its mark scheme does not end with a model answer ({MODEL_ANSWER_LABEL} …)")
        begin, end = _markers()["mark_scheme"]
        marked = [line for line in source_text(task).split("\n") if begin in line or end in line]
        if marked and (len(marked) != 2 or begin not in marked[0] or end not in marked[1]):
            problems.append(f"{name}: its mark scheme markers do not pair up (one begin line, then one end line)")
    for cell in cells:
        if not is_task(cell) and any(marker in source_text(cell) for marker in _markers()["mark_scheme"]):
            problems.append(f"{grade_id(cell) or 'a cell'}: a mark scheme outside a task cell")
    problems += [f"an answer cell answers {name}, which is no task cell" for name in sorted(answered - tasks)]
    return problems


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


def code_a_grade_runs(cells, looked_up=()):
    """The source of each given and solution cell a grade runs (what defines the functions the checks call), without
    the demonstrations that assign no name a later one, or a check (``looked_up``: the names checks look up), reads."""
    chosen = [cell for role, cell in cells_a_grade_runs(cells) if role != TEST]
    sources = [source_text(cell) for cell in chosen]
    return [sources[index] for index in cells_to_run(sources, lambda index: is_demonstration(chosen[index]), looked_up)]


@cache
def _markers():
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    from nbgrader.preprocessors import ClearMarkScheme

    traits = {**ClearSolutions.class_traits(), **ClearHiddenTests.class_traits(), **ClearMarkScheme.class_traits()}
    solution = (traits["begin_solution_delimeter"].default_value, traits["end_solution_delimeter"].default_value)
    hidden = (traits["begin_test_delimeter"].default_value, traits["end_test_delimeter"].default_value)
    scheme = (traits["begin_mark_scheme_delimeter"].default_value, traits["end_mark_scheme_delimeter"].default_value)
    return {SOLUTION: solution, TEST: hidden, "mark_scheme": scheme, "stub": traits["code_stub"].default()["python"] + "\n"}


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


def _mark_scheme_lines(text):
    """(the lines outside the mark scheme, the lines inside it) of a cell's text: a line holding nbgrader's
    begin marker opens it, one holding the end marker closes it (the markers' lines belong to neither)."""
    begin, end = _markers()["mark_scheme"]
    outside, inside, within = [], [], False
    for line in text.split("\n"):
        if begin in line and not within:
            within = True
        elif end in line and within:
            within = False
        else:
            (inside if within else outside).append(line)
    return outside, inside


def without_mark_scheme(text):
    """A task cell's text as the class reads it: the mark scheme removed (nbgrader's ClearMarkScheme)."""
    outside, _ = _mark_scheme_lines(text)
    return "\n".join(outside)


def mark_scheme(text):
    """The text of a task cell's mark scheme ("" when it has none)."""
    _, inside = _mark_scheme_lines(text)
    return "\n".join(inside).strip()


def student_version(source, mark_schemes=False):
    """A copy of the instructor's notebook ``source`` as the class received it: every solution region replaced by
    the stub, every hidden test removed, every mark scheme removed, no outputs (what ``nbgrader
    generate_assignment`` writes, cell for cell). ``mark_schemes``: keep the task cells' mark schemes, as in the
    autograded notebook formgrader shows a grader (nbgrader's OverwriteCells puts them back there)."""
    notebook = copy.deepcopy(source)
    for cell in notebook.cells:
        if is_task(cell) and not mark_schemes:
            cell.source = without_mark_scheme(cell.source)
        if region(SOLUTION).search(cell.source):
            cell.source = unanswered(cell.source)
        if region(TEST).search(cell.source):
            cell.source = visible_part(cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook
