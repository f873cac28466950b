"""Does each limit of the sandbox hold for a submission as a whole, against the programs a student could write?

Every test runs a real program in the sandbox. A test skips, with its reason,
only where the mechanism is missing on this machine; under CI=true a
mechanism that the CI machine has (bubblewrap, a control group) must work.
"""

import os
import re
import stat
import sys
import textwrap
from dataclasses import replace

import pytest

from autograder.course import REPO
from autograder.safe import sandbox
from autograder.safe.cgroups import available_kind
from autograder.safe.sandbox import LIMITS, MiB, bubblewrap_works, run_confined
from autograder.safe.scratch_quota import QUOTA_SWITCH, disk_usage, tmpfs_possible

UNDER_CI = os.environ.get("CI") == "true"


def require(available, reason):
    if available:
        return
    if UNDER_CI:
        pytest.fail(f"{reason}; under CI this must be available")
    pytest.skip(reason)


@pytest.fixture
def confined():
    require(bubblewrap_works(), "bubblewrap is not available here: student code would run unconfined")


@pytest.fixture
def group(confined):
    require(available_kind() != "", "no control group can be had here (see the README: per-process limits only)")


@pytest.fixture
def without_group(confined, monkeypatch):
    monkeypatch.setenv(sandbox.CGROUP_SWITCH, "off")


def run(tmp_path, program, budget=20.0, limits=None):
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    (scratch / "student.py").write_text(textwrap.dedent(program))
    return run_confined(scratch, [sys.executable, "student.py"], budget, limits)


def reported(result, key):
    """The value the program printed as ``key=value``."""
    for line in result.output.splitlines():
        if line.startswith(key + "="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{key} not printed; output was:\n{result.output[-2000:]}")


FORK_BOMB = """
    import os, time
    children = 0
    while True:
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        children += 1
    print(f"children={children}", flush=True)
"""


def test_a_fork_bomb_stops_at_the_task_limit_of_the_whole_run(tmp_path, group):
    result = run(tmp_path, FORK_BOMB, budget=15)
    assert int(reported(result, "children")) < LIMITS.tasks
    assert result.tasks_refused
    assert not result.stopped_by  # the program ended, and its sleeping children went with it


def test_without_a_control_group_the_task_limit_is_set_inside_the_sandbox(tmp_path, without_group):
    result = run(tmp_path, FORK_BOMB, budget=15)
    if os.geteuid() == 0 and not result.as_nobody:
        pytest.skip("RLIMIT_NPROC does not bind root, and user nobody cannot reach the scratch folder here "
                    "(it has no tmpfs of its own), so the sandbox ran as root")
    assert int(reported(result, "children")) < LIMITS.tasks
    assert result.as_nobody == (os.geteuid() == 0)


THREE_CHILDREN_OF_ONE_GIB = """
    import os, time
    children = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            block = b"x" * 1024**3  # written, so really held
            time.sleep(60)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    print("survived=yes", flush=True)
"""


def test_three_children_of_one_gib_each_are_stopped_together_by_the_memory_limit(tmp_path, group):
    result = run(tmp_path, THREE_CHILDREN_OF_ONE_GIB, budget=30)
    assert result.stopped_by == "memory" and result.memory_killed and not result.timed_out
    assert "survived" not in result.output
    assert LIMITS.memory // 2 < result.peak_memory <= LIMITS.memory + 16 * MiB


def test_without_a_control_group_one_process_cannot_take_more_than_the_memory_limit(tmp_path, without_group):
    program = """
        try:
            block = b"x" * (3 * 1024**3)
            print("allocated=yes")
        except MemoryError:
            print("allocated=no")
    """
    result = run(tmp_path, program)
    assert reported(result, "allocated") == "no"
    assert result.limits == "per process" and result.peak_memory is None


SPIN = """
    import os
    for _ in range(2):
        if os.fork() == 0:
            break
    while True:
        pass
"""


def test_a_cpu_spin_in_three_processes_is_stopped_by_the_cpu_limit_of_the_whole_run(tmp_path, group):
    limits = replace(LIMITS, cpu_seconds=3)
    result = run(tmp_path, SPIN, budget=30, limits=limits)
    assert result.stopped_by == "cpu" and not result.timed_out
    assert 3 <= result.cpu_seconds < 6
    assert result.seconds < 0.9 * 30


def test_without_a_control_group_a_cpu_spin_is_stopped_by_the_cpu_limit_per_process(tmp_path, without_group):
    result = run(tmp_path, "while True:\n    pass\n", budget=30, limits=replace(LIMITS, cpu_seconds=2))
    assert result.stopped_by == "cpu" and not result.timed_out


def write_a_gigabyte(folder, files=10):
    return f"""
        import os
        written = 0
        try:
            for number in range({files}):
                with open(os.path.join({folder!r}, f"fill-{{number}}"), "wb") as handle:
                    for _ in range(1024 // {files} + 1):
                        handle.write(b"x" * 1024**2)
                        handle.flush()
                        written += 1
                        print(f"written={{written}}", flush=True)
        except OSError as error:
            print(f"refused={{error.errno}}", flush=True)
    """


@pytest.mark.parametrize("folder", ["/tmp", "/dev/shm"])
def test_writing_a_gigabyte_to_tmp_is_refused_at_its_size(tmp_path, confined, folder):
    result = run(tmp_path, write_a_gigabyte(folder))
    assert int(reported(result, "refused")) == 28  # ENOSPC
    assert max(int(line.split("=")[1]) for line in result.output.splitlines() if line.startswith("written=")) \
        <= LIMITS.tmp_size // MiB


@pytest.fixture(params=["tmpfs", "watched"])
def scratch_quota(request, confined, monkeypatch):
    """The scratch folder on its own tmpfs (where root can mount one), or watched while the run goes on."""
    if request.param == "tmpfs" and not tmpfs_possible():
        if UNDER_CI and os.geteuid() == 0 and os.environ.get(QUOTA_SWITCH) != "off":
            pytest.fail("grading as root under CI, the scratch folder must get a tmpfs of its own")
        pytest.skip("the scratch folder gets no tmpfs of its own here (not root, no right to mount, or "
                    f"{QUOTA_SWITCH}=off): it is watched instead")
    if request.param == "watched":
        monkeypatch.setenv(QUOTA_SWITCH, "off")
    return request.param


def test_writing_a_gigabyte_to_the_scratch_folder_is_refused_at_its_quota(tmp_path, scratch_quota):
    result = run(tmp_path, write_a_gigabyte("."), budget=60)
    assert result.scratch_quota == scratch_quota
    assert "written=1024" not in result.output
    if scratch_quota == "tmpfs":
        assert int(reported(result, "refused")) == 28 and not result.stopped_by  # ENOSPC, and the run goes on
        assert disk_usage(tmp_path / "scratch", 10**6) <= LIMITS.scratch_quota
    else:
        assert result.stopped_by == "disk"
        assert disk_usage(tmp_path / "scratch", 10**6) < 4 * LIMITS.scratch_quota


def test_a_hundred_thousand_empty_files_stop_at_the_entry_limit(tmp_path, scratch_quota):
    program = """
        import os
        for number in range(100_000):
            open(f"f{number}", "w").close()
        print("made=all")
    """
    result = run(tmp_path, program, budget=60)
    assert "made=all" not in result.output
    assert ("No space left on device" in result.output) if scratch_quota == "tmpfs" else result.stopped_by == "disk"


def test_what_a_run_leaves_on_its_tmpfs_comes_back_without_following_links(tmp_path, scratch_quota):
    program = """
        import os
        os.makedirs("results/deep/er")
        with open("results/000.json", "w") as handle:
            handle.write("[1, 2]")
        os.symlink("/etc/passwd", "results/001.json")
        os.mkfifo("results/002.json")
        print("left=yes")
    """
    result = run(tmp_path, program)
    results = tmp_path / "scratch" / "results"
    assert reported(result, "left") == "yes"
    assert (results / "000.json").read_text() == "[1, 2]" and (results / "deep" / "er").is_dir()
    assert os.readlink(results / "001.json") == "/etc/passwd"
    assert stat.S_ISFIFO(os.lstat(results / "002.json").st_mode)


HOST_PATHS = """
    import json, os, sys, traceback
    seen = {"executable": sys.executable, "path": sys.path, "prefix": [sys.prefix, sys.base_prefix],
            "environ": dict(os.environ), "cwd": os.getcwd()}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            for name in ("cmdline", "environ"):
                try:
                    with open(f"/proc/{pid}/{name}", "rb") as handle:
                        seen[f"{pid}/{name}"] = handle.read().decode(errors="replace")
                except OSError as error:
                    seen[f"{pid}/{name}"] = str(error)
    try:
        import json.decoder
        json.loads("{")
    except ValueError:
        seen["traceback"] = traceback.format_exc()
    print(json.dumps(seen))
    with open("/proc/self/mountinfo") as handle:
        print("mountinfo=" + handle.read().replace("\\n", " | "))
"""


def test_no_command_line_environment_or_traceback_inside_shows_a_path_of_this_machine(tmp_path, confined):
    result = run(tmp_path, HOST_PATHS)
    assert result.returncode == 0, result.output
    seen, mountinfo = result.output.split("\nmountinfo=")
    host = {str(REPO), str(tmp_path), sys.prefix, os.path.realpath(sys.prefix), sys.base_prefix,
            os.path.realpath(sys.base_prefix), os.path.expanduser("~")} - {"/", "/usr"}
    assert "1/cmdline" in seen and "traceback" in seen
    for path in host:
        assert path not in seen, f"{path} is visible inside the sandbox"
    if result.scratch_quota == "tmpfs":  # elsewhere mountinfo names the scratch folder's source (see the README)
        assert str(tmp_path) not in mountinfo


EVERY_PROC_FILE = """
    import os
    NEVER_READ = {"mem", "pagemap", "kcore", "clear_refs", "kmsg"}
    seen, files = [], 0

    def read_tree(top, depth):
        global files
        try:
            names = sorted(os.listdir(top))
        except OSError:
            return
        for name in names:
            path = os.path.join(top, name)
            if name in NEVER_READ:
                continue
            try:
                if os.path.islink(path):
                    seen.append(f"== {path} -> {os.readlink(path)}")
                    continue
                if os.path.isdir(path):
                    if depth < 3:
                        read_tree(path, depth + 1)
                    continue
                handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
                try:
                    data = os.read(handle, 1 << 20)
                finally:
                    os.close(handle)
            except OSError:
                continue
            seen.append(f"== {path}\\n" + data.decode("utf-8", "replace"))
            files += 1

    for top in ("/proc/self", "/proc/1"):
        read_tree(top, 0)
    with open("seen.txt", "w") as handle:
        handle.write("\\n".join(seen))
    print(f"files={files}", flush=True)
"""


def machine_paths():
    """Paths (and names) of this machine no program in the sandbox should ever see."""
    paths = {str(REPO), str(REPO.resolve()), os.path.expanduser("~"), sys.prefix, os.path.realpath(sys.prefix),
             sys.base_prefix, os.path.realpath(sys.base_prefix)}
    paths |= {str(parent) for parent in REPO.resolve().parents}
    return paths - {"/", "/usr", "/usr/local"}


def test_no_file_under_proc_self_or_proc_1_names_a_folder_of_this_machine(tmp_path, confined):
    require(sandbox.python_paths_hidden(), "the temporary folder is on another file system than Python's files "
            "here, so Python is mounted where it is (see the README)")
    result = run(tmp_path, EVERY_PROC_FILE)
    assert result.returncode == 0, result.output
    assert int(reported(result, "files")) > 50
    seen = (tmp_path / "scratch" / "seen.txt").read_text()
    assert "/proc/self/mountinfo\n" in seen and "/proc/1/environ\n" in seen and "/proc/self/maps\n" in seen
    for path in machine_paths():  # as a path: not as the end of one inside, such as /proc/self/root for /root
        assert not re.search(rf"(?<![\w./-]){re.escape(path)}(?![\w.-])", seen), f"{path} is visible inside"
    course_folder = re.compile(rf"(?<![\w.-]){re.escape(REPO.resolve().name)}(?![\w.-])")
    assert not course_folder.search(seen), f"the course's folder name {REPO.resolve().name} is visible inside"


def test_a_fifo_planted_as_runner_log_does_not_hang_the_grader(tmp_path, confined):
    program = """
        import os
        os.mkfifo("runner.log")
        os.symlink("/dev/zero", "output.log")
        print("planted=yes")
    """
    result = run(tmp_path, program)
    assert reported(result, "planted") == "yes" and not result.stopped_by


def test_a_flood_of_output_is_capped_and_a_child_holding_the_pipe_does_not_hang_the_grader(tmp_path, confined):
    program = """
        import os, sys, time
        if os.fork() == 0:
            os.setsid()
            time.sleep(120)  # keeps stdout open
        sys.stdout.write("y" * (50 * 1024**2))
        sys.stdout.flush()
        print("\\nflooded=yes", flush=True)
    """
    result = run(tmp_path, program, budget=60)
    assert reported(result, "flooded") == "yes" and not result.stopped_by
    assert len(result.output.encode()) <= LIMITS.output_bytes + 100 and result.output_dropped > 0
    assert result.seconds < 30  # one second after the program ended, not when the child would


def test_an_honest_program_runs_as_before_and_reports_what_it_used(tmp_path, confined):
    program = """
        import numpy as np
        print(f"total={np.arange(10).sum()}")
    """
    result = run(tmp_path, program)
    assert result.returncode == 0 and not result.stopped_by
    assert reported(result, "total") == "45"
    if result.limits != "per process":
        assert 0 < result.peak_memory < LIMITS.memory and result.cpu_seconds > 0


def test_a_cgroup_v2_group_is_read_as_memory_killed_with_its_peak_tasks_and_cpu(tmp_path):
    """The unified hierarchy is not on every machine (not on the CI machine): its files, as the kernel writes them."""
    from autograder.safe.cgroups import _V2Files

    (tmp_path / "memory.peak").write_text("2147479552\n")
    (tmp_path / "memory.events").write_text("low 0\nhigh 0\nmax 41\noom 2\noom_kill 1\noom_group_kill 0\n")
    (tmp_path / "pids.events").write_text("max 7\n")
    (tmp_path / "cpu.stat").write_text("usage_usec 2500000\nuser_usec 2400000\nsystem_usec 100000\n")
    group = _V2Files()
    group.folder = tmp_path
    group.sample()
    assert (group.peak_memory, group.memory_killed, group.tasks_refused) == (2147479552, True, True)
    assert group.cpu_seconds == pytest.approx(2.5)
    (tmp_path / "memory.events").write_text("oom_kill 0\n")
    (tmp_path / "pids.events").write_text("max 0\n")
    fresh = _V2Files()
    fresh.folder = tmp_path
    fresh.sample()
    assert not fresh.memory_killed and not fresh.tasks_refused


FAKE_SYSTEMD_RUN = """#!/bin/sh
# Records how it was called, then starts the command after "--" (or fails, as without a user bus).
printf '%s\\n' "$@" > "{log}"
env > "{log}.env"
{fail}
while [ "$1" != "--" ]; do shift; done
shift
exec "$@"
"""


@pytest.fixture
def fake_systemd(tmp_path, monkeypatch, confined):
    """systemd is not the init on the CI machine: a stand-in systemd-run that starts the command without a scope."""
    from autograder.safe import cgroups

    folder = tmp_path / "bin"
    folder.mkdir()

    def install(fail=False):
        script = folder / "systemd-run"
        script.write_text(FAKE_SYSTEMD_RUN.format(log=tmp_path / "systemd-run.log", fail="exit 1" if fail else ""))
        script.chmod(0o755)
        return tmp_path / "systemd-run.log"

    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setattr(cgroups, "_systemd_is_init", lambda: True)
    monkeypatch.setattr(cgroups, "_systemd_scope_works", lambda: True)
    monkeypatch.setattr(cgroups, "_user_bus_environment", lambda: {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"})
    return install


def test_a_systemd_scope_gets_the_limits_and_the_bus_but_the_sandbox_does_not(tmp_path, fake_systemd):
    log = fake_systemd()
    program = "import os\nprint('bus=' + os.environ.get('DBUS_SESSION_BUS_ADDRESS', 'none'))\n"
    result = run(tmp_path, program)
    called = log.read_text().splitlines()
    assert result.returncode == 0 and reported(result, "bus") == "none"
    assert {"--scope", f"MemoryMax={LIMITS.memory}", f"TasksMax={LIMITS.tasks}", "MemorySwapMax=0"} <= set(called)
    assert called[called.index("--") + 1].endswith("bwrap")
    assert "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus" in log.with_suffix(".log.env").read_text()


def test_where_systemd_run_cannot_start_the_scope_the_run_goes_on_with_per_process_limits(tmp_path, fake_systemd):
    log = fake_systemd(fail=True)
    result = run(tmp_path, "print('ran=yes')\n")
    assert log.exists() and reported(result, "ran") == "yes"
    assert result.returncode == 0 and result.limits == "per process"


def test_only_what_a_grader_that_is_gone_left_behind_is_taken_for_left_over(tmp_path):
    from autograder.safe.leftovers import left_behind, owned_prefix

    gone = next(pid for pid in range(4_000_000, 4_100_000) if not os.path.exists(f"/proc/{pid}"))
    (tmp_path / f"course-sandbox-{gone}-1a2b").mkdir()
    (tmp_path / (owned_prefix("course-sandbox-") + "3c4d")).mkdir()
    (tmp_path / "course-sandbox-probe-5e6f").mkdir()
    assert [folder.name for folder in left_behind(tmp_path, "course-sandbox-")] == [f"course-sandbox-{gone}-1a2b"]


SPOIL_THE_FONT_LIST = """
import glob, json, os
[path] = glob.glob(os.path.expanduser("~/.cache/matplotlib/fontlist-*.json"))
print("valid=" + str("ttflist" in json.load(open(path))))
import logging
logging.basicConfig(level=logging.DEBUG, format="%(message)s")
import matplotlib.font_manager
open(path, "w").write("spoiled by this student")
"""


def test_each_sandbox_starts_with_its_own_copy_of_matplotlibs_font_list(tmp_path, confined):
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    first = run(tmp_path / "first", SPOIL_THE_FONT_LIST)
    second = run(tmp_path / "second", SPOIL_THE_FONT_LIST)
    for result in (first, second):
        assert result.returncode == 0, result.output
        assert reported(result, "valid") == "True"  # the second run does not see what the first one wrote
    assert not (tmp_path / "first" / "scratch" / ".cache").exists()  # removed after the run, with what it wrote
    for result in (first, second):  # matplotlib reads the list given and scans no font (seconds of each run)
        assert "Using fontManager instance from /grading/.cache/matplotlib/" in result.output
        assert "generated new fontManager" not in result.output
