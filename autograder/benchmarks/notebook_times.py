"""How long each notebook takes top to bottom in a fresh kernel, against its budget.

Each instructor notebook (solutions in place) is run as a student runs it,
start of the kernel included, best of ``--repeat`` runs; the figure printed
beside it is its share of the budget: 30 s for a notebook, 60 s for the
capstone (a model trained in the notebook). The load average is printed too:
on a busy machine the same notebook takes several times as long.

    python -m autograder.benchmarks.notebook_times [--repeat 1] [--notebooks 12 13]
"""

import argparse
import os
import time

import nbformat
from nbclient import NotebookClient

from ..course import assignments, source_notebook

BUDGET_SECONDS = 30.0
CAPSTONE_BUDGET_SECONDS = 60.0


def budget(assignment):
    """The seconds a notebook may take top to bottom: the capstone trains a model, the others do not."""
    return CAPSTONE_BUDGET_SECONDS if assignment.endswith("_capstone") else BUDGET_SECONDS


def executed(assignment, cell_timeout=600):
    """(the notebook with its outputs, wall seconds): the instructor notebook of ``assignment`` run top to bottom in
    a fresh kernel from its own folder, the kernel's start included (each cell may take ``cell_timeout`` seconds)."""
    path = source_notebook(assignment)
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=cell_timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook, time.perf_counter() - started


def seconds_to_run(assignment):
    """Wall seconds to run the instructor notebook of ``assignment`` top to bottom (``executed``)."""
    return executed(assignment)[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook; the best is printed")
    parser.add_argument("--notebooks", nargs="*", default=[], help="number prefixes (e.g. 12 13); all by default")
    options = parser.parse_args(argv)
    chosen = [a for a in assignments() if not options.notebooks or a[:2] in options.notebooks]
    print(f"load average at the start: {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})")
    print(f"{'notebook':28} {'seconds':>8} {'budget':>7} {'share':>6}")
    over = []
    for assignment in chosen:
        best = min(seconds_to_run(assignment) for _ in range(max(1, options.repeat)))
        share = best / budget(assignment)
        over += [assignment] if share > 1 else []
        print(f"{assignment:28} {best:8.1f} {budget(assignment):7.0f} {share:6.0%}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}; over budget: {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main()
