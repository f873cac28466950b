"""nbgrader's own commands, run exactly as an instructor would type them in autograder/.

Each step is ``nbgrader <command> ...`` in a subprocess whose working folder is
autograder/ (so nbgrader reads nbgrader_config.py) and whose COURSE_ROOT
names the course root. The virtual environment's bin folder leads PATH,
because nbgrader runs ``alembic`` from PATH to set up the gradebook.
``run_for_assignments`` runs a command for several assignments in one
nbgrader process where it can (nbgrader globs the assignment id).
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


EVERY_ASSIGNMENT = "*"  # nbgrader globs an assignment id: this one matches each assignment folder it reads


def run_for_assignments(root, command, chosen, folders, *options, log=None):
    """``nbgrader <command> ASSIGNMENT <options>`` for each assignment in ``chosen``; their combined output.

    ``folders`` are the assignment folders the command reads (for generate_assignment each source folder, for
    generate_feedback each autograded/<student>/<assignment>). Where the names of these folders are exactly
    ``chosen``, one nbgrader process does them all (the id ``EVERY_ASSIGNMENT``): nbgrader's start-up, about a
    second, is paid once and not once per assignment. Otherwise each assignment gets a process of its own, in
    order. Either way an assignment that fails stops none of the others; ``StepFailed`` comes at the end.
    """
    if len(chosen) > 1 and {Path(folder).name for folder in folders} == set(chosen):
        return run(root, command, EVERY_ASSIGNMENT, *options, log=log)
    outputs, failures = [], []
    for assignment in chosen:
        try:
            outputs.append(run(root, command, assignment, *options, log=log))
        except StepFailed as error:
            failures.append(str(error))
    if failures:
        raise StepFailed("\n".join(failures))
    return "".join(outputs)
