"""One control group per sandboxed run: memory, process count and CPU time for the run as a whole.

Per-process limits (RLIMIT_AS, RLIMIT_CPU) let a submission multiply what it
gets by starting processes; a control group counts them together. Three ways
to get one, tried in this order, the first that works is kept:

- ``systemd scope``: where systemd is the init (a Debian or Ubuntu desktop or
  server), ``systemd-run --scope`` (``--user`` when not root) puts the command
  in a new scope with MemoryMax, MemorySwapMax and TasksMax;
- ``cgroup v2``: a new group beside the grader's own in the unified
  hierarchy, where its parent is writable and delegates memory and pids (root
  in a container without systemd);
- ``cgroup v1``: new groups below the grader's own in the memory, pids and
  cpuacct hierarchies, where they are writable (root on a machine with the
  legacy layout).

Where none works (a JupyterHub container with a read-only /sys/fs/cgroup, a
user without systemd), ``open_run_group`` returns None and the sandbox falls
back to per-process limits. ``RunGroup.sample`` reads what the group used
(polled while the run goes on, since a systemd scope vanishes with its last
process), ``kill`` ends everything in it, ``remove`` deletes it.
"""

import os
import shutil
import signal
import subprocess
import time
import uuid
from functools import lru_cache
from pathlib import Path

from .leftovers import left_behind, owned_prefix

_PREFIX = "course-sandbox-"


def _read(path, default=None):
    try:
        return Path(path).read_text()
    except OSError:
        return default


def _number(text):
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _keyed(text):
    """``key value`` lines (memory.events, cpu.stat, pids.events) as a dict of ints."""
    pairs = (line.split() for line in (text or "").splitlines())
    return {pair[0]: int(pair[1]) for pair in pairs if len(pair) == 2 and pair[1].isdigit()}


def _own_cgroups():
    """{controller or '' for the unified hierarchy: path of this process's group}."""
    groups = {}
    for line in (_read("/proc/self/cgroup") or "").splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            groups[controller.removeprefix("name=")] = path
    return groups


def _mounts():
    """{controller or '' for cgroup2: mount point}."""
    mounts = {}
    for line in (_read("/proc/self/mounts") or "").splitlines():
        _, point, kind, options, *_ = line.split()
        if kind == "cgroup2":
            mounts.setdefault("", point)
        elif kind == "cgroup":
            for option in options.split(","):
                mounts.setdefault(option, point)
    return mounts


class RunGroup:
    """What a run used, sampled from its group's files; the maximum seen is kept."""

    kind = ""

    def __init__(self):
        self.peak_memory = 0        # bytes
        self.memory_killed = False  # the kernel killed a process for the memory limit
        self.tasks_refused = False  # a fork was refused at the process limit
        self.cpu_seconds = 0.0

    def command_prefix(self):
        """Arguments to put before the command (systemd-run); empty where the child joins by itself."""
        return []

    def environment(self):
        """Variables the command prefix needs (the user's bus), to be unset again inside the sandbox."""
        return {}

    @property
    def entered(self):
        """False when the run is known never to have been in the group (systemd-run failed to start it)."""
        return True

    def enter(self):
        """Called in the child between fork and exec: move this process into the group."""

    def sample(self, pid=None):
        """Read the group's counters now (``pid``: the run's first process, to find a systemd scope)."""

    def kill(self):
        """SIGKILL every process still in the group."""

    def remove(self):
        """Delete the group (after ``kill``)."""


def _join(procs_file):
    """Move the calling process into a group: plain system calls only, as it runs between fork and exec."""
    descriptor = os.open(procs_file, os.O_WRONLY)
    try:
        os.write(descriptor, str(os.getpid()).encode())
    finally:
        os.close(descriptor)


def _kill_listed(procs_file):
    for _ in range(20):
        pids = [int(pid) for pid in (_read(procs_file) or "").split()]
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _remove_folder(folder):
    for attempt in range(100):
        try:
            os.rmdir(folder)
            return
        except FileNotFoundError:
            return
        except OSError:  # still busy for a moment after the last process died
            _kill_listed(Path(folder) / "cgroup.procs")
            time.sleep(0.001 * attempt)


class _V2Files(RunGroup):
    """Counters of a unified-hierarchy group (also what a systemd scope is)."""

    folder = None

    def sample(self, pid=None):
        if self.folder is None:
            return
        current = _number(_read(self.folder / "memory.peak")) or _number(_read(self.folder / "memory.current")) or 0
        self.peak_memory = max(self.peak_memory, current)
        events = _keyed(_read(self.folder / "memory.events"))
        self.memory_killed |= events.get("oom_kill", 0) > 0 or events.get("oom_group_kill", 0) > 0
        self.tasks_refused |= _keyed(_read(self.folder / "pids.events")).get("max", 0) > 0
        usage = _keyed(_read(self.folder / "cpu.stat")).get("usage_usec")
        if usage is not None:
            self.cpu_seconds = max(self.cpu_seconds, usage / 1e6)

    def kill(self):
        if self.folder is None:
            return
        try:
            (self.folder / "cgroup.kill").write_text("1")
        except OSError:
            _kill_listed(self.folder / "cgroup.procs")


class _V2Group(_V2Files):
    kind = "cgroup v2"

    def __init__(self, folder, memory, tasks):
        super().__init__()
        folder.mkdir()
        self.folder = folder
        try:
            (folder / "memory.max").write_text(str(memory))
            (folder / "pids.max").write_text(str(tasks))
            if (folder / "memory.swap.max").exists():
                (folder / "memory.swap.max").write_text("0")
        except OSError:
            self.remove()
            raise

    def enter(self):
        _join(self.folder / "cgroup.procs")

    def remove(self):
        _remove_folder(self.folder)


class _SystemdScope(_V2Files):
    """A transient scope: systemd-run starts the command in it and removes it when its last process ends."""

    kind = "systemd scope"

    def __init__(self, memory, tasks):
        super().__init__()
        self.unit = f"{_PREFIX}{uuid.uuid4().hex}.scope"
        self.memory, self.tasks = memory, tasks

    def command_prefix(self):
        return _systemd_run_prefix(self.unit, self.memory, self.tasks)

    def environment(self):
        return _user_bus_environment()

    @property
    def entered(self):
        return self.folder is not None

    def sample(self, pid=None):
        if self.folder is None and pid is not None:  # the scope is known once systemd-run has moved the command
            lines = (_read(f"/proc/{pid}/cgroup") or "").splitlines()
            path = next((line[3:] for line in lines if line.startswith("0::")), "")
            if path.endswith("/" + self.unit):
                self.folder = Path(_mounts().get("", "/sys/fs/cgroup")) / path.lstrip("/")
        super().sample(pid)


def _user_bus_environment():
    """What ``systemd-run --user`` needs to reach the user's systemd."""
    names = () if os.geteuid() == 0 else ("XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS")
    return {name: os.environ[name] for name in names if name in os.environ}


def _systemd_run_prefix(unit, memory, tasks):
    user = [] if os.geteuid() == 0 else ["--user"]
    return [shutil.which("systemd-run") or "systemd-run", *user, "--scope", "--quiet", "--collect", f"--unit={unit}",
            "-p", f"MemoryMax={memory}", "-p", "MemorySwapMax=0", "-p", f"TasksMax={tasks}", "--"]


class _V1Group(RunGroup):
    kind = "cgroup v1"

    def __init__(self, folders, memory, tasks):
        super().__init__()
        self.folders = {}
        try:
            for controller, folder in folders.items():
                folder.mkdir()
                self.folders[controller] = folder
            memory_folder = self.folders["memory"]
            (memory_folder / "memory.limit_in_bytes").write_text(str(memory))
            if (memory_folder / "memory.memsw.limit_in_bytes").exists():
                (memory_folder / "memory.memsw.limit_in_bytes").write_text(str(memory))
            (self.folders["pids"] / "pids.max").write_text(str(tasks))
        except OSError:
            self.remove()
            raise

    def enter(self):
        for folder in self.folders.values():
            _join(folder / "cgroup.procs")

    def sample(self, pid=None):
        memory_folder = self.folders["memory"]
        peak = _number(_read(memory_folder / "memory.max_usage_in_bytes")) or 0
        self.peak_memory = max(self.peak_memory, peak)
        self.memory_killed |= _keyed(_read(memory_folder / "memory.oom_control")).get("oom_kill", 0) > 0
        self.tasks_refused |= _keyed(_read(self.folders["pids"] / "pids.events")).get("max", 0) > 0
        if "cpuacct" in self.folders:
            usage = _number(_read(self.folders["cpuacct"] / "cpuacct.usage"))
            if usage is not None:
                self.cpu_seconds = max(self.cpu_seconds, usage / 1e9)

    def kill(self):
        for folder in self.folders.values():
            _kill_listed(folder / "cgroup.procs")

    def remove(self):
        for folder in self.folders.values():
            _remove_folder(folder)


def _systemd_is_init():
    return (_read("/proc/1/comm") or "").strip() == "systemd" and shutil.which("systemd-run") is not None


@lru_cache(maxsize=None)
def _systemd_scope_works():
    """True when systemd-run can start a scope here whose group has the memory and pids controllers."""
    check = 'test -e "/sys/fs/cgroup$(sed -n "s/^0:://p" /proc/self/cgroup)/memory.max"'
    try:
        return subprocess.run(_systemd_run_prefix(f"{_PREFIX}probe-{uuid.uuid4().hex}.scope", 64 * 1024**2, 8)
                              + ["sh", "-c", check], env={"PATH": "/usr/bin:/bin", **_user_bus_environment()},
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _v2_parent():
    """The unified-hierarchy folder to create run groups in, or None."""
    mount, own = _mounts().get(""), _own_cgroups().get("")
    if mount is None or own is None:
        return None
    own_folder = Path(mount) / own.lstrip("/")
    for parent in (own_folder, own_folder.parent):  # the grader's own group can only hold groups at the root
        enabled = (_read(parent / "cgroup.subtree_control") or "").split()
        if "memory" in enabled and "pids" in enabled and os.access(parent, os.W_OK):
            return parent
    return None


def _v1_parents():
    """{memory, pids[, cpuacct]: folder of the grader's own group}, or None."""
    mounts, own = _mounts(), _own_cgroups()
    parents = {}
    for controller in ("memory", "pids", "cpuacct"):
        if controller in mounts and controller in own:
            folder = Path(mounts[controller]) / own[controller].lstrip("/")
            if os.access(folder, os.W_OK):
                parents[controller] = folder
    return parents if "memory" in parents and "pids" in parents else None


def _new_name():
    return owned_prefix(_PREFIX) + uuid.uuid4().hex[:12]


_cleaned = set()


def _remove_left_behind(parent):
    """Once per parent folder: remove the groups of graders that were killed during a run (their process is gone)."""
    if parent in _cleaned:
        return
    _cleaned.add(parent)
    for folder in left_behind(parent, _PREFIX):
        _remove_folder(folder)


def _open_v2(memory, tasks):
    parent = _v2_parent()
    if parent is None:
        return None
    _remove_left_behind(parent)
    return _V2Group(parent / _new_name(), memory, tasks)


def _open_v1(memory, tasks):
    parents = _v1_parents()
    if parents is None:
        return None
    for parent in parents.values():
        _remove_left_behind(parent)
    name = _new_name()
    return _V1Group({controller: folder / name for controller, folder in parents.items()}, memory, tasks)


def _open_systemd(memory, tasks):
    return _SystemdScope(memory, tasks) if _systemd_is_init() and _systemd_scope_works() else None


_WAYS = {"systemd": _open_systemd, "v2": _open_v2, "v1": _open_v1}


def open_run_group(memory, tasks, ways=None):
    """A RunGroup limiting memory (bytes, swap included) and tasks for one run, or None where none can be had.

    ``ways``: which of "systemd", "v2", "v1" to try, in that order (default: all).
    """
    for way in ways or _WAYS:
        try:
            group = _WAYS[way](memory, tasks)
        except OSError:
            group = None
        if group is not None:
            return group
    return None


@lru_cache(maxsize=None)
def available_kind(ways=None):
    """The kind of group a run gets here ("systemd scope", "cgroup v2", "cgroup v1"), or "" for none."""
    group = open_run_group(64 * 1024**2, 8, ways)
    if group is None:
        return ""
    group.remove()
    return group.kind
