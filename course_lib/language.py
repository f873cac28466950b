"""Which language the learner reads: the course's messages follow the edition they opened.

In order, the first that answers:

1. ``COURSE_LANG`` in the environment (``en``, ``zh-TW``, ``zh-CN``; ``zh_TW``
   and any case work too): a learner's override.
2. The notebook the kernel runs. A Chinese edition's notebook says its
   language in its metadata, ``course.language``; its code cells are the
   English ones, byte for byte. JupyterLab tells the kernel which notebook it
   runs (``JPY_SESSION_NAME``, the notebook's path); otherwise the notebooks
   in the working directory answer (a kernel starts in its notebook's folder:
   JupyterLab, nbconvert, nbclient), when they all say the same language.
   A notebook without the entry is English.
3. English.

The answer is looked up once per process; ``use_language`` sets it (or,
given None, looks it up again).
"""

import json
import os
from contextlib import contextmanager
from pathlib import Path

ENGLISH = "en"
LANGUAGES = (ENGLISH, "zh-TW", "zh-CN")
ENVIRONMENT = "COURSE_LANG"
_SPELLINGS = {language.lower().replace("-", "_"): language for language in LANGUAGES}

_chosen = None


def normalised(name):
    """``name`` as one of LANGUAGES (``zh_tw`` → ``zh-TW``), or None when it is not one."""
    if not isinstance(name, str):
        return None
    return _SPELLINGS.get(name.strip().lower().replace("-", "_"))


def declared_language(document):
    """The language a parsed notebook declares (``metadata.course.language``); English without one or with
    anything else there (a student's notebook is untrusted: only a known language is taken)."""
    metadata = document.get("metadata") if isinstance(document, dict) else None
    course = metadata.get("course") if isinstance(metadata, dict) else None
    return (normalised(course.get("language")) if isinstance(course, dict) else None) or ENGLISH


def notebook_language(path):
    """The language a notebook file declares: English without one, None if unreadable."""
    try:
        return declared_language(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def saved_notebooks():
    """The notebook files this kernel may be running: the running one (``JPY_SESSION_NAME``) where it is found,
    else those in the working folder (at most 50)."""
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb"):
        for path in (Path(session), Path.cwd() / Path(session).name):
            if path.is_file():
                return [path]
    return sorted(Path.cwd().glob("*.ipynb"))[:50]


def _running_notebook():
    """The language of the notebook this kernel runs, or None when no notebook can be found."""
    found = {notebook_language(path) for path in saved_notebooks()} - {None}
    return found.pop() if len(found) == 1 else None


def detected():
    """The language from the environment, else from the running notebook, else English."""
    return normalised(os.environ.get(ENVIRONMENT)) or _running_notebook() or ENGLISH


def current():
    """The learner's language, one of LANGUAGES (looked up on first use)."""
    global _chosen
    if _chosen is None:
        _chosen = detected()
    return _chosen


def use_language(language):
    """Speak ``language`` from now on (one of LANGUAGES); None: look it up again on next use."""
    global _chosen
    if language is not None and normalised(language) is None:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
    _chosen = normalised(language) if language is not None else None


@contextmanager
def speaking(language):
    """Speak ``language`` inside the block (e.g. a student's feedback in the edition they submitted), then as before."""
    global _chosen
    before = _chosen
    use_language(language)
    try:
        yield
    finally:
        _chosen = before
