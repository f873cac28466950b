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


def oldest_supported_python():
    """The lowest version that pyproject.toml's requires-python admits, e.g. '3.11.0' for '>=3.11'."""
    import tomllib

    required = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert required.startswith(">=") and "," not in required, required
    return ".".join((required[2:].split(".") + ["0", "0"])[:3])


def test_the_readme_states_the_oldest_python_that_pyproject_admits():
    assert f"Python {oldest_supported_python()}" in (REPO / "README.md").read_text()


def test_every_pinned_package_installs_on_the_oldest_supported_python():
    """Each pin's own Requires-Python admits it (e.g. soupsieve 4.1 wants 3.11.5; Debian 12 ships 3.11.2)."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.specifiers import SpecifierSet

    oldest = oldest_supported_python()
    refused = []
    for name in ("requirements.txt", "requirements-peer.txt"):
        for line in pinned_lines(name):
            package, version = line.split("==")
            try:
                installed = distribution(package)
            except PackageNotFoundError:
                assert name == "requirements-peer.txt", f"{line} is pinned but not installed"
                continue  # the peer is optional outside CI (tests/course_lib/test_torch_peer.py says so)
            assert installed.version.split("+")[0] == version, f"{package} {installed.version} installed, {version} pinned"
            wanted = installed.metadata.get("Requires-Python") or ""
            if oldest not in SpecifierSet(wanted):
                refused.append(f"{line} needs Python {wanted}")
    assert not refused, f"pinned packages that refuse Python {oldest}: {refused}"
