"""Does the runner import matplotlib.pyplot only when a cell uses it, and is pyplot then the same module to every cell?"""

import json
import sys

import pytest

from autograder.safe.grade_one import write_sandbox_files
from autograder.safe.sandbox import run_confined

PYPLOT = "matplotlib.pyplot"

# Each cell prints what it sees; the cells run in order in one runner, as a notebook's given cells do.
CELLS = {
    "imported": "import sys\nimport matplotlib.pyplot as plt\nfrom matplotlib import pyplot\n"
                "from course_lib.plots import plot_attention\n"
                f"print(type(sys.modules['{PYPLOT}']).__name__, plt is pyplot, 'matplotlib.figure' in sys.modules)",
    "drawn": "fig, ax = plt.subplots()\nplot_attention([[1.0, 2.0], [3.0, 4.0]], ax=ax)\n"
             f"real = sys.modules['{PYPLOT}']\n"
             "print(type(real).__name__, plt.gcf() is real.gcf() is fig, sys.modules['matplotlib'].pyplot is real, "
             "len(fig.axes[0].images))",
    "set": "plt.course_marker = 7\nprint(real.course_marker, 'subplots' in dir(plt))",
    "imported_again": f"import matplotlib.pyplot as again\nprint(again is real)",
    "from_import": "from matplotlib.pyplot import figure\nprint(figure is real.figure)",
}
SEEN = {
    "imported": "DeferredModule True False",
    "drawn": "module True True 1",
    "set": "7 True",
    "imported_again": "True",
    "from_import": "True",
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory, request):
    """{cell: what it printed} of the cells above, run by the runner in a sandbox."""
    request.getfixturevalue("confinement_or_skip")()
    scratch = tmp_path_factory.mktemp("deferred") / "scratch"
    scratch.mkdir()
    write_sandbox_files(scratch)
    job = {"cells": [{"kind": "code", "grade_id": name, "source": source} for name, source in CELLS.items()],
           "case_time_limit": 5, "cell_output_characters": 10_000}
    (scratch / "job.json").write_text(json.dumps(job))
    run = run_confined(scratch, [sys.executable, "runner.py"], 60.0)
    assert run.returncode == 0, run.output
    records = [json.loads((scratch / "results" / f"{index:03d}.json").read_text()) for index in range(len(CELLS))]
    for name, record in zip(CELLS, records):
        assert record["error"] == "" and record["tampered"] == [], (name, record)
    return {name: record["output"].strip() for name, record in zip(CELLS, records)}


@pytest.mark.parametrize("cell", list(CELLS))
def test_each_cell_sees_pyplot_as_a_notebook_would(printed, cell):
    assert printed[cell] == SEEN[cell]


def test_a_module_that_is_not_installed_is_not_deferred():
    from autograder.safe import runner

    runner.defer_import("course_no_such_package.pyplot")
    runner.defer_import("course_no_such_module")
    assert "course_no_such_package.pyplot" not in sys.modules and "course_no_such_module" not in sys.modules
