"""Run a command confined: bubblewrap's namespaces, a time budget, a memory limit.

Inside the sandbox the process sees a read-only Python installation, its own
scratch folder (read-write) and nothing else of this machine: not the
repository (hidden tests, instructor sources), not the course root (other
submissions, the gradebook). It has no network, runs as user nobody, and dies
with its parent. Where bubblewrap is missing (a laptop without it), the
command runs unconfined in the scratch folder with the same limits, and
``confinement()`` says so loudly.
"""

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SANDBOX_HOME = "/grading"  # where the scratch folder appears inside the sandbox
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space
FILE_SIZE_LIMIT = 256 * 1024**2  # bytes per file the student's code writes
OUTPUT_LIMIT = 1024**2  # bytes of the runner's own stdout/stderr kept

# Read-only system folders the interpreter needs; missing ones are skipped.
_SYSTEM = ("/usr", "/lib", "/lib64", "/bin", "/etc/alternatives", "/etc/fonts", "/etc/ssl", "/etc/ld.so.cache")


@dataclass
class RunResult:
    returncode: int
    timed_out: bool
    seconds: float
    output: str  # the tail of the combined stdout and stderr


def _python_roots():
    """Folders holding the interpreter and its packages, to mount read-only."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(sys.executable).resolve().parent.parent}
    return sorted({str(root) for root in roots})


def bubblewrap_command(scratch, command):
    """The bwrap command line that runs ``command`` with ``scratch`` as its only writable folder."""
    arguments = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
                 "--uid", "65534", "--gid", "65534", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for folder in _SYSTEM:
        if os.path.exists(folder):
            arguments += ["--ro-bind", folder, folder]
    for root in _python_roots():
        arguments += ["--ro-bind", root, root]
    arguments += ["--bind", str(scratch), SANDBOX_HOME, "--chdir", SANDBOX_HOME,
                  "--setenv", "HOME", SANDBOX_HOME, "--setenv", "TMPDIR", "/tmp"]
    return arguments + list(command)


@lru_cache(maxsize=None)
def bubblewrap_works():
    """True when bwrap is installed and can start a confined Python here."""
    if shutil.which("bwrap") is None or os.environ.get("COURSE_CONFINEMENT") == "off":
        return False
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"bwrap-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        result = subprocess.run(bubblewrap_command(probe, [sys.executable, "-c", "print('confined')"]),
                                capture_output=True, text=True, timeout=60)
        return result.returncode == 0 and "confined" in result.stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def confinement():
    """A line for the log saying how student code is run."""
    if bubblewrap_works():
        return "confined: bubblewrap (no network, no access outside its scratch folder), memory and time limits"
    return ("WARNING: UNCONFINED. bubblewrap is not available, so student code runs with your rights: "
            "it can read and write your files and use the network. Only time and memory are limited. "
            "Install bubblewrap (apt-get install bubblewrap) to confine it.")


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing
    os.setsid()


def run_confined(scratch, command, budget):
    """Run ``command`` (paths as seen inside the sandbox) with ``budget`` seconds of wall time in all."""
    scratch = Path(scratch)
    confined = bubblewrap_works()
    full = bubblewrap_command(scratch, command) if confined else list(command)
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "HOME": SANDBOX_HOME if confined else str(scratch)}
    log_path = scratch / "runner.log"
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(full, cwd=None if confined else scratch, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, preexec_fn=_limits)
        try:
            returncode, timed_out = process.wait(timeout=budget), False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            returncode, timed_out = process.wait(), True
    with open(log_path, "rb") as log:
        log.seek(max(0, log_path.stat().st_size - OUTPUT_LIMIT))
        output = log.read().decode("utf-8", "replace")
    return RunResult(returncode, timed_out, time.perf_counter() - started, output)
