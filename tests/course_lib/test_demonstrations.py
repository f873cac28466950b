"""Does a grade leave out exactly the demonstrations that no cell that runs reads, and does leaving them out change nothing?"""

import json

import numpy as np
import pytest

from autograder.course import assignments, load_source
from autograder.safe import job as safe_job
from autograder.safe.answers import Answers
from course_lib import cells
from course_lib.demonstrations import cells_to_run, names_assigned, names_read

DEMO = "Q = Wq @ I\nN, d_k = Q.shape[1], Q.shape[0]\nfig, ax = plt.subplots()\nax.plot(Q[0])\n"


def run_with(*later, looked_up=("attention_scores",)):
    """Whether DEMO runs when ``later`` cells follow it."""
    return 0 in cells_to_run([DEMO, *later], lambda index: index == 0, looked_up)


@pytest.mark.parametrize("later", [
    "def attention_scores(Q, K):\n    return K.T @ Q\n",                        # parameters are the function's own
    "def attention_scores(Q, K):\n    d_k = Q.shape[0]\n    return K.T @ Q / d_k\n",
    "def attention_scores(Q, K):\n    return [[k @ q for q in Q.T] for k in K.T]\n",
    "x = 1  # uses nothing of the picture\n",
])
def test_a_demonstration_whose_names_nothing_reads_is_left_out(later):
    assert not run_with(later)


@pytest.mark.parametrize("later", [
    "def attention_scores(Q, K):\n    return K.T @ Q / np.sqrt(d_k)\n",          # a global the picture assigned
    "def attention_scores(Q, K):\n    return K.T @ Q[:, :N]\n",
    "scores = [attention_scores(q, Q) for q in Q.T]\n",                       # at the top level
    "class Layer:\n    size = N\n",                                            # in a class body
    "def attention_scores(Q, K):\n    def inner():\n        return fig\n    return K.T @ Q\n",
    "def attention_scores(Q, K):\n    return globals()['N']\n",               # names by their text
    "def attention_scores(Q, K):\n    return eval('N')\n",
    "def attention_scores(Q, K):\n    return (lambda: 0).__globals__['N']\n",
    "def attention_scores(Q, K)\n    return K.T @ Q\n",                        # does not parse: cannot tell
    "%time x = 1\n",
    "x = " + "(" * 100_000 + ")" * 100_000 + "\n",                           # nests past the parser
    "x = " + "-" * 100_000 + "1\n",
    "x = " + " + ".join(["N"] * 100_000) + "\n",
    "x = 1\0\n",
])
def test_a_demonstration_that_a_later_cell_may_read_runs(later):
    assert run_with(later)


def test_a_check_that_looks_up_a_name_the_demonstration_assigns_keeps_it():
    assert run_with("x = 1\n", looked_up=("ax",))


def test_a_demonstration_read_only_by_a_demonstration_left_out_is_left_out_too():
    second = "print(N)\n"
    chain = [DEMO, second, "def attention_scores(Q, K):\n    return K.T @ Q\n"]
    assert cells_to_run(chain, lambda index: index < 2, ()) == [2]
    assert cells_to_run(chain, lambda index: index == 0, ()) == [0, 1, 2]


def test_names_assigned_counts_imports_definitions_and_globals_of_functions():
    source = "import numpy as np\nfrom math import pi\ndef f():\n    global g\n    g = 1\nclass C: pass\nfor k in []: pass\n"
    assert names_assigned(source) == {"np", "pi", "f", "g", "C", "k"}
    assert names_read("def f(a):\n    return a + b\n") == {"b"}
    assert names_assigned("from os import *\n") is None


def reference_answers(source):
    answers = Answers()
    answers.code = {cells.grade_id(cell): cell.source for cell in source.cells if cells.is_solution(cell)}
    return answers


DEMONSTRATING = [assignment for assignment in assignments()
                 if any(cells.is_demonstration(cell) for cell in load_source(assignment).cells)]


@pytest.mark.parametrize("assignment", DEMONSTRATING)
def test_the_reference_answers_leave_out_every_demonstration(assignment):
    source = load_source(assignment)
    run = {cell["grade_id"] for cell in safe_job.build_cells(source, reference_answers(source), assignment)}
    demonstrations = {cells.grade_id(cell) for cell in source.cells if cells.is_demonstration(cell)}
    assert demonstrations and not demonstrations & run


def test_a_solution_that_reads_a_demonstration_s_name_runs_it():
    source = load_source("03_all_scores")
    answers = reference_answers(source)
    first = next(cells.grade_id(cell) for cell in source.cells if cells.is_solution(cell))
    answers.code[first] += "\nprint(d_k)\n"
    assert "ex1-picture" in {cell["grade_id"] for cell in safe_job.build_cells(source, answers, "03_all_scores")}


def given_namespace(sources):
    """The names the given cells leave, run in order in one fresh namespace, with numpy's printing options and its
    global random state, and matplotlib's settings."""
    import matplotlib
    import matplotlib.pyplot as plt

    namespace = {}
    np.random.seed(0)
    with matplotlib.rc_context(), np.printoptions():
        for source in sources:
            exec(compile(source, "<cell>", "exec"), namespace)
        plt.close("all")
        state = (repr(np.get_printoptions()), np.random.get_state()[1].tolist(), dict(matplotlib.rcParams))
    return namespace, state


def same(first, second):
    if isinstance(first, np.ndarray) or isinstance(second, np.ndarray):
        return np.shape(first) == np.shape(second) and np.allclose(first, second, equal_nan=True)
    if callable(first):
        return getattr(first, "__qualname__", None) == getattr(second, "__qualname__", None)
    try:
        return bool(first == second)
    except Exception:
        return type(first) is type(second)


@pytest.mark.parametrize("assignment", DEMONSTRATING)
def test_leaving_a_demonstration_out_changes_nothing_but_the_names_it_assigns(assignment, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    source = load_source(assignment)
    given = [cell for role, cell in cells.cells_a_grade_runs(source.cells) if role == cells.GIVEN]
    everything, everything_state = given_namespace([cell.source for cell in given])
    without, without_state = given_namespace([cell.source for cell in given if not cells.is_demonstration(cell)])
    assigned = set().union(*(names_assigned(cell.source) for cell in given if cells.is_demonstration(cell)))
    for name in set(everything) - {"__builtins__"}:
        if name in without:
            assert same(everything[name], without[name]) or name in assigned, name
        else:
            assert name in assigned, name
    assert everything_state == without_state
