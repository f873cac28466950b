"""Does the whole grading pipeline work against a real PostgreSQL gradebook?

The test starts Debian's PostgreSQL server on loopback in a temporary folder
(as the system user postgres, since the server refuses to run as root), and
grades the example students of the whole series into it: the safe pipeline,
nbgrader's own export and feedback, and the LMS files.
"""

import csv
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from autograder import nbgrader_steps
from autograder.course import assignments
from autograder.reports.gradebook_tables import points_by_student
from autograder.pipeline import release, submit_examples
from autograder.reports.lms_export import write_lms_exports
from autograder.safe.batch import grade_assignment
from autograder.submissions import EXAMPLES

BIN = Path("/usr/lib/postgresql/15/bin")
EXPECTED = json.loads((EXAMPLES / "expected_points.json").read_text())


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(*command, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def postgresql_url(tmp_path_factory):
    if not (BIN / "postgres").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not installed (./course.sh test installs it with apt); CI requires it")
        pytest.skip("PostgreSQL server not installed (apt-get install postgresql): the PostgreSQL gradebook is not tested")
    folder = tmp_path_factory.mktemp("postgresql")
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
        folder.chmod(0o755)
        for parent in folder.parents:
            if parent.stat().st_mode & 0o001 == 0 and str(parent).startswith("/tmp"):
                parent.chmod(parent.stat().st_mode | 0o001)
    port = _free_port()
    _as_postgres(str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    server = subprocess.Popen(
        (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
        + [str(BIN / "postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1", "-k", str(sockets)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                _as_postgres("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "gradebook")
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        else:
            pytest.fail("PostgreSQL did not start")
        yield f"postgresql://postgres@127.0.0.1:{port}/gradebook"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_pipeline_grades_the_series_into_postgresql(postgresql_url, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DB_URL", postgresql_url)
    root = tmp_path / "course"
    root.mkdir()
    release(root, root / "nbgrader.log")
    submit_examples(root)
    for assignment in assignments():
        grade_assignment(root, assignment, log=lambda line: None)
    nbgrader_steps.run(root, "export", "--to", str(root / "grades.csv"))
    nbgrader_steps.run(root, "generate_feedback", assignments()[0])
    write_lms_exports(root, assignments())

    assert not (root / "gradebook.db").exists(), "everything went to PostgreSQL, nothing to SQLite"
    points = points_by_student(postgresql_url, assignments())
    for student, by_assignment in EXPECTED.items():
        for assignment, cells in by_assignment.items():
            assert {c: s for c, (s, _) in points[student][assignment].items()} == cells
    with open(root / "grades.csv") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) == len(EXPECTED) * len(assignments())
    assert (root / "feedback" / "ben-mistakes" / assignments()[0] / f"{assignments()[0]}.html").exists()
    assert (root / "canvas_grades.csv").read_text().count("\n") == len(EXPECTED) + 2
