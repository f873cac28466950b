"""course_lib: the shared library of the self-attention course.

Notation (see the README's notation section): vectors are columns, I has the
inputs a^1 … a^N as columns, A = Kᵀ Q, softmax runs over each column, O = V A'.

- ``course_lib.checks``: instant checks for the exercises (``check_<function>``).
- ``course_lib.plots``: attention heatmaps and shape diagrams.
- ``course_lib.examples``: the course's example (four inputs, as the lecture draws them; the numbers are the
  course's own) and seeded random problems.
- Reference answers, e.g. ``course_lib.self_attention(I, Wq, Wk, Wv)`` and
  ``course_lib.softmax_columns(A)``, and ``course_lib.show_reference(name)``
  to read one after an attempt (after the exercise's check has run in this
  kernel, passed or failed; a failed check offers it), or before one with
  ``confirm=True``: in the full repository only; the student release of a
  class leaves them out.
- ``course_lib.show_model_answer("written_<topic>")``: a written question's
  model answer, once your own answer is written and saved
  (``course_lib.model_answers``).
"""

import importlib


def show_reference(name, confirm=False):
    """Print the reference answer for exercise ``name`` once its check has run in this kernel (passed or failed);
    before that, only with ``confirm=True``, and otherwise say how to try first."""
    import inspect

    from .attempts import tried
    from .messages import say

    answer = __getattr__(name)  # in the student release: an AttributeError that says there is none
    if not (tried(name) or confirm):
        print(say("reference.try_first", name=name))
        return
    print(inspect.getsource(answer))


def show_model_answer(question):
    """Print the model answer of the written question ``question`` once your answer is written and saved."""
    try:
        from .model_answers import show_model_answer as show
    except ModuleNotFoundError:  # the student release of a class: it has no model answers
        from .messages import say

        print(say("written.release"))
        return
    show(question)


def _reference_names():
    """(reference package or None, the names of its answers): what ``course_lib.reference`` exports where it
    exists; in the student release, where it does not, the exercises' names, so that asking for one says why."""
    try:
        reference = importlib.import_module(".reference", __name__)
    except ModuleNotFoundError:
        from .exercises import EXERCISES

        return None, {exercise.name for exercise in EXERCISES.values()}
    return reference, set(reference.__all__)


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError(f"module 'course_lib' has no attribute {name!r}")
    reference, names = _reference_names()
    if name in names:
        if reference is None:
            raise AttributeError(
                f"course_lib.{name} is a reference answer; this copy of course_lib is the "
                "student release, which has none. Write your own in the notebook."
            )
        return getattr(reference, name)
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        pass
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _reference_names()[1])
