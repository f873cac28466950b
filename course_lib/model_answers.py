"""A written question's model answer, for a learner who has written and saved their own.

``show_model_answer("written_<topic>")`` reads the model answer from the mark
scheme of the instructor's notebook (``notebooks/<id>/<id>.ipynb``: a learner
has the whole repository; the student release of a class has no source, and
there it says the instructor hands model answers out). It is shown in the
learner's language (``course_lib.language``): in a Chinese edition, from the
edition of the task cell (the notebook's catalogue in ``translations/``).

It is shown only once the learner's own answer cell (the markdown cell right
after the question, ``course_lib.cells.answer_to``) holds something other than
``YOUR ANSWER HERE`` in the saved notebook: the notebook the kernel runs
(``JPY_SESSION_NAME``), else the notebooks in the working folder that have
that answer cell.
"""

import json
from pathlib import Path

from . import cells
from .language import ENGLISH, current, saved_notebooks
from .messages import say

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCES = REPOSITORY / "notebooks"


def _sources():
    """The instructor's source notebooks, or [] in the student release (no reference answers, no sources)."""
    import importlib.util

    if importlib.util.find_spec(f"{__package__}.reference") is None or not SOURCES.is_dir():
        return []
    return sorted(path for path in SOURCES.glob("*/*.ipynb") if path.stem == path.parent.name)


def _read(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def find_question(question):
    """(assignment, task cell as JSON) of the written question ``question`` in the sources, or None."""
    for path in _sources():
        document = _read(path)
        for cell in (document or {}).get("cells", []):
            if cells.is_task(cell) and cells.grade_id(cell) == question:
                return path.stem, cell
    return None


def saved_answer(question):
    """The learner's saved answer to ``question`` (the first notebook found that has its answer cell), or None."""
    for path in saved_notebooks():
        document = _read(path)
        cells_found = document.get("cells") if isinstance(document, dict) else None
        if isinstance(cells_found, list):
            answer = cells.written_answers([cell for cell in cells_found if isinstance(cell, dict)]).get(question)
            if answer is not None:
                return answer
    return None


def model_answer_text(assignment, task_cell, language):
    """The model answer of ``task_cell`` in ``language``: from its edition where that translates the cell, else
    the English. A translated mark scheme keeps the English layout: the last paragraph that opens in bold."""
    text = cells.source_text(task_cell)
    if language != ENGLISH:
        try:
            from autograder.editions.build import edition_notebook

            edition = edition_notebook(assignment, language)
            text = next((cells.source_text(cell) for cell in edition.cells
                         if cells.grade_id(cell) == cells.grade_id(task_cell)), text)
        except (ImportError, OSError):
            pass
    return cells.model_answer_of(cells.mark_scheme(text))


def model_answer(question):
    """(the text to show, whether it is the model answer) for the written question ``question``."""
    if not _sources():
        return say("written.release"), False
    found = find_question(question)
    if found is None:
        return say("written.unknown", question=question), False
    answer = saved_answer(question)
    if answer is None or cells.is_unanswered_text(answer):
        return say("written.answer_first", question=question, stub=cells.UNANSWERED_TEXT), False
    assignment, task_cell = found
    return say("written.model_answer", question=question) + "\n\n" + model_answer_text(assignment, task_cell, current()), True


def show_model_answer(question):
    """Print the model answer of the written question ``question`` (e.g. "written_score_symmetry"), once your own
    answer is written in the cell under the question and the notebook saved; else say what to do first."""
    print(model_answer(question)[0])
