"""Where a learner stands: which exercises of which notebook pass their instant checks.

    python -m course_lib.progress [FOLDER]      (default: learner/, as ./course.sh lab makes it)

For each notebook ``<id>/<id>.ipynb`` in the folder, the cells before the
first exercise and the learner's solution cells run in a fresh Python
process (with a time limit, so an endless loop cannot hang the report),
then each exercise's instant check; the result is one table of ✓ and ✗
(… when the notebook did not finish in time, ? when it is not a notebook
that can be read: broken JSON, a cell of the wrong shape). Nothing is
written to the notebooks, and no notebook stops the table.
"""

import json
import subprocess
import sys
from pathlib import Path

from .cells import code_a_grade_runs
from .exercises import exercises_of, functions_asked_for

NOTEBOOK_TIME_LIMIT_SECONDS = 60  # for one notebook, its cells and its checks together


def cells_a_grade_runs(path):
    """The code a grade runs, as source text (``cells.code_a_grade_runs``): the code cells before the first
    solution cell (the setup and the pieces a notebook gives, less the demonstrations no later cell reads), then
    the solution cells."""
    notebook_id = Path(path).stem
    return code_a_grade_runs(json.loads(Path(path).read_text()).get("cells", []),
                             functions_asked_for(notebook_id))


def notebook_progress(path):
    """{exercise label: "✓" or "✗"} for one notebook; "…" for each when it could not be run in time,
    "?" for each when it could not be read as a notebook."""
    notebook_id = Path(path).stem
    labels = [(e.label, e.name, e.check_name) for e in exercises_of(notebook_id) if e.checks]
    try:
        cells = cells_a_grade_runs(path)
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return {label: "?" for label, *_ in labels}
    try:
        run = subprocess.run([sys.executable, "-m", "course_lib.notebook_checks"], input=json.dumps([cells, labels]),
                             capture_output=True, text=True, timeout=NOTEBOOK_TIME_LIMIT_SECONDS, cwd=Path(path).parent)
        return json.loads(run.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return {label: "…" for label, *_ in labels}


def progress(folder="learner"):
    """Print and return the table: one line per notebook, ✓ or ✗ per exercise, and the count passing."""
    table = {}
    for path in sorted(Path(folder).glob("*/*.ipynb")):
        if path.stem == path.parent.name and exercises_of(path.stem):
            table[path.stem] = notebook_progress(path)
    width = max([len(name) for name in table] + [8])
    for notebook, results in table.items():
        passed = sum(mark == "✓" for mark in results.values())
        marks = "  ".join(f"{mark} {label}" for label, mark in results.items())
        print(f"{notebook:<{width}}  {passed}/{len(results)}  {marks}")
    return table


if __name__ == "__main__":
    progress(sys.argv[1] if len(sys.argv) > 1 else "learner")
