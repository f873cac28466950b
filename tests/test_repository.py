"""Is the repository what its README promises: two commands, pinned packages, CI running the tests?"""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readmes_test_command():
    readme = (REPO / "README.md").read_text()
    assert "./course.sh demo" in readme and "./course.sh test" in readme
    assert "./course.sh test" in (REPO / ".ci" / "run").read_text()


def pinned_lines(name):
    return [line for line in (REPO / name).read_text().splitlines() if line and not line.startswith("#")]


def test_every_requirement_is_pinned():
    lines = pinned_lines("requirements.txt")
    assert lines and all("==" in line for line in lines)
    names = {line.split("==")[0].lower() for line in lines}
    assert {"jupyterlab", "numpy", "matplotlib", "nbgrader", "pytest"} <= names


def test_the_peer_is_pinned_and_installed_by_the_test_command():
    lines = pinned_lines("requirements-peer.txt")
    assert "torch==2.13.0" in lines and all("==" in line for line in lines)
    assert "requirements-peer.txt" in (REPO / "course.sh").read_text()
