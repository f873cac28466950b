"""Is the repository what its README promises: two commands, pinned packages, CI running the tests?"""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readmes_test_command():
    readme = (REPO / "README.md").read_text()
    assert "./course.sh demo" in readme and "./course.sh test" in readme
    assert "./course.sh test" in (REPO / ".ci" / "run").read_text()


def test_every_requirement_is_pinned():
    lines = [line for line in (REPO / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert lines and all("==" in line for line in lines)
    names = {line.split("==")[0].lower() for line in lines}
    assert {"jupyterlab", "numpy", "matplotlib", "nbgrader", "pytest"} <= names
