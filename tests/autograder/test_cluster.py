"""Grading on a Dask cluster of real processes: a scheduler and two workers on 127.0.0.1, one killed mid-batch.

The batch is the four example students and the half of the adversarial
catalogue that runs student code (what a worker does; the other half attacks
the reading of the notebook, which stays with the driver and is the local
code, so three of those stand for it), on notebook 01, and the four example
students on notebook 02 in the same queue, graded once on this machine and
once through the cluster: every submission must be graded exactly once
there, with the same points, statuses, written questions and autograded
notebook (the student's written answers in it) as here. A worker without
bubblewrap must refuse to grade.
"""

import json
import socket
import subprocess
import sys
from collections import Counter
from dataclasses import replace

import nbformat
import psutil
import pytest

from autograder.adversarial import ASSIGNMENT, CATALOGUE, build_attack
from autograder.course import REPO, gradebook_url
from autograder.reports.gradebook_tables import points_by_student
from autograder.safe import grade_one, grading_run
from autograder.safe import cluster as cluster_engine
from autograder.safe.batch import grade_assignment, grade_assignments
from autograder.safe.cluster_processes import start_scheduler, start_worker, worker_processes
from autograder.safe.grading_run import result_path
from autograder.submissions import EXAMPLES, build_submission

pytestmark = pytest.mark.cluster

PERSONAS = ("ada-correct", "ben-mistakes", "cy-raises", "dee-blank")
KILL_AFTER = 8  # grades stored before one worker is killed, at the next moment it runs a sandbox
CASE_TIME_LIMIT = 2.0  # seconds per call of a student's function, as in test_adversarial
BUDGET = 20  # seconds per notebook: what a loop costs, with room for a loaded machine (the time-outs must agree)
READING_ATTACKS = ("missing_notebook", "link_to_source", "fifo_beside")  # graded on the driver, as locally
ATTACKS = [attack for attack in CATALOGUE if attack.damage is None or attack.name in READING_ATTACKS]
GRADED = [attack for attack in ATTACKS if attack.expected]
SECOND = "02_queries_keys_values"  # graded in the same queue: two written questions, the example students alone
CHOSEN = [ASSIGNMENT, SECOND]


def build_class(root, make_release, port):
    """The mixed batch in a new course root: each of ATTACKS and each example student."""
    release = make_release(root)
    for attack in ATTACKS:
        build_attack(attack, release, root / "submitted" / attack.student_id / ASSIGNMENT, REPO, root, port)
    second = make_release(root, SECOND)
    for persona in PERSONAS:
        build_submission(release, EXAMPLES / persona / f"{ASSIGNMENT}.py", root / "submitted" / f"x-{persona}" / ASSIGNMENT)
        build_submission(second, EXAMPLES / persona / f"{SECOND}.py", root / "submitted" / f"x-{persona}" / SECOND)


def graded_cells_of(root):
    """{(assignment, student): ([(grade_id, points, status)], the written questions' results, the autograded
    notebook's cell sources, where an attack's own code names the course root as "ROOT")} of every result file of
    the course root."""
    found = {}
    for assignment in CHOSEN:
        for path in sorted((root / "grading" / assignment).glob("*.json")):
            document = json.loads(path.read_text())
            student = document["student"]
            autograded = root / "autograded" / student / assignment / f"{assignment}.ipynb"
            sources = [cell.source.replace(str(root), "ROOT") for cell in nbformat.read(autograded, as_version=4).cells]
            found[assignment, student] = ([(c["grade_id"], c["points"], c["status"]) for c in document["cells"]],
                                          document["written"], sources)
    return found


def why_not_graded(root, assignment, student):
    """The notes and the grader's own error of a student's result file, for a failure's message."""
    document = json.loads(result_path(root, assignment, student).read_text())
    return document["notes"], document.get("grader_error", "")[-2000:]


def process_names(worker):
    names = []
    for process in worker_processes(worker):
        try:
            names.append(process.name())
        except psutil.NoSuchProcess:
            pass
    return names


def recordings(monkeypatch):
    """A Counter of the gradebook transactions this process makes, by (assignment, student)."""
    counted = Counter()
    record_scores = grading_run.record_scores

    def counting(db_url, assignment, student, results, timestamp):
        counted[assignment, student] += 1
        return record_scores(db_url, assignment, student, results, timestamp)

    monkeypatch.setattr(grading_run, "record_scores", counting)
    return counted


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, confinement_or_skip):
    """(address, [worker, worker]) of a scheduler and two single-threaded workers, stopped afterwards."""
    confinement_or_skip()
    folder = tmp_path_factory.mktemp("dask")
    address, scheduler = start_scheduler(folder)
    workers = []
    try:
        workers = [start_worker(address, folder, f"worker-{n}") for n in (1, 2)]
        yield address, workers
    finally:
        for process in [*workers, scheduler]:
            process.stop()


@pytest.fixture(scope="module")
def local_and_cluster(tmp_path_factory, make_release, cluster):
    """The batch graded here and through the cluster, one worker killed while it runs a sandbox."""
    address, (victim, _) = cluster
    base = tmp_path_factory.mktemp("graded")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    local_root, cluster_root = base / "local", base / "cluster"
    build_class(local_root, make_release, port)
    build_class(cluster_root, make_release, port)
    killed = {}

    def kill_a_worker_mid_batch(done, total):
        if done >= KILL_AFTER and not killed and "bwrap" in process_names(victim):
            victim.stop()
            killed["while running a sandbox"] = True

    log = []
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(grade_one, "SETTINGS", replace(grade_one.SETTINGS, case_time_limit_seconds=CASE_TIME_LIMIT))
        local = grade_assignments(local_root, CHOSEN, budget=BUDGET, log=lambda line: None, scheduler="")
        counted = recordings(monkeypatch)
        on_cluster = grade_assignments(cluster_root, CHOSEN, budget=BUDGET, log=log.append, scheduler=address,
                                       progress=kill_a_worker_mid_batch)
    listener.close()
    return local_root, cluster_root, local, on_cluster, counted, killed, log


def test_a_worker_killed_mid_batch_costs_a_retry_and_every_grade_matches_the_local_run(local_and_cluster):
    local_root, cluster_root, local, on_cluster, counted, killed, log = local_and_cluster
    assert killed == {"while running a sandbox": True}
    assert on_cluster == local == {ASSIGNMENT: (len(GRADED) + len(PERSONAS), 0), SECOND: (len(PERSONAS), 0)}
    here, there = graded_cells_of(local_root), graded_cells_of(cluster_root)
    differing = {key: (why_not_graded(cluster_root, *key), [line for line in log if key[1] in line])
                 for key in there if there[key] != here.get(key)}
    assert len(there) == len(GRADED) + 2 * len(PERSONAS) and not differing, differing
    assert set(counted) == set(there) and set(counted.values()) == {1}, counted  # each stored once, none lost
    assert not [line for line in log if "second result" in line or "WARNING" in line]
    gradebooks = [points_by_student(gradebook_url(root), CHOSEN) for root in (local_root, cluster_root)]
    assert gradebooks[0] == gradebooks[1] and len(gradebooks[1]) == len(GRADED) + len(PERSONAS)


@pytest.mark.parametrize("attack", GRADED, ids=[attack.name for attack in GRADED])
def test_each_attack_graded_on_the_cluster_gets_the_grade_it_deserves(local_and_cluster, attack):
    cluster_root = local_and_cluster[1]
    cells = json.loads(result_path(cluster_root, ASSIGNMENT, attack.student_id).read_text())["cells"]
    assert tuple(cell["status"] for cell in cells) == attack.expected, [cell["reason"] for cell in cells]


def test_a_rerun_after_the_cluster_run_grades_nothing_again(local_and_cluster, cluster):
    cluster_root = local_and_cluster[1]
    address, _ = cluster
    assert grade_assignments(cluster_root, CHOSEN, log=lambda line: None, scheduler=address) == {
        ASSIGNMENT: (0, len(GRADED) + len(PERSONAS)), SECOND: (0, len(PERSONAS))}


_WHAT_A_WORKER_IMPORTED = """
import importlib.util, json, sys
from distributed import Client
with Client(sys.argv[1], timeout=60) as client:
    def seen():
        import autograder
        return {"package": autograder.__file__,
                "hidden tests": importlib.util.find_spec("autograder.hidden_tests") is not None,
                "judge": importlib.util.find_spec("autograder.judge") is not None}
    print(json.dumps(list(client.run(seen).values())))
"""


def test_a_worker_runs_the_kit_it_was_sent_and_can_import_no_hidden_test(local_and_cluster, cluster):
    address, _ = cluster
    answer = subprocess.run([sys.executable, "-c", _WHAT_A_WORKER_IMPORTED, address], capture_output=True, text=True,
                            timeout=120, cwd="/")
    assert answer.returncode == 0, answer.stderr
    [seen] = json.loads(answer.stdout)  # the worker that is left
    assert "course_grading_kit.zip" in seen["package"]
    assert not seen["hidden tests"] and not seen["judge"]


def one_submission(tmp_path, make_release):
    """A new course root holding one honest submission of notebook 01, student x-ada's."""
    root = tmp_path / "course"
    release = make_release(root)
    build_submission(release, EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py", root / "submitted" / "x-ada" / ASSIGNMENT)
    return root


def test_a_worker_that_cannot_confine_refuses_to_grade_and_nothing_is_stored(tmp_path, make_release, monkeypatch,
                                                                             confinement_or_skip):
    confinement_or_skip()
    root = one_submission(tmp_path, make_release)
    address, scheduler = start_scheduler(tmp_path)
    worker = None
    try:
        worker = start_worker(address, tmp_path, "unconfined", {"COURSE_CONFINEMENT": "off"})
        counted, log = recordings(monkeypatch), []
        grade_assignment(root, ASSIGNMENT, budget=10, log=log.append, scheduler=address)
    finally:
        for process in filter(None, [worker, scheduler]):
            process.stop()
    assert any(line.startswith("  WARNING: tcp://") and "cannot confine" in line for line in log), log
    assert any("x-ada: not graded" in line and "cannot confine" in line for line in log), log
    assert not counted and not result_path(root, ASSIGNMENT, "x-ada").exists()


def test_a_scheduler_that_cannot_be_reached_is_named_and_nothing_is_stored(tmp_path, make_release, monkeypatch,
                                                                         confinement_or_skip):
    confinement_or_skip()
    root = one_submission(tmp_path, make_release)
    closed = socket.create_server(("127.0.0.1", 0))
    address = f"tcp://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()  # nothing listens there now
    monkeypatch.setattr(cluster_engine, "CONNECT_SECONDS", 3.0)
    counted, log = recordings(monkeypatch), []
    assert grade_assignment(root, ASSIGNMENT, budget=10, log=log.append, scheduler=address) == (0, 0)
    assert any(f"the Dask scheduler at {address} cannot be reached" in line and "1 submissions not graded" in line
               for line in log), log
    assert not counted and not result_path(root, ASSIGNMENT, "x-ada").exists()
