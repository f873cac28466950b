"""Grade on a Dask cluster: each submission's sandbox run on a worker, everything else on this machine.

    python -m autograder.safe.batch ASSIGNMENT --scheduler tcp://HOST:8786   (or COURSE_DASK_SCHEDULER)

Without a scheduler the safe batch grades on this machine (``batch``). With
one, this process (the driver) grades the submissions of every assignment
asked for as one queue, in three stages that overlap:

1. prepare, a few submissions at a time, as the tasks sent ahead run low
   (``AHEAD_PER_THREAD`` per worker thread), in processes of its own as the
   local batch does (``boundary``, each step within its time limit): read
   each submission's answers and write its job (``grade_one.write_job``),
   then pack the job's files (``confined_job.packed``);
2. send each job to the cluster as one task (``confined_job.run_job``): a
   worker runs it in its own bubblewrap sandbox with the local limits and
   sends back the records; a task whose worker dies is run again on another
   (Dask reschedules it; ``RETRIES`` more where the task itself fails);
3. as tasks finish (``as_completed``, all those finished by then together),
   judge their records against the reference answers and write their
   feedback notebooks (in processes of their own again, one per core at a
   time), then store the grades: up to ``STORE_TOGETHER`` in one gradebook
   transaction, then each result file, by this process alone
   (``grading_run.store_grades_together``, as the local batch stores its
   grades).

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
from collections import Counter, deque
from pathlib import Path

from ..course import load_source
from . import confined_job
from .answers import read_answers
from .boundary import kill, start, step, wait_any
from .grade_one import SubmissionGrade, grader_failed, judged, scratch_folder, unreadable, write_job, \
    write_sandbox_files
from .grading_run import STORE_TOGETHER, clean_up_after, grade_of_failed_process, log_grade, new_job_folder, \
    store_grades_together, write_feedback
from .job import draw_hidden_cases
from .sandbox import RunResult, confinement

SCHEDULER_SETTING = "COURSE_DASK_SCHEDULER"
RETRIES = 2  # further runs of a task that raised on its worker (a dead worker's tasks are rerun anyway)
CONNECT_SECONDS = 30.0  # to reach the scheduler
AHEAD_PER_THREAD = 2  # tasks sent ahead per worker thread, so that none waits while the driver judges or prepares
AHEAD_AT_LEAST = 16  # tasks sent ahead however few the threads (a worker may join later)
PREPARE_AT_ONCE = 32  # submissions prepared between two looks at the tasks finished
STAGES = ("prepare", "judge and store", "on the cluster (waiting for results)")  # the seconds a run reports
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
    else {"cells": the job's cells, "notes": what reading it noted, "language": the edition submitted,
    "written": the student's written answers, for the autograded notebook}."""
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
            "language": answers.language, "written": answers.written}


def _judge_in_child(root, assignment, student, prepared, outcome, budget):
    """In a grading process: the grade of a run's records, with its feedback notebook written; as plain data."""
    records = {index: record for index, record in outcome["records"]}
    # drawn again in this process (the one that wrote the job is another): the same cases, from the same seed
    cases = draw_hidden_cases(assignment, student)
    grade = judged(student, assignment, prepared["cells"], records, RunResult(**outcome["run"]), prepared["notes"],
                   budget, cases, prepared["language"], prepared["written"])
    grade.notes += prepared["extra_notes"]
    step("feedback")
    write_feedback(root, load_source(assignment), grade)
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


def _prepare_all(entries, scratch, workers, step_limit):
    """{(assignment, student): prepared job or finished grade} of every (assignment, student, folder, stamp, note,
    receipt) in ``entries``, prepared in at most ``workers`` processes at a time; a failure as boundary's Finished
    under "failed"."""
    prepared = {}
    calls = [((assignment, student), (folder, assignment, student, load_source(assignment), scratch))
             for assignment, student, folder, *_ in entries]
    extra_notes = {(assignment, student): ([note] if note else []) + receipt.notes
                   for assignment, student, _, _, note, receipt in entries}
    for key, finished in _in_children(_prepare_in_child, calls, "read", workers, step_limit):
        assignment, student = key
        job = scratch_folder(scratch, student, assignment)
        if finished.failure:
            clean_up_after(scratch, student, assignment)
            prepared[key] = {"failed": finished}
        else:
            prepared[key] = dict(finished.value, extra_notes=extra_notes[key])
            if "cells" in prepared[key]:
                prepared[key]["files"] = confined_job.packed(job)
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


class _ClusterRun:
    """What the driver holds of one grading run through the cluster: the submissions still to prepare and send,
    the jobs on the cluster, the grades waiting to be stored, the seconds of each stage.

    A submission is prepared only when the cluster is about to need it (``prepare_next``), so that the driver
    holds a few jobs at a time, not a class's; its grade is stored with up to ``grading_run.STORE_TOGETHER - 1`` others
    in one gradebook transaction (``grading_run.store_grades_together``), or sooner where no job is left on the
    cluster."""

    def __init__(self, root, todo, budget, step_limit, log, progress, workers):
        self.root, self.budget, self.step_limit, self.log, self.progress, self.workers = (
            root, budget, step_limit, log, progress, workers)
        self.entries = {(entry[0], entry[1]): entry for entry in todo}
        self.pending = deque(self.entries)  # (assignment, student) of the submissions not prepared yet
        self.jobs = {}  # (assignment, student): the prepared job of a task on the cluster
        self.unstored, self.recorded = [], set()
        self.graded = Counter()  # assignment: submissions whose grade was stored (or tried)
        self.scratch = new_job_folder()
        self.seconds = dict.fromkeys(STAGES, 0.0)

    def prepare_next(self, count):
        """{(assignment, student): job} of the next ``count`` submissions, prepared and ready to send; a submission
        that needs no run (unreadable, or its preparing failed) has its grade kept for storing instead."""
        began, ready = time.perf_counter(), {}
        chosen = [self.entries[self.pending.popleft()] for _ in range(min(count, len(self.pending)))]
        for key, job in _prepare_all(chosen, self.scratch, self.workers, self.step_limit).items():
            assignment, student = key
            if "failed" in job:
                self.keep(key, grade_of_failed_process(student, assignment, job["failed"]), "", False)
            elif "grade" in job:
                grade = SubmissionGrade.from_plain(job["grade"])
                grade.notes += job["extra_notes"]
                self.keep(key, grade, self.entries[key][3], False)
            else:
                ready[key] = self.jobs[key] = job
        self.seconds["prepare"] += time.perf_counter() - began
        return ready

    def on_done(self, done):
        """Judge the tasks finished, [((assignment, student), outcome, error)], each in a grading process of its
        own (at most ``workers`` at a time), and store the grades ready."""
        began, calls = time.perf_counter(), []
        for key, outcome, error in done:
            assignment, student = key
            job = self.jobs.pop(key)
            if isinstance(error, confined_job.CannotConfine):
                self.log(f"  {assignment} {student}: not graded, {error}; it is graded on the next run")
            elif error is not None:
                grade = grader_failed(student, assignment, "run", f"{type(error).__name__}: {error}")
                grade.notes += job["extra_notes"]
                self.keep(key, grade, "", False)
            else:
                calls.append((key, (self.root, assignment, student, job, outcome, self.budget)))
        for key, finished in _in_children(_judge_in_child, calls, "judge", self.workers, self.step_limit):
            assignment, student = key
            if finished.failure:
                self.keep(key, grade_of_failed_process(student, assignment, finished), "", False)
            else:
                self.keep(key, SubmissionGrade.from_plain(finished.value), self.entries[key][3], True)
        self.store(everything=not self.jobs)
        self.seconds["judge and store"] += time.perf_counter() - began

    def keep(self, key, grade, stamp, feedback_written):
        """Hold a submission's grade for storing; a second one for the same submission is ignored."""
        if key in self.recorded:
            self.log(f"  {key[0]} {key[1]}: a second result for it was ignored")
            return
        self.recorded.add(key)
        self.unstored.append((grade, stamp, self.entries[key][5], feedback_written))

    def store(self, everything=False):
        """Store the grades held, ``STORE_TOGETHER`` or more at a time (all of them when ``everything``)."""
        if not self.unstored or (len(self.unstored) < STORE_TOGETHER and not everything):
            return
        for (grade, *_), stored in zip(self.unstored, store_grades_together(self.root, self.unstored,
                                                                            self.step_limit, self.log)):
            self.graded[grade.assignment] += 1
            if self.progress is not None:
                self.progress(sum(self.graded.values()), len(self.entries))
            if stored is not None:
                log_grade(stored, self.log)
        self.unstored = []


async def _run_on_cluster(address, run, shared, kit):
    """Send the submissions of ``run`` (a ``_ClusterRun``) to the cluster as tasks, prepared a few at a time so
    that each worker thread has up to ``AHEAD_PER_THREAD`` tasks waiting (refilled once half of them have
    finished); hand the tasks finished to ``run.on_done``, all those finished by then together, as they finish."""
    from distributed import Client, as_completed
    from distributed.diagnostics.plugin import UploadFile

    async with Client(address, asynchronous=True, timeout=CONNECT_SECONDS) as client:
        await client.register_plugin(UploadFile(str(kit)), name=KIT_PLUGIN)
        confining, connected = await _warn_of_unconfined_workers(client, run.log)
        run.log(f"  on the cluster at {address}: {confining} of the {connected} workers connected confine student code")
        name = uuid.uuid4().hex[:12]
        shared_files = client.submit(confined_job.as_given, shared, key=f"course-sandbox-files-{name}", pure=False)
        futures, finishing, sent = {}, as_completed(loop=client.loop), 0
        ahead = AHEAD_AT_LEAST
        while run.pending or futures:
            if run.pending and len(futures) <= ahead // 2:  # refilled by half its length at least, not one by one
                threads = sum((await client.nthreads()).values())
                ahead = max(AHEAD_AT_LEAST, AHEAD_PER_THREAD * threads)
                while run.pending and len(futures) < ahead:
                    for key, job in run.prepare_next(min(PREPARE_AT_ONCE, ahead - len(futures))).items():
                        future = client.submit(confined_job.run_job, shared_files, job.pop("files"), len(job["cells"]),
                                               run.budget, key=f"course-grade-{name}-{sent}", retries=RETRIES,
                                               pure=False)
                        futures[future], sent = key, sent + 1
                        finishing.add(future)
                run.store(everything=not futures)  # grades kept while preparing, where nothing else is coming
            if not futures:
                continue
            done, first = [], await anext(finishing)
            for future in [first, *finishing.next_batch(block=False)]:
                key = futures.pop(future)
                if future.status == "finished":
                    done.append((key, await future, None))
                elif future.status == "cancelled":  # the scheduler restarted or forgot it: nothing came back
                    run.jobs.pop(key)
                    run.log(f"  {key[0]} {key[1]}: not graded, its task was cancelled on the cluster; it is graded "
                            "on the next run")
                else:
                    done.append((key, None, await future.exception()))
                future.release()
            run.on_done(done)


def grade_on_cluster(address, root, todo, budget, step_limit, log, progress, workers, stages=None):
    """Grade ``todo`` ([(assignment, student, folder, stamp, note, receipt)], of one assignment or several, one
    queue) through the Dask scheduler at ``address``; {assignment: the number of submissions graded}.
    ``stages``, when given, has the seconds of each stage added by name."""
    run = _ClusterRun(root, todo, budget, step_limit, log, progress, workers)
    began = time.perf_counter()
    try:
        shared = _shared_files(run.scratch)
        run.seconds["prepare"] += time.perf_counter() - began
        unreachable = None
        if todo:
            with tempfile.TemporaryDirectory() as folder:
                try:
                    asyncio.run(_run_on_cluster(address, run, shared, grading_kit(folder)))
                except (OSError, asyncio.TimeoutError) as error:
                    unreachable = error
        run.store(everything=True)
        if unreachable is not None:
            log(f"  the Dask scheduler at {address} cannot be reached ({type(unreachable).__name__}: {unreachable}); "
                f"{len(todo) - sum(run.graded.values())} submissions not graded, they are graded on the next run")
        run.seconds["on the cluster (waiting for results)"] = (
            time.perf_counter() - began - run.seconds["prepare"] - run.seconds["judge and store"])
    finally:
        shutil.rmtree(run.scratch, ignore_errors=True)
        for stage, seconds in run.seconds.items() if stages is not None else ():
            stages[stage] = stages.get(stage, 0.0) + seconds
    return dict(run.graded)
