"""Grade on a Dask cluster: each submission's sandbox run on a worker, everything else on this machine.

    python -m autograder.safe.batch ASSIGNMENT --scheduler tcp://HOST:8786   (or COURSE_DASK_SCHEDULER)

Without a scheduler the safe batch grades on this machine (``batch``). With
one, this process (the driver) grades in three stages:

1. prepare, in processes of its own as the local batch does (``boundary``,
   each step within its time limit): read each submission's answers and
   write its job (``grade_one.write_job``), then pack the job's files
   (``confined_job.packed``);
2. send each job to the cluster as one task (``confined_job.run_job``): a
   worker runs it in its own bubblewrap sandbox with the local limits and
   sends back the records; a task whose worker dies is run again on another
   (Dask reschedules it; ``RETRIES`` more where the task itself fails);
3. as tasks finish (``as_completed``, all those finished by then together),
   judge their records against the reference answers and write their
   feedback notebooks (in processes of their own again, one per core at a
   time), then store each grade: the gradebook's one transaction and the
   result file, by this process alone, once per submission
   (``grading_run.store_grade``, as the local batch stores its grades).

A worker receives the job's files, the runner and the student edition of
course_lib (sent once, as a task of its own, so the scheduler can send it
again to a new worker) and the modules that run a job (``grading_kit``). The
hidden tests, the instructor's notebooks and the gradebook stay here. A
worker that cannot confine refuses its tasks (``confined_job.CannotConfine``):
the submission is left ungraded and the log says which machine to fix.

The driver talks to the scheduler from its own event loop, in its main thread
(an asynchronous client), so it still holds no thread of its own when it
forks (``boundary``).
"""

import asyncio
import os
import shutil
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from . import confined_job
from .answers import read_answers
from .boundary import kill, start, step, wait_any
from .grade_one import SubmissionGrade, grader_failed, judged, scratch_folder, unreadable, write_job, \
    write_sandbox_files
from .grading_run import clean_up_after, grade_of_failed_process, log_grade, new_job_folder, store_grade, \
    write_feedback
from .job import draw_hidden_cases
from .sandbox import RunResult, confinement

SCHEDULER_SETTING = "COURSE_DASK_SCHEDULER"
RETRIES = 2  # further runs of a task that raised on its worker (a dead worker's tasks are rerun anyway)
CONNECT_SECONDS = 30.0  # to reach the scheduler
KIT_PLUGIN = "course-grading-kit"  # the worker plugin's name: registering the kit again replaces it
# What a worker imports to run a job: confined_job and everything it imports, nothing else of the course.
KIT_MODULES = ("confined_job", "sandbox", "cgroups", "scratch_quota", "leftovers", "results", "runner", "shown_text",
               "untrusted_files", "untrusted_json")


def scheduler_from_environment():
    """The scheduler's address from ``COURSE_DASK_SCHEDULER``, "" where it is not set (grade on this machine)."""
    return os.environ.get(SCHEDULER_SETTING, "").strip()


def how_student_code_runs(scheduler):
    """A line for the log: on the workers of ``scheduler`` (an address), or here (``sandbox.confinement``)."""
    if scheduler:
        return (f"student code runs on the workers of the Dask scheduler at {scheduler}, each confined by bubblewrap "
                "there (a worker that cannot confine refuses to grade)")
    return confinement()


SCHEDULER_HELP = ("a Dask scheduler's address (tcp://HOST:8786): run the sandboxes on its workers "
                  f"(default: ${SCHEDULER_SETTING}, else on this machine); see docs/cluster.md")


def grading_kit(folder):
    """A zip of the package files a worker imports to run jobs (``KIT_MODULES``), written in ``folder``."""
    package = Path(__file__).resolve().parent
    path = Path(folder) / "course_grading_kit.zip"
    with zipfile.ZipFile(path, "w") as kit:
        kit.write(package.parent / "__init__.py", "autograder/__init__.py")
        kit.write(package / "__init__.py", "autograder/safe/__init__.py")
        for module in KIT_MODULES:
            kit.write(package / f"{module}.py", f"autograder/safe/{module}.py")
    return path


def _prepare_in_child(folder, assignment, student, source, scratch):
    """In a grading process: read one submission and write its job; {"grade": plain} where it cannot be run,
    else {"cells": the job's cells, "notes": what reading it noted, "language": the edition submitted}."""
    step("read")
    answers = read_answers(folder, assignment, source)
    if answers.problem:
        return {"grade": unreadable(student, assignment, answers).to_plain()}
    step("build")
    job = scratch_folder(scratch, student, assignment)
    shutil.rmtree(job, ignore_errors=True)
    job.mkdir(parents=True)
    cases = draw_hidden_cases(assignment, student)
    return {"cells": write_job(job, source, answers, assignment, cases), "notes": answers.notes,
            "language": answers.language}


def _judge_in_child(root, source, student, assignment, prepared, outcome, budget):
    """In a grading process: the grade of a run's records, with its feedback notebook written; as plain data."""
    records = {index: record for index, record in outcome["records"]}
    # drawn again in this process (the one that wrote the job is another): the same cases, from the same seed
    cases = draw_hidden_cases(assignment, student)
    grade = judged(student, assignment, prepared["cells"], records, RunResult(**outcome["run"]), prepared["notes"],
                   budget, cases, prepared["language"])
    grade.notes += prepared["extra_notes"]
    step("feedback")
    write_feedback(root, source, grade)
    return grade.to_plain()


def _in_children(function, calls, first_step, workers, step_limit):
    """(key, Finished) of ``function(*arguments)`` for each (key, arguments) of ``calls``, in at most ``workers``
    grading processes at a time (``boundary``), as each ends."""
    pending, running = list(reversed(calls)), []
    try:
        while pending or running:
            while pending and len(running) < workers:
                key, arguments = pending.pop()
                running.append(start(function, arguments, key, first_step, step_limit))
            child, finished = wait_any(running)
            running.remove(child)
            yield child.key, finished
    finally:
        for child in running:
            kill(child)


def _prepare_all(todo, assignment, source, scratch, workers, step_limit):
    """{student: prepared job or finished grade} of every (student, folder, stamp, note, receipt) in ``todo``,
    prepared in at most ``workers`` processes at a time; a failure as boundary's Finished under "failed"."""
    prepared = {}
    calls = [((student, note, receipt), (folder, assignment, student, source, scratch))
             for student, folder, stamp, note, receipt in todo]
    for (student, note, receipt), finished in _in_children(_prepare_in_child, calls, "read", workers, step_limit):
        job = scratch_folder(scratch, student, assignment)
        if finished.failure:
            clean_up_after(scratch, student, assignment)
            prepared[student] = {"failed": finished}
        else:
            prepared[student] = dict(finished.value, extra_notes=([note] if note else []) + receipt.notes)
            if "cells" in prepared[student]:
                prepared[student]["files"] = confined_job.packed(job)
        shutil.rmtree(job, ignore_errors=True)
    return prepared


def _shared_files(scratch):
    """The packed files every job's scratch folder holds (``grade_one.write_sandbox_files``)."""
    folder = Path(scratch) / "shared"
    folder.mkdir()
    write_sandbox_files(folder)
    files = confined_job.packed(folder)
    shutil.rmtree(folder, ignore_errors=True)
    return files


async def _warn_of_unconfined_workers(client, log):
    """Say loudly which of the workers now connected refuse to grade; (how many confine, how many there are)."""
    refusals = await client.run(confined_job.refusal)
    for address, reason in sorted(refusals.items()):
        if reason:
            log(f"  WARNING: {address}: {reason}")
    return sum(not reason for reason in refusals.values()), len(refusals)


async def _run_on_cluster(address, jobs, shared, budget, kit, log, on_done):
    """Send each of ``jobs`` ({student: prepared job}) to the cluster; ``on_done([(student, outcome, error)])``
    with the tasks finished since it was last called, as they finish."""
    from distributed import Client, as_completed
    from distributed.diagnostics.plugin import UploadFile

    async with Client(address, asynchronous=True, timeout=CONNECT_SECONDS) as client:
        await client.register_plugin(UploadFile(str(kit)), name=KIT_PLUGIN)
        confining, connected = await _warn_of_unconfined_workers(client, log)
        log(f"  on the cluster at {address}: {confining} of the {connected} workers connected confine student code")
        run = uuid.uuid4().hex[:12]
        shared_files = client.submit(confined_job.as_given, shared, key=f"course-sandbox-files-{run}", pure=False)
        futures = {client.submit(confined_job.run_job, shared_files, job["files"], len(job["cells"]), budget,
                                 key=f"course-grade-{run}-{index}", retries=RETRIES, pure=False): student
                   for index, (student, job) in enumerate(jobs.items())}
        finishing = as_completed(futures)
        async for first in finishing:  # with every other task finished by then, judged together
            done = []
            for future in [first, *finishing.next_batch(block=False)]:
                student = futures.pop(future)
                if future.status == "finished":
                    done.append((student, await future, None))
                elif future.status == "cancelled":  # the scheduler restarted or forgot it: nothing came back
                    log(f"  {student}: not graded, its task was cancelled on the cluster; it is graded on the next run")
                else:
                    done.append((student, None, await future.exception()))
                future.release()
            on_done(done)


def grade_on_cluster(address, root, assignment, source, todo, budget, step_limit, log, progress, workers,
                     stages=None):
    """Grade ``todo`` ([(student, folder, stamp, note, receipt)]) through the Dask scheduler at ``address``;
    the number of submissions graded. ``stages``, when given, has the seconds of each stage added by name."""
    these = dict.fromkeys(("prepare", "judge and store", "on the cluster (waiting for results)"), 0.0)
    scratch = new_job_folder()
    done, recorded = 0, set()
    entries = {entry[0]: entry for entry in todo}

    def finish(student, grade, stamp, feedback_written=True):
        nonlocal done
        if student in recorded:  # a second answer for one submission: its grade stands as first stored
            log(f"  {assignment} {student}: a second result for it was ignored")
            return
        recorded.add(student)
        stored = store_grade(root, source, grade, stamp, step_limit, log, entries[student][4], feedback_written)
        done += 1
        if progress is not None:
            progress(done, len(todo))
        if stored is not None:
            log_grade(stored, log)

    def on_done(done):
        began, calls = time.perf_counter(), []
        for student, outcome, error in done:
            if isinstance(error, confined_job.CannotConfine):
                log(f"  {assignment} {student}: not graded, {error}; it is graded on the next run")
            elif error is not None:
                grade = grader_failed(student, assignment, "run", f"{type(error).__name__}: {error}")
                grade.notes += jobs[student]["extra_notes"]
                finish(student, grade, "", feedback_written=False)
            else:
                calls.append((student, (root, source, student, assignment, jobs[student], outcome, budget)))
        for student, finished in _in_children(_judge_in_child, calls, "judge", workers, step_limit):
            if finished.failure:
                finish(student, grade_of_failed_process(student, assignment, finished), "", feedback_written=False)
            else:
                finish(student, SubmissionGrade.from_plain(finished.value), entries[student][2])
        these["judge and store"] += time.perf_counter() - began

    try:
        began = time.perf_counter()
        prepared = _prepare_all(todo, assignment, source, scratch, workers, step_limit)
        shared = _shared_files(scratch)
        these["prepare"] = time.perf_counter() - began
        jobs = {student: job for student, job in prepared.items() if "cells" in job}
        for student, job in prepared.items():
            if "failed" in job:
                finish(student, grade_of_failed_process(student, assignment, job["failed"]), "", feedback_written=False)
            elif "grade" in job:
                grade = SubmissionGrade.from_plain(job["grade"])
                grade.notes += job["extra_notes"]
                finish(student, grade, entries[student][2], feedback_written=False)
        began = time.perf_counter()
        if jobs:
            with tempfile.TemporaryDirectory() as folder:
                try:
                    asyncio.run(_run_on_cluster(address, jobs, shared, budget, grading_kit(folder), log, on_done))
                except (OSError, asyncio.TimeoutError) as error:
                    log(f"  {assignment}: the Dask scheduler at {address} cannot be reached ({type(error).__name__}: "
                        f"{error}); {len(jobs) - len(recorded & set(jobs))} submissions not graded, they are graded "
                        "on the next run")
        these["on the cluster (waiting for results)"] = time.perf_counter() - began - these["judge and store"]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        for stage, seconds in these.items() if stages is not None else ():
            stages[stage] = stages.get(stage, 0.0) + seconds
    return done
