"""Read files a student controls without trusting them: no link followed, regular files only, size-capped.

A submission folder and the scratch folder the sandbox leaves behind are
written by someone else. The grader reads them with its own rights, so a
symbolic link would hand it whatever the link names (the instructor's source,
a classmate's notebook, /dev/zero), a FIFO would block it forever and a huge
file would fill its memory. Here every folder is opened with
``O_DIRECTORY | O_NOFOLLOW`` and every file with ``O_NOFOLLOW | O_NONBLOCK``
relative to its folder's descriptor, checked with ``fstat`` to be a regular
file (after opening, so nothing can be swapped in between) and read up to a
limit. Anything else is refused with a reason a student can read (a ``safe.read.*`` message of
``course_lib.messages``, said in the language current where it is read: ``answers`` reads it in the edition
the notebook declares).

A hard link is a regular file like any other and cannot be told from a
copy; that a student cannot hard-link a file they may not write is the
kernel's ``fs.protected_hardlinks`` (on by default on Debian, Ubuntu and
Fedora), and collect copies every file (``autograder.collect``).
"""

import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from course_lib.messages import say

from .shown_text import shown

ENTRY_LIMIT = 10_000  # entries of one folder: a folder holding more is not read

_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISREG, "a regular file"))


class Refused(Exception):
    """A file or folder that is not read; the message says why, in words for the student: the template
    ``message_id`` of ``course_lib.messages`` with ``fields``, said when the exception is turned into text."""

    def __init__(self, message_id, fields=None, **more_fields):
        self.message_id, self.fields = message_id, {**(fields or {}), **more_fields}
        super().__init__(message_id, self.fields)  # its args remake it, so it survives pickling

    def __str__(self):
        return say(self.message_id, **self.fields)


def kind_of(mode):
    """"a regular file", "a symbolic link", "a FIFO (named pipe)", ... for an ``st_mode``."""
    return next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # kind_of(): what lstat says, links not followed

    @property
    def is_regular(self):
        return self.kind == "a regular file"


@contextmanager
def opened_folder(path, dir_fd=None, follow=False):
    """A descriptor of the folder ``path`` (relative to ``dir_fd`` when given); its last part must not be a link
    unless ``follow`` (for a folder the caller chose itself)."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except OSError as error:
        raise Refused("safe.read.folder_refused", name=shown(Path(path).name), kind=_why(path, dir_fd, error)) from None
    try:
        yield fd
    finally:
        os.close(fd)


def _why(path, dir_fd, error):
    try:
        return kind_of(os.lstat(path, dir_fd=dir_fd).st_mode)
    except OSError:
        return os.strerror(error.errno) if error.errno else type(error).__name__


def entries(dir_fd):
    """[Entry] of a folder's descriptor, sorted by name, as lstat sees them (no link followed); Refused past ENTRY_LIMIT."""
    found = []
    with os.scandir(dir_fd) as listing:
        for item in listing:
            if len(found) >= ENTRY_LIMIT:
                raise Refused("safe.read.too_many_entries", limit=ENTRY_LIMIT)
            try:
                found.append(Entry(item.name, kind_of(item.stat(follow_symlinks=False).st_mode)))
            except OSError:
                continue  # gone while listing
    return sorted(found, key=lambda entry: entry.name)


def read_regular(dir_fd, name, limit):
    """The bytes of the regular file ``name`` in the folder ``dir_fd``, at most ``limit`` of them; else Refused."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError as error:
        raise Refused("safe.read.file_refused", name=shown(name), kind=_why(name, dir_fd, error)) from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise Refused("safe.read.file_refused", name=shown(name), kind=kind_of(status.st_mode))
        if status.st_size > limit:
            raise Refused("safe.read.file_too_large", name=shown(name), size=status.st_size, limit=limit)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024**2))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise Refused("safe.read.file_grew", name=shown(name), limit=limit)
        return data
    finally:
        os.close(fd)


def read_file(path, limit):
    """``read_regular`` for a path: its folder may be anything the caller trusts, the file itself must be regular."""
    path = Path(path)
    with opened_folder(path.parent, follow=True) as fd:
        return read_regular(fd, path.name, limit)
