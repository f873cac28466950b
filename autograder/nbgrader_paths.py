"""nbgrader's converters (autograde, generate_feedback) with folder names taken literally, not as glob patterns.

nbgrader finds each student's folder with a glob, then globs for the
notebooks inside the path it found. A student id holding ``[`` (say
``kim[2]``) turns that second glob into a character class that no longer
matches its own folder: the student gets no feedback, and nbgrader says only
"No notebooks were matched". nbgrader_config.py calls
``take_folder_names_literally``, which makes the second glob escape the path
first (``glob.escape``); everything else is nbgrader's.
"""

import glob
import os

from nbgrader.converters.base import BaseConverter, NbGraderException


def _init_notebooks(self):
    self.assignments = {}
    self.notebooks = []
    folders = glob.glob(self._format_source(self.coursedir.assignment_id, self.coursedir.student_id))
    for folder in folders:
        found = glob.glob(os.path.join(glob.escape(folder), self.coursedir.notebook_id + ".ipynb"))
        if found:
            self.assignments[folder] = found
        else:
            self.log.warning("No notebooks were matched in '%s'", folder)
    if not self.assignments:
        message = f"No notebooks were matched by '{self._format_source(self.coursedir.assignment_id, self.coursedir.student_id)}'"
        self.log.error(message)
        raise NbGraderException(message)


def take_folder_names_literally():
    """Make every nbgrader converter of this process glob a found folder's notebooks with the folder's name escaped."""
    BaseConverter.init_notebooks = _init_notebooks
