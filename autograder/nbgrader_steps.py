"""nbgrader's own commands, run exactly as an instructor would type them in autograder/.

Each step is ``nbgrader <command> ...`` in a subprocess whose working folder is
autograder/ (so nbgrader reads nbgrader_config.py) and whose COURSE_ROOT
names the course root. The virtual environment's bin folder leads PATH,
because nbgrader runs ``alembic`` from PATH to set up the gradebook.
"""

import os
import subprocess
import sys
from pathlib import Path

from .course import AUTOGRADER


class StepFailed(RuntimeError):
    """An nbgrader command exited with an error; the message holds its last lines of output."""


def nbgrader_env(root):
    env = dict(os.environ)
    env["COURSE_ROOT"] = str(Path(root).resolve())
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run(root, *arguments, log=None):
    """Run ``nbgrader <arguments>`` for the course at ``root``; return its combined output."""
    command = [str(Path(sys.executable).parent / "nbgrader"), *arguments]
    result = subprocess.run(command, cwd=AUTOGRADER, env=nbgrader_env(root),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if log is not None:
        with open(log, "a") as handle:
            handle.write(f"$ nbgrader {' '.join(arguments)}\n{result.stdout}\n")
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-15:])
        raise StepFailed(f"nbgrader {' '.join(arguments)} failed (exit {result.returncode}):\n{tail}")
    return result.stdout
