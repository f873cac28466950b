"""The scratch folder's quota: its own sized tmpfs where root can mount one, else a watch of its size.

Where the grader runs as root (CI, a grading server), a run gets a new tmpfs
of the quota's size and entry count holding a copy of its scratch folder:
a write past the quota is refused (ENOSPC) like on a full disk, and what the
run leaves there is copied back into the scratch folder afterwards, links and
FIFOs as links and FIFOs (never followed or opened), other special files
and folders deeper than COPY_DEPTH left out; the grader's own files that the
run left as they were are not copied again. Elsewhere the run uses the
scratch folder itself and the sandbox checks ``disk_usage`` while it runs,
stopping it past the quota. A grader killed during a run leaves its tmpfs
mounted; the next grader on the machine unmounts it.
"""

import ctypes
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .leftovers import left_behind, owned_prefix

QUOTA_SWITCH = "COURSE_SANDBOX_TMPFS"  # "off": watch the scratch folder even where a tmpfs could be mounted
COPY_DEPTH = 32  # folders below the scratch folder copied back after a run on a tmpfs

_MS_NOSUID, _MS_NODEV, _MNT_DETACH = 2, 4, 2
_libc = ctypes.CDLL(None, use_errno=True)


def disk_usage(folder, entry_limit):
    """Bytes allocated under ``folder`` (links not followed), or None once more than ``entry_limit`` entries."""
    total, entries, pending, reopened = 0, 0, [str(folder)], set()
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                for entry in listing:
                    entries += 1
                    if entries > entry_limit:
                        return None
                    try:
                        total += entry.stat(follow_symlinks=False).st_blocks * 512
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(entry.path)
                    except OSError:
                        continue
        except PermissionError:  # a folder the student made unreadable: it is ours, so open it again
            if current in reopened:
                return None
            try:
                os.chmod(current, 0o700)
            except OSError:
                return None
            reopened.add(current)
            pending.append(current)
        except OSError:
            continue
    return total


def _mount_tmpfs(target, size, entries):
    options = f"size={size},nr_inodes={entries},mode=0700".encode()
    if _libc.mount(b"tmpfs", os.fsencode(target), b"tmpfs", _MS_NOSUID | _MS_NODEV, options) != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))


def _unmount(target):
    _libc.umount2(os.fsencode(target), _MNT_DETACH)


def _copy_file(source, destination):
    """A regular file's bytes, opened without following a link and without blocking."""
    reading = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        writing = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            while chunk := os.read(reading, 1 << 20):
                os.write(writing, chunk)
        finally:
            os.close(writing)
    finally:
        os.close(reading)


def _unchanged(entry, target):
    """True when ``target`` is the regular file the grader put there and ``entry`` still is (size, time)."""
    try:
        mine, theirs = os.lstat(target), entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return (stat.S_ISREG(mine.st_mode) and stat.S_ISREG(theirs.st_mode)
            and (mine.st_size, mine.st_mtime_ns) == (theirs.st_size, theirs.st_mtime_ns))


def _clear(target):
    """Remove ``target`` (a file, link, FIFO or folder of the grader's copy) if it exists."""
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target, ignore_errors=True)
    elif os.path.lexists(target):
        os.unlink(target)


def _copy_back(source, destination, depth=COPY_DEPTH):
    """Bring what a run left in ``source`` into ``destination``, following nothing, ``depth`` folders deep.

    The grader's own files that the run left as they were are not copied again."""
    pending = [(str(source), str(destination), 0)]
    while pending:
        folder, copy, level = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            target = os.path.join(copy, entry.name)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    if level < depth:
                        if not (os.path.isdir(target) and not os.path.islink(target)):
                            _clear(target)
                            os.mkdir(target, 0o700)
                        pending.append((entry.path, target, level + 1))
                    continue
                if _unchanged(entry, target):
                    continue
                _clear(target)
                if stat.S_ISREG(mode):
                    _copy_file(entry.path, target)
                elif stat.S_ISLNK(mode):
                    os.symlink(os.readlink(entry.path), target)
                elif stat.S_ISFIFO(mode):
                    os.mkfifo(target, 0o600)
            except OSError:
                continue


_MOUNT_PREFIX = "course-sandbox-scratch-"


def unmount_left_behind():
    """Unmount the scratch tmpfs of graders that were killed during a run (their process is gone)."""
    for folder in left_behind(tempfile.gettempdir(), _MOUNT_PREFIX):
        _unmount(folder)
        shutil.rmtree(folder, ignore_errors=True)


@lru_cache(maxsize=None)
def _can_mount():
    unmount_left_behind()
    probe = tempfile.mkdtemp(prefix="course-sandbox-probe-")
    try:
        _mount_tmpfs(probe, 1 << 20, 16)
    except OSError:
        return False
    else:
        _unmount(probe)
        return True
    finally:
        os.rmdir(probe)


def tmpfs_possible():
    """True where a run's scratch folder gets a tmpfs of its own: as root, with the right to mount."""
    return os.environ.get(QUOTA_SWITCH) != "off" and os.geteuid() == 0 and _can_mount()


@contextmanager
def quota_folder(scratch, size, entries):
    """Yields (the folder to run in, True where it is a tmpfs of ``size`` bytes and ``entries`` inodes)."""
    scratch = Path(scratch)
    target = Path(tempfile.mkdtemp(prefix=owned_prefix(_MOUNT_PREFIX))) if tmpfs_possible() else None
    if target is not None:
        try:
            _mount_tmpfs(target, size, entries)
        except OSError:
            target.rmdir()
            target = None
    if target is None:
        yield scratch, False
        return
    try:
        shutil.copytree(scratch, target, symlinks=True, dirs_exist_ok=True)
        yield target, True
        _copy_back(target, scratch)
    finally:
        _unmount(target)
        target.rmdir()
