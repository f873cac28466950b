"""Benchmark: the safe pipeline against plain sequential ``nbgrader autograde``, on one batch.

    python -m autograder.benchmarks.grading_speed [--students 4] [--stages 2]

Builds a course with STUDENTS × 12 submissions, the whole series (by
default 48): the example students' good, wrong and raising answers in turn,
and for every fifth student a cheating notebook 01 from the adversarial
catalogue (only kinds that plain nbgrader survives, so that its run
finishes). Then grades two identical copies, one with ``nbgrader autograde``
for each assignment (one process after another, as an instructor would type
them), one with the safe pipeline (confined, one worker per core), and prints
both wall times, their ratio and the machine's load average. ``--stages N``
then times each stage of one submission on N submissions of each notebook
(``submission_stages``).
"""

import argparse
import os
import shutil
import time
from pathlib import Path

from .. import nbgrader_steps
from ..adversarial import ASSIGNMENT, CATALOGUE, build_attack
from ..course import REPO, assignments
from ..reports.gradebook_tables import points_by_student
from ..pipeline import release
from ..safe.batch import grade_assignments
from ..safe.sandbox import confinement
from ..submissions import EXAMPLES, build_submission, example_students
from .submission_stages import print_stages, stage_medians

# Cheats that plain nbgrader grades without stopping its batch.
MIXED_IN = ("input_transformer", "patched_allclose", "equal_to_everything", "copied_check_answer", "warning_on_stderr")


def build_batch(root, students):
    """A course root with every student's submission of every assignment in submitted/."""
    root.mkdir(parents=True)
    release(root, root / "nbgrader.log")
    attacks = [attack for attack in CATALOGUE if attack.name in MIXED_IN]
    personas = example_students()
    names = []
    for number in range(students):
        persona = personas[number % len(personas)]
        student = f"s{number:03d}-{persona}"
        names.append(student)
        for assignment in assignments():
            destination = root / "submitted" / student / assignment
            if assignment == ASSIGNMENT and number % 5 == 4:
                attack = attacks[(number // 5) % len(attacks)]
                build_attack(attack, root / "release" / assignment, destination, REPO, root, 9)
            else:
                build_submission(root / "release" / assignment, EXAMPLES / persona / f"{assignment}.py", destination)
            share_library_files(root / "release" / assignment, destination)
    return names


LIBRARY = "course_lib"  # the library a released folder carries: about 5 MB, the same in every submission


def share_library_files(release_folder, submission):
    """Replace each file of the submission's course_lib that is as released (same size and time) by a hard link
    to the release's, so that a batch of thousands of submissions holds one copy of the library on disk (6500
    copies are 34 GB). The grader reads a submission's entries and its notebook, not the library's files."""
    for path in (Path(submission) / LIBRARY).rglob("*"):
        released = Path(release_folder) / path.relative_to(submission)
        if path.is_file() and not path.is_symlink() and released.is_file() and _same_stat(path, released):
            path.unlink()
            os.link(released, path)


def _same_stat(one, other):
    first, second = one.stat(), other.stat()
    return (first.st_size, first.st_mtime_ns) == (second.st_size, second.st_mtime_ns)


def copy_batch(batch, destination):
    """A copy of a batch of ``build_batch`` whose library files stay hard links (each notebook a copy of its own)."""
    def link_library_files(source, target):
        if LIBRARY in Path(source).relative_to(batch).parts:
            os.link(source, target)
        else:
            shutil.copy2(source, target)
    return shutil.copytree(batch, destination, symlinks=True, copy_function=link_library_files)


def load():
    """The machine's load average over 1, 5 and 15 minutes, as a phrase (other work shares the cores)."""
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def timed(what, run):
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    print(f"{what}: {seconds:.1f} s", flush=True)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--stages", type=int, default=0, metavar="N",
                        help="then time each stage on N submissions of each notebook (default: no)")
    parser.add_argument("--folder", default=str(REPO / "build" / "benchmark"))
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    shutil.rmtree(folder, ignore_errors=True)
    base = folder / "batch"
    build_batch(base, arguments.students)
    count = arguments.students * len(assignments())
    plain, safe = copy_batch(base, folder / "nbgrader"), copy_batch(base, folder / "safe")
    print(f"{count} submissions ({arguments.students} students × {len(assignments())} notebooks), "
          f"{os.cpu_count()} cores, {load()}\nsafe pipeline: {confinement()}", flush=True)

    def nbgrader_sequential():
        for assignment in assignments():
            nbgrader_steps.run(plain, "autograde", assignment, "--create", "--force", log=plain / "nbgrader.log")

    def safe_parallel():
        grade_assignments(safe, assignments(), log=lambda line: None)

    slow = timed("plain nbgrader autograde, sequential", nbgrader_sequential)
    fast = timed(f"safe pipeline, {os.cpu_count()} workers, confined", safe_parallel)
    print(f"per submission: nbgrader {1000 * slow / count:.0f} ms, safe pipeline {1000 * fast / count:.0f} ms")
    print(f"speed-up: {slow / fast:.1f}x")
    ours = points_by_student(f"sqlite:///{safe / 'gradebook.db'}", assignments())
    theirs = points_by_student(f"sqlite:///{plain / 'gradebook.db'}", assignments())
    differ = sorted(f"{s}/{a}" for s in ours for a in ours[s] if ours[s][a] != theirs.get(s, {}).get(a))
    print(f"submissions graded differently: {len(differ)} (the cheats plain nbgrader falls for): {', '.join(differ)}")
    print(f"at the end: {load()}", flush=True)
    if arguments.stages:
        print_stages(stage_medians(safe, arguments.stages, log=lambda line: None))


if __name__ == "__main__":
    main()
