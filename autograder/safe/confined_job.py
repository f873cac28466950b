"""One submission's job as files, and what a grading worker does with it: unpack, run confined, read back.

A job is plain data: ``{relative path: bytes}`` of the files the sandbox's
scratch folder holds. The driver packs them (``packed``) where the local
pipeline writes them (``grade_one``): the runner and the student edition of
course_lib, the same for every submission, and the submission's own
``job.json`` (the instructor's cells with the student's solution cells) and
``inputs/`` (the student's hidden inputs). Neither the hidden tests' sources,
the reference answers nor the gradebook are in it.

``run_job`` is what a Dask worker runs: it writes the files into a fresh
scratch folder, runs the runner there confined by bubblewrap with the same
limits as the local pipeline (``sandbox.run_confined``), reads back what it
recorded as untrusted data (``results``) and removes the folder. It returns
the records and the run's facts; the judging stays with the driver. A worker
where bubblewrap cannot confine raises ``CannotConfine`` instead of running
anything: on a worker, student code never runs unconfined.

This module and what it imports (``sandbox``, ``results`` and their own
imports) are all a worker needs of the course: ``cluster.grading_kit``
sends them to each worker.
"""

import shutil
import socket
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from .leftovers import left_behind, owned_prefix
from .results import read_results
from .sandbox import bubblewrap_works, run_confined

_WORKER_JOBS_PREFIX = "course-worker-jobs-"  # a worker's scratch folders, in its temporary folder


class CannotConfine(RuntimeError):
    """This worker has no working bubblewrap: it refuses to run student code."""


def packed(folder):
    """{path relative to ``folder``: bytes} of every regular file under ``folder`` (the grader's own files only)."""
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def unpack(files, folder):
    """Write ``files`` ({relative path: bytes}) under ``folder``; a path leaving it is refused."""
    folder = Path(folder)
    for name, data in files.items():
        path = folder / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise ValueError(f"a job file outside its folder: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def as_given(value):
    """``value`` itself: a task whose result the scheduler can make again where a worker holding it is lost."""
    return value


def refusal():
    """"" where this machine confines student code, else the reason it refuses to grade (for the instructor)."""
    if bubblewrap_works():
        return ""
    return (f"worker on {socket.gethostname()} cannot confine: bubblewrap is missing or cannot start a sandbox "
            "there (apt-get install bubblewrap; see docs/cluster.md); it refuses to run student code unconfined")


def _scratch():
    parent = Path(tempfile.gettempdir())
    for folder in left_behind(parent, _WORKER_JOBS_PREFIX):  # a killed worker's folders
        shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=owned_prefix(_WORKER_JOBS_PREFIX)))


def run_job(shared_files, job_files, cell_count, budget):
    """Run one job confined: {"records": [[cell index, record]], "run": the RunResult as a dict}.

    ``shared_files`` and ``job_files`` are packed folders (``packed``), laid out together as one scratch folder;
    ``cell_count`` the job's number of cells; ``budget`` the run's seconds of wall time.
    """
    reason = refusal()
    if reason:
        raise CannotConfine(reason)
    scratch = _scratch()
    try:
        unpack(shared_files, scratch)
        unpack(job_files, scratch)
        run = run_confined(scratch, [sys.executable, "runner.py"], budget)
        records = read_results(scratch, cell_count)
        return {"records": [[index, record] for index, record in records.items()], "run": asdict(run)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
