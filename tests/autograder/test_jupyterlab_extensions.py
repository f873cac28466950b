"""Do nbgrader's JupyterLab and server extensions load with the pinned JupyterLab?"""

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run(*command):
    result = subprocess.run([str(BIN / command[0]), *command[1:]], capture_output=True, text=True)
    return result.stdout + result.stderr


def test_nbgraders_lab_extension_is_enabled_and_ok():
    listing = run("jupyter", "labextension", "list")
    line = next(line for line in listing.splitlines() if "@jupyter/nbgrader" in line)
    assert "enabled" in line and "OK" in line


def test_nbgraders_server_extensions_validate():
    listing = run("jupyter", "server", "extension", "list")
    for extension in ("formgrader", "assignment_list", "validate_assignment", "course_list"):
        validated = [line for line in listing.splitlines() if f"nbgrader.server_extensions.{extension}" in line and "OK" in line]
        assert validated, f"{extension} did not validate:\n{listing}"
