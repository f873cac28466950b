"""nbgrader's late penalty, applied to a safely graded submission exactly as nbgrader's autograde applies it.

nbgrader's autograde ends with its ``AssignLatePenalties`` preprocessor: for
each submitted notebook it asks the configured late-submission plugin
(``c.AssignLatePenalties.plugin_class``, nbgrader's ``LateSubmissionPlugin``
with ``c.LateSubmissionPlugin.penalty_method`` by default) for a penalty from
the notebook's score and the submission's seconds past the due date, and
stores it in the gradebook. The safe pipeline does not run autograde, so
``assign_late_penalty`` runs that same preprocessor, configured from the
course's nbgrader_config.py, once the scores and the timestamp are stored.
"""

from functools import lru_cache

import nbformat
from nbgrader.preprocessors import AssignLatePenalties
from traitlets.config import Config, PyFileConfigLoader

from ..course import AUTOGRADER


@lru_cache(maxsize=1)
def course_config():
    """The traitlets Config of autograder/nbgrader_config.py (where a late penalty is configured)."""
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADER))
    try:
        return loader.load_config()
    except Exception:  # a config nbgrader itself could not load either: no penalty rather than no grade
        return Config()


def assign_late_penalty(db_url, assignment, student, config=None):
    """Set the late penalty of ``student``'s submission in the gradebook, as nbgrader's autograde would (its one
    notebook is named as the assignment, ``course.source_notebook``)."""
    preprocessor = AssignLatePenalties(config=config if config is not None else course_config())
    resources = {"nbgrader": {"notebook": assignment, "assignment": assignment, "student": student, "db_url": db_url}}
    preprocessor.preprocess(nbformat.v4.new_notebook(), resources)
