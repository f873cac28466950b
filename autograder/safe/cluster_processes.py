"""A Dask scheduler and workers as processes of this machine, on 127.0.0.1: for the cluster test and benchmark.

Each is started as docs/cluster.md starts them on real machines (``dask
scheduler``, ``dask worker ADDRESS --nworkers 1 --nthreads 1``), in a
session of its own so that stopping one stops its nanny, its worker process
and what they started; its log goes to a file in ``folder``. Readiness is
read from those logs, so the caller starts no Dask client (and no thread) of
its own.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DASK = Path(sys.executable).with_name("dask")  # the dask command of this environment
START_SECONDS = 120.0  # for a process to say it is ready, on a loaded machine


@dataclass
class DaskProcess:
    name: str
    process: subprocess.Popen
    log: Path

    def stop(self):
        """Kill it and everything in its session at once (as a machine lost would), and wait for it."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        self.process.wait()


def free_port():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        return listener.getsockname()[1]


def _start(name, command, folder, environment=None):
    log = Path(folder) / f"{name}.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([str(DASK), *command], stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=folder, start_new_session=True,
                                   env={**os.environ, **(environment or {})})
    return DaskProcess(name, process, log)


def _wait_for(started, text):
    deadline = time.monotonic() + START_SECONDS
    while text not in started.log.read_text(errors="replace"):
        if started.process.poll() is not None or time.monotonic() > deadline:
            started.stop()
            raise RuntimeError(f"{started.name} did not start; its log:\n{started.log.read_text(errors='replace')}")
        time.sleep(0.2)


def start_scheduler(folder):
    """(address, DaskProcess) of a new scheduler on 127.0.0.1."""
    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = _start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                     "--no-dashboard"], folder)
    _wait_for(scheduler, "Scheduler at:")
    return address, scheduler


def start_worker(address, folder, name, environment=None):
    """A DaskProcess of one worker process with one thread, registered with the scheduler at ``address``."""
    local = Path(folder) / name
    local.mkdir(parents=True, exist_ok=True)
    worker = _start(name, ["worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                           "--no-dashboard", "--name", name, "--local-directory", str(local)], folder, environment)
    _wait_for(worker, "Registered to:")
    return worker


def worker_processes(worker):
    """The processes (psutil) of a worker: its nanny and everything under it (its worker process, its sandboxes)."""
    import psutil

    try:
        nanny = psutil.Process(worker.process.pid)
        return [nanny, *nanny.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
