"""Run a command confined: bubblewrap's namespaces, and limits for the whole run.

Inside the sandbox the process sees a read-only Python installation (at the
neutral paths /opt/python and /opt/venv when it lives elsewhere, mounted from
a copy made of hard links in the temporary folder once per grader, so that
/proc/self/mountinfo names no folder of the course, the home or the
virtual environment), its own
scratch folder (read-write, as /grading), a small /tmp and nothing else of
this machine: not the repository (hidden tests, instructor sources), not the
course root (other submissions, the gradebook). It has no network, runs as
user nobody, and dies with its parent. bubblewrap reads its arguments from a
pipe, so no process inside shows a path of this machine in its command line
or its environment.

The limits (``Limits``) hold for the run as a whole where a control group can
be had (``cgroups``): memory with swap, number of tasks, CPU time of all
processes together. Elsewhere they fall back to per-process limits (see the
README's table "Limits of one submission"). The scratch folder has a quota
(``scratch_quota``: its own tmpfs where root can mount one, else watched
while the run goes on, and the run stopped past it). The
runner's stdout and stderr come back through a pipe, capped, so nothing the
student leaves in the scratch folder is read as the sandbox's log.

Where bubblewrap is missing (a laptop without it), the command runs
unconfined in the scratch folder with the same limits, and ``confinement()``
says so loudly.
"""

import atexit
import errno
import os
import resource
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .cgroups import available_kind, open_run_group
from .leftovers import left_behind, owned_prefix
from .scratch_quota import disk_usage, quota_folder, tmpfs_possible

SANDBOX_HOME = "/grading"  # where the scratch folder appears inside the sandbox
NEUTRAL_PYTHON = "/opt/python"  # where a Python installed outside /usr appears inside
NEUTRAL_VENV = "/opt/venv"  # where the virtual environment appears inside
_NEUTRAL_ROOT = "/opt"  # the folder holding both, mounted from one neutral copy
NOBODY = 65534  # the user a sandbox runs as inside, and outside where the grader is root without a control group
UNPRIVILEGED_SWITCH = "COURSE_SANDBOX_AS_NOBODY"  # "off": a grader that is root runs bubblewrap as root
CGROUP_SWITCH = "COURSE_SANDBOX_CGROUP"  # "off": per-process limits only, even where a control group can be had
_LAYOUT_PREFIX = "course-sandbox-python-"  # the grader's neutral copies of Python's files, in the temporary folder
POLL_SECONDS = 0.1  # how often memory, CPU time and the scratch folder are checked during a run

# Read-only system folders the interpreter needs; missing ones are skipped.
_SYSTEM = ("/usr", "/lib", "/lib64", "/bin", "/etc/alternatives", "/etc/fonts", "/etc/ssl", "/etc/ld.so.cache")

MiB = 1024**2


@dataclass(frozen=True)
class Limits:
    """What one submission's run may use. The README's table "Limits of one submission" lists them."""

    memory: int = 2048 * MiB  # bytes, all processes together (per process where no control group)
    tasks: int = 64  # processes and threads at once
    cpu_seconds: float | None = None  # CPU time, all processes together; None: the run's wall budget
    tmp_size: int = 64 * MiB  # bytes of /tmp and of /dev/shm each (RAM; counted in memory too)
    scratch_quota: int = 256 * MiB  # bytes in the scratch folder as a whole
    scratch_entries: int = 10_000  # files and folders in the scratch folder
    file_size: int = 256 * MiB  # bytes of one written file
    output_bytes: int = 1 * MiB  # of the runner's own stdout/stderr kept

    def cpu_for(self, budget):
        return float(budget) if self.cpu_seconds is None else float(self.cpu_seconds)


LIMITS = Limits()

# What ended a run early, as RunResult.stopped_by says it.
STOPPED_BY = ("time", "memory", "cpu", "disk")


@dataclass
class RunResult:
    returncode: int
    timed_out: bool
    seconds: float
    output: str  # the tail of the combined stdout and stderr
    stopped_by: str = ""  # "" or one of STOPPED_BY: the limit that ended the run
    peak_memory: int | None = None  # bytes, all processes together; None where no control group
    cpu_seconds: float | None = None  # all processes together; None where no control group
    tasks_refused: bool = False  # a fork was refused at the task limit (the run went on)
    output_dropped: int = 0  # bytes of stdout/stderr not kept
    limits: str = ""  # where the limits held: "cgroup v1", "cgroup v2", "systemd scope" or "per process"
    scratch_quota: str = ""  # "tmpfs": writes past the quota refused; "watched": the run stopped past it
    as_nobody: bool = False  # a grader that is root ran bubblewrap as user nobody (no control group)

    @property
    def memory_killed(self):
        return self.stopped_by == "memory"


@dataclass(frozen=True)
class _PythonLayout:
    """How the grader's Python appears inside the sandbox: what to mount where, and which interpreter to run."""

    mounts: tuple  # (source, destination) read-only
    files: tuple  # (source, destination) read-only, written by the grader
    symlinks: tuple  # (target, destination)
    interpreter: str  # sys.executable as seen inside
    environment: tuple  # (name, value) to set inside


def _covered(path):
    return any(path == Path(folder) or Path(folder) in path.parents for folder in _SYSTEM)


def _text_or_empty(path):
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


class _NoLinkHere(OSError):
    """The temporary folder is on another file system than Python's files: no hard link can be made."""


def _linked_copy(source, target, skip=frozenset()):
    """A copy of the folder ``source`` at ``target``: new folders holding hard links to the same files (nothing is
    copied but where a file may not be linked), links as links; the paths in ``skip`` are left out."""
    os.mkdir(target)
    pending = [(str(source), str(target))]
    while pending:
        source_folder, target_folder = pending.pop()
        with os.scandir(source_folder) as listing:
            for entry in listing:
                destination = os.path.join(target_folder, entry.name)
                if entry.path in skip:
                    continue
                if entry.is_symlink():
                    os.symlink(os.readlink(entry.path), destination)
                elif entry.is_dir():
                    os.mkdir(destination)
                    pending.append((entry.path, destination))
                elif entry.is_file():
                    _link(entry.path, destination)


def _link(source, destination):
    """A hard link; a copy where this user may not link the file (not theirs); _NoLinkHere across file systems."""
    try:
        os.link(source, destination)
    except OSError as error:
        if error.errno == errno.EXDEV:
            raise _NoLinkHere(error.errno, error.strerror) from None
        shutil.copy2(source, destination)


def _replace(path, text):
    """Write ``text`` as a new file at ``path`` (a hard link there is removed first, never written through)."""
    if os.path.lexists(path):
        os.unlink(path)
    Path(path).write_text(text)


def _neutralise_site_packages(venv_copy):
    """Rewrite the files of the copied virtual environment that name paths of this machine."""
    for site in sorted(Path(venv_copy).glob("lib/python*/site-packages")):
        for entry in sorted(site.iterdir()):
            if entry.suffix == ".pth" and entry.is_file():
                lines = entry.read_text(errors="replace").splitlines()
                kept = [line for line in lines if not line.startswith("/") and "__editable__" not in line]
                if kept != lines:
                    _replace(entry, "\n".join(kept) + "\n")
            elif entry.name.startswith("__editable__") and entry.is_file():
                _replace(entry, "")
            elif entry.suffix == ".dist-info" and "file://" in _text_or_empty(entry / "direct_url.json"):
                _replace(entry / "direct_url.json", "{}\n")


def _base_skip(base, venv):
    """What of the base installation the sandbox never needs: its site-packages (unless the virtual environment
    includes them) and the standard library's own test suite."""
    library = base / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    skip = {str(library / "test")}
    if venv == base or "include-system-site-packages = true" not in _text_or_empty(venv / "pyvenv.cfg"):
        skip.add(str(library / "site-packages"))
    return skip


def _neutral_tree(base, base_executable, venv, copy_base):
    """The folder mounted as /opt: python/ (the base installation's interpreter, shared library and standard
    library, when ``copy_base``) and venv/ (the virtual environment's lib/ and a neutral pyvenv.cfg), made of hard
    links in the temporary folder once per grader: inside, /proc/self/mountinfo names only that folder."""
    for folder in left_behind(tempfile.gettempdir(), _LAYOUT_PREFIX):
        _remove_in_background(folder)
    tree = tempfile.mkdtemp(prefix=owned_prefix(_LAYOUT_PREFIX))
    os.chmod(tree, 0o755)  # Python's files only, for a sandbox run as user nobody (``_run_unprivileged``)
    atexit.register(_remove_in_background, tree)
    python = Path(tree) / Path(NEUTRAL_PYTHON).name
    if copy_base:
        relative_executable = base_executable.resolve().relative_to(base)
        (python / relative_executable.parent).mkdir(parents=True)
        _link(base_executable.resolve(), python / relative_executable)
        (python / "lib").mkdir(exist_ok=True)
        for entry in (base / "lib").iterdir():
            if entry.name.startswith("libpython"):
                if entry.is_symlink():
                    os.symlink(os.readlink(entry), python / "lib" / entry.name)
                else:
                    _link(entry, python / "lib" / entry.name)
        library = f"python{sys.version_info.major}.{sys.version_info.minor}"
        _linked_copy(base / "lib" / library, python / "lib" / library, _base_skip(base, venv))
    if venv != base:
        venv_copy = Path(tree) / Path(NEUTRAL_VENV).name
        venv_copy.mkdir()
        _linked_copy(venv / "lib", venv_copy / "lib")
        _neutralise_site_packages(venv_copy)
        os.symlink("lib", venv_copy / "lib64")
    return tree


def _remove_in_background(folder):
    """Remove ``folder`` without waiting (tens of thousands of links take seconds to unlink on a busy disk)."""
    try:
        subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _in_place_layout(base, venv, base_inside, base_mounts, interpreter_inside, environment):
    """The layout without a neutral copy (the temporary folder is on another file system): the folders are
    mounted where they are, so /proc/self/mountinfo inside names them (see the README)."""
    if venv == base:
        return _PythonLayout(base_mounts, (), (), interpreter_inside, environment)
    workdir = tempfile.mkdtemp(prefix=owned_prefix(_LAYOUT_PREFIX))
    atexit.register(shutil.rmtree, workdir, True)
    config = Path(workdir) / "pyvenv.cfg"
    config.write_text(_venv_config(venv, interpreter_inside))
    mounts = base_mounts + ((str(venv / "lib"), f"{NEUTRAL_VENV}/lib"),)
    symlinks = ((interpreter_inside, f"{NEUTRAL_VENV}/bin/python"), ("lib", f"{NEUTRAL_VENV}/lib64"))
    return _PythonLayout(mounts, ((str(config), f"{NEUTRAL_VENV}/pyvenv.cfg"),), symlinks,
                         f"{NEUTRAL_VENV}/bin/python", environment)


def _venv_config(venv, interpreter_inside):
    system_site = "true" if "include-system-site-packages = true" in _text_or_empty(venv / "pyvenv.cfg") else "false"
    return (f"home = {Path(interpreter_inside).parent}\ninclude-system-site-packages = {system_site}\n"
            f"version = {'.'.join(map(str, sys.version_info[:3]))}\n")


@lru_cache(maxsize=None)
def _python_layout():
    base = Path(sys.base_prefix).resolve()
    venv = Path(sys.prefix).resolve()
    base_executable = Path(getattr(sys, "_base_executable", sys.executable))
    if _covered(base):
        base_inside, base_mounts = base, ()
    elif base_executable.resolve().is_relative_to(base):
        base_inside, base_mounts = Path(NEUTRAL_PYTHON), ((str(base), NEUTRAL_PYTHON),)
    else:  # an unusual layout: mount it where it is
        return _PythonLayout(tuple((root, root) for root in sorted({str(base), str(venv)})), (), (),
                             sys.executable, ())
    interpreter_inside = str(base_inside / base_executable.resolve().relative_to(base))
    environment = (("LD_LIBRARY_PATH", str(base_inside / "lib")),) if base_mounts else ()
    if venv == base and not base_mounts:
        return _PythonLayout((), (), (), interpreter_inside, environment)
    try:
        tree = _neutral_tree(base, base_executable, venv, copy_base=bool(base_mounts))
    except _NoLinkHere:
        return _in_place_layout(base, venv, base_inside, base_mounts, interpreter_inside, environment)
    if venv == base:
        return _PythonLayout(((tree, _NEUTRAL_ROOT),), (), (), interpreter_inside, environment)
    config = Path(tree) / Path(NEUTRAL_VENV).name / "pyvenv.cfg"
    config.write_text(_venv_config(venv, interpreter_inside))
    os.makedirs(config.parent / "bin")
    os.symlink(interpreter_inside, config.parent / "bin" / "python")
    return _PythonLayout(((tree, _NEUTRAL_ROOT),), (), (), f"{NEUTRAL_VENV}/bin/python", environment)


def python_paths_hidden():
    """True when Python's files are mounted from the neutral copy (or from system folders): no path of this
    machine's Python installation or virtual environment appears in /proc/self/mountinfo inside."""
    layout = _python_layout()
    neutral = Path(tempfile.gettempdir()).resolve()
    return all(_covered(Path(source)) or Path(source).resolve().is_relative_to(neutral)
               for source, _ in layout.mounts + layout.files)


def _inside(command):
    """``command`` with the grader's interpreter replaced by its path inside the sandbox."""
    command = list(command)
    if command and command[0] == sys.executable:
        command[0] = _python_layout().interpreter
    return command


def _bubblewrap_options(scratch, limits=LIMITS):
    """bwrap's options (no program name, no command) that make ``scratch`` the only writable folder, as /grading."""
    layout = _python_layout()
    arguments = ["--unshare-all", "--die-with-parent", "--new-session", "--uid", str(NOBODY), "--gid", str(NOBODY),
                 "--proc", "/proc", "--dev", "/dev",
                 "--size", str(limits.tmp_size), "--tmpfs", "/dev/shm",
                 "--size", str(limits.tmp_size), "--tmpfs", "/tmp"]
    for folder in _SYSTEM:
        if os.path.exists(folder):
            arguments += ["--ro-bind", folder, folder]
    for source, destination in layout.mounts + layout.files:
        arguments += ["--ro-bind", source, destination]
    for target, destination in layout.symlinks:
        arguments += ["--symlink", target, destination]
    for name, value in layout.environment:
        arguments += ["--setenv", name, value]
    arguments += ["--bind", str(scratch), SANDBOX_HOME, "--chdir", SANDBOX_HOME,
                  "--setenv", "HOME", SANDBOX_HOME, "--setenv", "TMPDIR", "/tmp"]
    return arguments


def bubblewrap_command(scratch, command, limits=LIMITS):
    """The bwrap command line that runs ``command`` with ``scratch`` as its only writable folder."""
    return ["bwrap"] + _bubblewrap_options(scratch, limits) + ["--"] + _inside(command)


@lru_cache(maxsize=None)
def bubblewrap_works():
    """True when bwrap is installed and can start a confined Python here."""
    if shutil.which("bwrap") is None or os.environ.get("COURSE_CONFINEMENT") == "off":
        return False
    probe = Path(tempfile.mkdtemp(prefix="bwrap-probe-"))
    try:
        result = subprocess.run(bubblewrap_command(probe, [sys.executable, "-c", "print('confined')"]),
                                capture_output=True, text=True, timeout=60)
        return result.returncode == 0 and "confined" in result.stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def prepare():
    """Work out once, in the grader's main process, what every run shares (how Python appears inside, whether
    bubblewrap works, where limits hold, the caches a fresh home starts with), so that grading processes forked
    from it do not each redo it."""
    bubblewrap_works()
    limits_kind()
    tmpfs_possible()
    first_use_caches()


# What a library builds in a fresh home on its first use, and the code that makes it build it: matplotlib's font
# list (about 2 s: a scan of every font on the machine, fc-list included), which every notebook's
# ``import matplotlib.pyplot`` would otherwise rebuild in each new sandbox.
_FIRST_USE = ((".cache/matplotlib", "import matplotlib.font_manager"),)


@lru_cache(maxsize=None)
def first_use_caches():
    """{path under the home: bytes} of the caches in ``_FIRST_USE``, built once per grader in a confined run of
    their own (so the paths they hold are the paths inside); empty where a library is missing or the run fails."""
    caches = {}
    for folder, code in _FIRST_USE:
        home = Path(tempfile.mkdtemp(prefix="course-sandbox-cache-"))
        try:
            result = _run_with_quota(home, [sys.executable, "-c", code], 120.0, LIMITS)
            built = home / folder
            if result.returncode == 0 and built.is_dir():
                caches.update({str(path.relative_to(home)): path.read_bytes()
                               for path in sorted(built.rglob("*")) if path.is_file() and not path.is_symlink()})
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return caches


def _cache_paths(scratch):
    """Each folder and file of the first-use caches in ``scratch``, outermost first, as (path, bytes or None)."""
    caches, paths = first_use_caches(), {}
    for relative in caches:
        parts = Path(relative).parts
        for end in range(1, len(parts) + 1):
            paths.setdefault(Path(scratch, *parts[:end]), caches.get(str(Path(*parts[:end]))))
    return list(paths.items())


def _seed_caches(scratch):
    """A fresh copy of each first-use cache in ``scratch`` (the sandbox's home), owned like ``scratch``: the
    sandbox may rewrite its own copy, never another's."""
    owner = os.stat(scratch)
    for path, data in _cache_paths(scratch):
        if data is None:
            path.mkdir(exist_ok=True)
        else:
            path.write_bytes(data)
        os.chown(path, owner.st_uid, owner.st_gid)


def _remove_caches(scratch):
    """Remove the seeded caches' top folders from ``scratch`` after a run (with whatever the run put in them):
    they are not the run's output, and the scratch folder's use is the student's alone."""
    for relative in {Path(relative).parts[0] for relative in first_use_caches()}:
        path = Path(scratch) / relative
        if stat.S_ISDIR(os.lstat(path).st_mode if os.path.lexists(path) else 0):
            shutil.rmtree(path, ignore_errors=True)


def _cgroups_wanted():
    return os.environ.get(CGROUP_SWITCH) != "off"


def limits_kind():
    """Where the limits hold for a whole run here: a kind of control group, or "per process"."""
    return (available_kind() if _cgroups_wanted() else "") or "per process"


def confinement():
    """A line for the log saying how student code is run."""
    kind = limits_kind()
    limits = (f"memory, task and CPU limits for the whole run ({kind})" if kind != "per process"
              else "memory and CPU limits per process (no control group available)")
    if bubblewrap_works():
        return f"confined: bubblewrap (no network, no access outside its scratch folder), {limits}, time limit"
    return ("WARNING: UNCONFINED. bubblewrap is not available, so student code runs with your rights: "
            "it can read and write your files and use the network. Only time, memory and disk are limited. "
            "Install bubblewrap (apt-get install bubblewrap) to confine it.")


# Runs first inside the sandbox where no control group counts tasks: RLIMIT_NPROC set inside the sandbox's
# own user namespace counts only the sandbox's tasks (set outside, it would count every process of your user).
_TASK_LIMIT_LAUNCHER = ("import os, resource, sys; n = int(sys.argv[1]); "
                        "resource.setrlimit(resource.RLIMIT_NPROC, (n, n)); os.execv(sys.argv[2], sys.argv[2:])")


def _child_setup(group, limits, cpu_seconds, unprivileged=False):
    """What the child does between fork and exec: join the group, set per-process limits, a session of its own;
    ``unprivileged``: become user nobody, so that the task limit binds (it does not bind root)."""
    def setup():
        if group is not None:
            group.enter()
        else:
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        cpu = max(1, int(cpu_seconds + 0.999))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing
        os.setsid()
        if unprivileged:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
    return setup


def _reachable_by_nobody(path):
    """Whether user nobody can pass through every folder above ``path`` (each lets others search it)."""
    return all(os.stat(parent).st_mode & stat.S_IXOTH for parent in Path(path).resolve().parents)


def _run_unprivileged(scratch, group):
    """Where the grader is root and no control group counts tasks: run bubblewrap as user nobody (RLIMIT_NPROC
    binds there), when nobody can reach the scratch folder and Python's neutral copy; the scratch folder is then
    handed to nobody. False elsewhere (the run goes on as root, with no task limit)."""
    if group is not None or os.geteuid() != 0 or os.environ.get(UNPRIVILEGED_SWITCH) == "off":
        return False
    sources = [Path(source) for source, _ in _python_layout().mounts]
    if not (_reachable_by_nobody(scratch) and all(_reachable_by_nobody(source / "x") for source in sources)):
        return False
    for path in [scratch] + [path for path, _ in _cache_paths(scratch)]:
        os.chown(path, NOBODY, NOBODY)
    return True


class _CappedOutput:
    """Keeps the last ``limit`` bytes of a stream and counts the rest."""

    def __init__(self, limit):
        self.limit, self.kept, self.dropped = limit, bytearray(), 0

    def add(self, chunk):
        self.kept += chunk
        if len(self.kept) > self.limit:
            excess = len(self.kept) - self.limit
            del self.kept[:excess]
            self.dropped += excess

    def text(self):
        note = f"[... {self.dropped} earlier bytes of output dropped]\n" if self.dropped else ""
        return note + self.kept.decode("utf-8", "replace")


def _start(scratch, command, confined, group, limits, cpu_seconds, env):
    """Popen the run; its stdout and stderr go to the returned pipe's read end."""
    read_end, write_end = os.pipe()
    outer = group.environment() if group is not None else {}
    unprivileged = confined and _run_unprivileged(scratch, group)
    if confined:
        options = _bubblewrap_options(scratch, limits)
        for name in outer:
            options += ["--unsetenv", name]
        inner = _inside(command)
        if group is None:
            inner = [_python_layout().interpreter, "-c", _TASK_LIMIT_LAUNCHER, str(limits.tasks)] + inner
        args_read, args_write = os.pipe()
        with os.fdopen(args_write, "wb") as handle:  # a few kB: fits in the pipe before bwrap reads it
            handle.write(b"".join(option.encode() + b"\0" for option in options))
        full, keep, cwd = [shutil.which("bwrap"), "--args", str(args_read), "--"] + inner, (args_read,), None
    else:
        full, keep, cwd, args_read = list(command), (), scratch, None
    prefix = group.command_prefix() if group is not None else []
    try:
        process = subprocess.Popen(prefix + full, cwd=cwd, env={**env, **outer}, stdin=subprocess.DEVNULL, stdout=write_end,
                                   stderr=write_end, pass_fds=keep,
                                   preexec_fn=_child_setup(group, limits, cpu_seconds, unprivileged))
    finally:
        os.close(write_end)
        if args_read is not None:
            os.close(args_read)
    return process, read_end, unprivileged


def _stop(process, group):
    if group is not None:
        group.kill()
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass


def _watch(process, read_end, group, scratch, limits, budget, cpu_seconds, started, watch_disk):
    """Drain the output and check the limits until the run ends; the limit that stopped it, or ""."""
    output = _CappedOutput(limits.output_bytes)
    deadline, open_pipe, exited_at, stopped_by = started + budget, True, None, ""
    next_check = started
    while True:
        now = time.perf_counter()
        if open_pipe:
            ready, _, _ = select.select([read_end], [], [], max(0.0, min(POLL_SECONDS, deadline - now)))
            if ready:
                chunk = os.read(read_end, 65536)
                output.add(chunk)
                open_pipe = bool(chunk)
        else:
            time.sleep(max(0.0, min(POLL_SECONDS / 5, deadline - now)))
        now = time.perf_counter()
        if process.poll() is not None:
            exited_at = exited_at or now
            if not open_pipe or now - exited_at > 1.0:  # something it left behind holds the pipe: end it
                break
            continue
        if now >= deadline:
            stopped_by = "time"
        elif now >= next_check:
            next_check = now + POLL_SECONDS
            if group is not None:
                group.sample(process.pid)
                if group.memory_killed:
                    stopped_by = "memory"
                elif group.cpu_seconds > cpu_seconds:
                    stopped_by = "cpu"
            if not stopped_by and watch_disk:
                used = disk_usage(scratch, limits.scratch_entries)
                if used is None or used > limits.scratch_quota:
                    stopped_by = "disk"
        if stopped_by:
            _stop(process, group)
            break
    process.wait()
    _stop(process, group)  # whatever it started and left
    while open_pipe and select.select([read_end], [], [], 0.5)[0]:
        chunk = os.read(read_end, 65536)
        output.add(chunk)
        open_pipe = bool(chunk)
    os.close(read_end)
    return stopped_by, output


def _run(scratch, command, budget, limits, confined, group, watch_disk):
    """One run of ``command`` in ``group`` (None: per-process limits only), as a RunResult."""
    cpu_seconds = limits.cpu_for(budget)
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "HOME": SANDBOX_HOME if confined else str(scratch)}
    started = time.perf_counter()
    try:
        process, read_end, as_nobody = _start(scratch, command, confined, group, limits, cpu_seconds, env)
        stopped_by, output = _watch(process, read_end, group, scratch, limits, budget, cpu_seconds, started,
                                    watch_disk)
        if group is not None:
            group.sample()
            if not stopped_by and group.memory_killed:
                stopped_by = "memory"
        if not stopped_by and process.returncode in (-signal.SIGXCPU, 128 + signal.SIGXCPU):
            stopped_by = "cpu"
    finally:
        if group is not None:
            group.remove()
    result = RunResult(process.returncode, stopped_by == "time", time.perf_counter() - started, output.text(),
                       stopped_by=stopped_by, output_dropped=output.dropped, as_nobody=as_nobody,
                       limits=group.kind if group is not None else "per process")
    if group is not None:
        result = replace(result, peak_memory=group.peak_memory or None, cpu_seconds=group.cpu_seconds,
                         tasks_refused=group.tasks_refused)
    return result


def run_confined(scratch, command, budget, limits=None):
    """Run ``command`` (paths as seen inside the sandbox) with ``budget`` seconds of wall time in all.

    ``limits``: a ``Limits`` (default ``LIMITS``). Nothing in ``scratch`` is read as the run's log: its output
    comes back through a pipe.
    """
    limits = limits or LIMITS
    _seed_caches(scratch)
    try:
        return _run_with_quota(scratch, command, budget, limits)
    finally:
        _remove_caches(scratch)


def _run_with_quota(scratch, command, budget, limits):
    """``run_confined`` without the first-use caches."""
    confined = bubblewrap_works()
    group = open_run_group(limits.memory, limits.tasks) if _cgroups_wanted() else None
    with quota_folder(scratch, limits.scratch_quota, limits.scratch_entries) as (folder, mounted):
        result = _run(folder, command, budget, limits, confined, group, not mounted)
        if group is not None and not group.entered and result.returncode != 0:  # systemd-run could not start it
            result = _run(folder, command, budget, limits, confined, None, not mounted)
    return replace(result, scratch_quota="tmpfs" if mounted else "watched")
