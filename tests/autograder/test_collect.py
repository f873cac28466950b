"""Does ``nbgrader collect`` copy what a student wrote, and never the file a planted link names?"""

import json
import os
import subprocess
import sys
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default.collect import ExchangeCollect

from autograder.adversarial import ASSIGNMENT
from autograder.collect import IGNORED_LIST, copy_regular_tree
from autograder.course import AUTOGRADER, source_notebook
from autograder.nbgrader_steps import nbgrader_env
from autograder.safe.batch import grade_assignment

TIMESTAMP = "2026-01-05 10:00:00.000000 UTC"


def plant(folder):
    """A submission folder holding only things that are not the student's work."""
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.ipynb").symlink_to(source_notebook(ASSIGNMENT))
    (folder / "big.ipynb").symlink_to("/dev/zero")
    os.mkfifo(folder / "draft.ipynb")
    (folder / "timestamp.txt").write_text(TIMESTAMP)


def test_nbgrader_s_own_copy_turns_a_link_into_the_file_it_names(tmp_path):
    """Why the course replaces it: nbgrader's do_copy follows links (checked, so a fixed nbgrader shows here)."""
    source = tmp_path / "inbound"
    source.mkdir()
    (source / f"{ASSIGNMENT}.ipynb").symlink_to(source_notebook(ASSIGNMENT))
    collect = ExchangeCollect(coursedir=CourseDirectory(root=str(tmp_path)))
    collect.do_copy(str(source), str(tmp_path / "copied"))
    copied = tmp_path / "copied" / f"{ASSIGNMENT}.ipynb"
    assert not copied.is_symlink() and copied.read_bytes() == source_notebook(ASSIGNMENT).read_bytes()


def test_copy_regular_tree_copies_regular_files_and_lists_the_rest(tmp_path):
    plant(tmp_path / "src")
    (tmp_path / "src" / "notes").mkdir()
    (tmp_path / "src" / "notes" / "a.txt").write_text("mine")
    left_out = copy_regular_tree(tmp_path / "src", tmp_path / "dest", warn=lambda line: None)
    assert sorted(name for name, _ in left_out) == ["01_one_query_scores.ipynb", "big.ipynb", "draft.ipynb"]
    assert (tmp_path / "dest" / "notes" / "a.txt").read_text() == "mine"
    assert (tmp_path / "dest" / "timestamp.txt").read_text() == TIMESTAMP
    assert not (tmp_path / "dest" / f"{ASSIGNMENT}.ipynb").exists()
    assert json.loads((tmp_path / "dest" / IGNORED_LIST).read_text()) == [list(item) for item in left_out]


def test_collect_leaves_planted_links_and_fifos_out_and_the_grade_says_so(tmp_path):
    exchange, root = tmp_path / "exchange", tmp_path / "course"
    inbound = exchange / "self-attention" / "inbound"
    plant(inbound / f"mallory+{ASSIGNMENT}+{TIMESTAMP}")
    root.mkdir()
    env = {**nbgrader_env(root), "NBGRADER_EXCHANGE": str(exchange)}
    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "generate_assignment", ASSIGNMENT],
                   cwd=AUTOGRADER, env=env, check=True, capture_output=True, timeout=300)
    run = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "collect", ASSIGNMENT],
                         cwd=AUTOGRADER, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    collected = root / "submitted" / "mallory" / ASSIGNMENT
    assert not (collected / f"{ASSIGNMENT}.ipynb").exists(), "the link was followed"
    assert "not collected" in run.stderr
    grade_assignment(root, ASSIGNMENT, log=lambda line: None)
    document = json.loads((root / "grading" / ASSIGNMENT / "mallory.json").read_text())
    assert {cell["status"] for cell in document["cells"]} == {"not gradable"}
    assert sum("was not collected" in note for note in document["notes"]) == 3
