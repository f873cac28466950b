"""The exception a failed check or hidden test raises.

In a notebook it shows as its message alone, with no traceback: IPython asks
an exception for ``_render_traceback_`` and prints what it returns. nbgrader
still sees an error in the cell, so the cell earns no points.
"""

import textwrap


class CheckFailed(AssertionError):
    """A check that found the student's answer wrong; ``str()`` is the whole explanation."""

    def __init__(self, heading, explanation):
        self.heading = heading
        self.explanation = explanation
        super().__init__(f"{heading}\n{explanation}")

    def _render_traceback_(self):
        lines = [self.heading]
        for paragraph in self.explanation.split("\n"):
            lines.extend(textwrap.wrap(paragraph, width=100) or [""])
        return lines
