"""The grader's settings in one place: one frozen object, read from the environment once, each name with its unit.

    from autograder.settings import SETTINGS

The README's table "Settings of the grader" lists each with its environment
variable and default. The sandbox's own limits (memory, processes, files) are
``safe.sandbox.Limits``; a learner's instant checks read their time limit in
``course_lib.outcome`` (the same ``COURSE_CHECK_TIME_LIMIT``, read there once
for the kernel and here for the grader).
"""

import os
from dataclasses import dataclass
from pathlib import Path

from course_lib.outcome import TIME_LIMIT as CASE_TIME_LIMIT

from .course import AUTOGRADER
from .safe.results import CELL_OUTPUT_CHARACTERS, RESULTS_FILE_BYTES

MiB = 1024**2
STEP_LIMIT_VARIABLE = "COURSE_GRADER_STEP_LIMIT"


@dataclass(frozen=True)
class Settings:
    course_root: Path = AUTOGRADER                # COURSE_ROOT: where submitted/, autograded/, grading/ and the exports are
    notebook_budget_seconds: float = 30.0         # wall time of one notebook's sandbox run, all its cells together
    grader_step_limit_seconds: float = 20.0       # COURSE_GRADER_STEP_LIMIT: each step of a submission outside the sandbox
    case_time_limit_seconds: float = CASE_TIME_LIMIT  # COURSE_CHECK_TIME_LIMIT: one call of a student's function (0: none)
    cell_output_characters: int = CELL_OUTPUT_CHARACTERS  # of a cell's output kept by the runner (the rest counted, then dropped)
    results_file_bytes: int = RESULTS_FILE_BYTES  # a results file the sandbox wrote larger than this is not read
    notebook_file_bytes: int = 16 * MiB           # a submitted notebook larger than this is not read

    @classmethod
    def from_environment(cls, environ=os.environ):
        """The settings with COURSE_ROOT and COURSE_GRADER_STEP_LIMIT (a positive number of seconds) taken from
        ``environ`` where set; anything else there keeps its default."""
        changed = {}
        if environ.get("COURSE_ROOT"):
            changed["course_root"] = Path(environ["COURSE_ROOT"])
        try:
            step_limit = float(environ.get(STEP_LIMIT_VARIABLE, ""))
        except ValueError:
            step_limit = 0.0
        if step_limit > 0:
            changed["grader_step_limit_seconds"] = step_limit
        return cls(**changed)


SETTINGS = Settings.from_environment()
