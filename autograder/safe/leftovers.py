"""Folders named after the grader process that made them, so that the next grader can remove what a killed one left.

A grader killed during a run (SIGKILL, a crash) cannot remove its run's
control group, unmount its scratch tmpfs or delete its temporary files. Each
such folder's name starts with a prefix and the grader's process id; a
folder whose process is gone is left over.
"""

import os
from pathlib import Path


def owned_prefix(prefix):
    """The start of a name for a folder this process makes: ``prefix``, its process id, a dash."""
    return f"{prefix}{os.getpid()}-"


def left_behind(parent, prefix):
    """Folders in ``parent`` named by ``owned_prefix(prefix)`` of a process that no longer runs."""
    for folder in Path(parent).glob(prefix + "*"):
        owner = folder.name[len(prefix):].split("-")[0]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            yield folder
