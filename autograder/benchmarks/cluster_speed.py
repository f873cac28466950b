"""The class of N graded on this machine and through a Dask scheduler with worker processes, and what 10,000 need.

    python -m autograder.benchmarks.cluster_speed [--students 500] [--workers 2] [--class-size 10000]

Builds the batch of ``class_of_500`` (every student submits every
notebook, a cheating notebook 01 for every fifth) and a copy, grades one
with the safe pipeline on this machine and the other through a scheduler and
``--workers`` single-threaded worker processes on 127.0.0.1
(``safe.cluster_processes``, as docs/cluster.md starts them), and checks every
grade of both against what the student deserves. It prints submissions per
minute of each, the time of each stage of the cluster run, the ratio, and a
model of a class of ``--class-size``: from the seconds a worker spends on one
submission and the seconds the driver spends on one (preparing, judging,
storing), how many workers grade a deadline's rush (every student submitting
one notebook) in an hour and in ten minutes, and the wall time with a given
number of workers. On one machine the workers, the scheduler and the driver
share its cores, so the per-worker figure is an upper bound.
"""

import argparse
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

from ..course import REPO, assignments
from ..safe.batch import grade_assignments
from ..safe.cluster_processes import start_scheduler, start_worker
from .class_of_500 import wrong_grades
from .grading_speed import build_batch, copy_batch

TERM_NOTEBOOKS = len(assignments())  # what each student submits in a term
WORKER_COUNTS = (2, 8, 32, 128)  # the model's rows


def grade_all(root, scheduler=""):
    """(seconds, {stage: seconds}) of grading every assignment under ``root``; on this machine unless ``scheduler``."""
    stages, began = {}, time.perf_counter()
    grade_assignments(root, assignments(), log=lambda line: None, scheduler=scheduler, stages=stages)
    return time.perf_counter() - began, stages


def rush_seconds(rush, worker_seconds, driver_seconds, workers, drivers=1):
    """Wall time of ``rush`` submissions: the workers and the drivers work at once, the slower side sets it.

    t = max(rush · t_worker / workers, rush · t_driver / drivers)
    """
    return max(rush * worker_seconds / workers, rush * driver_seconds / drivers)


def needed_for(rush, worker_seconds, driver_seconds, seconds):
    """(drivers, workers), the fewest of each that grade ``rush`` submissions within ``seconds``."""
    drivers = math.ceil(rush * driver_seconds / seconds)
    workers = math.ceil(rush * worker_seconds / seconds)
    return drivers, workers


def model(class_size, worker_seconds, driver_seconds):
    """Lines of the model of a class of ``class_size``: the deadline's rush and the term."""
    rush = class_size  # every student submits one notebook at the deadline
    driver_floor = rush * driver_seconds  # one driver, whatever the workers
    lines = [f"model of a class of {class_size} ({worker_seconds:.2f} s of a worker and {driver_seconds:.3f} s of "
             f"the driver per submission, measured above):",
             f"  the deadline's rush, {rush} submissions: one driver alone needs {driver_floor / 60:.0f} min "
             f"(its floor, whatever the workers), reached with {math.ceil(rush * worker_seconds / driver_floor)} workers"]
    for minutes in (60, 10):
        drivers, workers = needed_for(rush, worker_seconds, driver_seconds, minutes * 60)
        lines.append(f"  graded within {minutes} min: {workers} workers" + (
            "" if drivers == 1 else f" and {drivers} drivers (one per section or assignment, "
                                    f"into one PostgreSQL gradebook)"))
    for workers in WORKER_COUNTS:
        wall = rush_seconds(rush, worker_seconds, driver_seconds, workers)
        lines.append(f"  with {workers:>3} workers and one driver: the rush graded in {wall / 60:.0f} min")
    term = class_size * TERM_NOTEBOOKS
    lines.append(f"  the term, {term} submissions: {term * worker_seconds / 3600:.0f} worker-hours, "
                 f"{term * driver_seconds / 3600:.1f} hours of the driver")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="worker processes on this machine")
    parser.add_argument("--class-size", type=int, default=10_000, help="students of the model")
    parser.add_argument("--folder", default=str(REPO / "build" / "cluster-speed"))
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    shutil.rmtree(folder, ignore_errors=True)
    students = build_batch(folder / "local", arguments.students)
    copy_batch(folder / "local", folder / "cluster")
    count = len(students) * len(assignments())
    print(f"{count} submissions ({len(students)} students × {len(assignments())} notebooks), "
          f"{os.cpu_count()} cores, {arguments.workers} worker processes", flush=True)

    local_seconds, _ = grade_all(folder / "local", scheduler="")
    print(f"this machine: {local_seconds:.0f} s, {60 * count / local_seconds:.0f} submissions per minute", flush=True)
    processes = Path(tempfile.mkdtemp(prefix="cluster-speed-"))
    address, scheduler = start_scheduler(processes)
    workers = []
    try:
        workers = [start_worker(address, processes, f"worker-{n}") for n in range(1, arguments.workers + 1)]
        cluster_seconds, stages = grade_all(folder / "cluster", scheduler=address)
    finally:
        for process in [*workers, scheduler]:
            process.stop()
        shutil.rmtree(processes, ignore_errors=True)
    print(f"through the scheduler: {cluster_seconds:.0f} s, {60 * count / cluster_seconds:.0f} submissions per minute "
          f"(ratio to this machine: {local_seconds / cluster_seconds:.2f})")
    for stage, seconds in stages.items():
        print(f"  {stage}: {seconds:.0f} s ({1000 * seconds / count:.0f} ms per submission)")
    waiting = stages.get("on the cluster (waiting for results)", 0.0)
    driver_seconds = (cluster_seconds - waiting) / count
    worker_seconds = (waiting + stages.get("judge and store", 0.0)) * arguments.workers / count
    print("\n".join(model(arguments.class_size, worker_seconds, driver_seconds)))

    wrong = wrong_grades(folder / "local", students) + wrong_grades(folder / "cluster", students)
    print(f"grades checked: {2 * count - len(wrong)} of {2 * count} as deserved" + (f"; WRONG: {wrong[:10]}" if wrong else ""))
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
