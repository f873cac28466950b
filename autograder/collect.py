"""``nbgrader collect`` without following what a student planted in the exchange.

nbgrader's own collect copies each inbound submission with
``shutil.copytree(src, dest)``, whose default (``symlinks=False``) copies the
file a link names: a student who leaves, in the world-writable exchange, a
link to the instructor's source notebook or to a classmate's submission gets
that file collected into submitted/ as if it were their own, read with the
instructor's rights; a FIFO blocks collect for the whole class, and a link to
/dev/zero fills the disk. nbgrader_config.py sets
``ExchangeFactory.collect`` to ``LinkSafeCollect``, whose copy walks the
submission by folder descriptors and copies regular files only (``O_NOFOLLOW``,
nbgrader's max_file_size, ignore and include options kept). Everything else
(links, FIFOs, sockets, devices) is left out, logged, and named in
``IGNORED_LIST`` inside the collected folder, from which the grader's notes
tell the student.
"""

import fnmatch
import json
import os
import stat
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect

from course_lib.messages import say

from .safe.shown_text import shown
from .safe.untrusted_files import Refused, entries, opened_folder, read_regular

IGNORED_LIST = ".ignored_by_collect.json"  # [[path inside the submission, kind]] of what was left out
DEPTH_LIMIT = 16  # levels of folders copied


def _skipped(name, exclude, include, is_file):
    if exclude and any(fnmatch.fnmatch(name, pattern) for pattern in exclude):
        return True
    return is_file and bool(include) and not any(fnmatch.fnmatch(name, pattern) for pattern in include)


def copy_regular_tree(source, destination, exclude=(), include=(), max_bytes=None, warn=print):
    """Copy the folder ``source`` to ``destination`` (made anew), regular files and folders only; return what was left out.

    ``source`` itself must be a plain folder, not a link (else Refused). Returns
    [(relative path, kind or reason)] for each entry not copied, and writes the
    list to ``destination / IGNORED_LIST`` when it is not empty.
    """
    left_out = []
    limit = max_bytes if max_bytes else 2**62
    with opened_folder(source) as fd:
        Path(destination).mkdir(parents=True)
        _copy(fd, Path(destination), "", exclude, include, limit, left_out, warn, 0)
    if left_out:
        Path(destination, IGNORED_LIST).write_text(json.dumps(left_out))
    return left_out


def _copy(fd, destination, prefix, exclude, include, limit, left_out, warn, depth):
    for entry in entries(fd):
        relative = prefix + entry.name
        if entry.name == IGNORED_LIST or _skipped(entry.name, exclude, include, entry.is_regular):
            continue
        if entry.kind == "a folder" and depth < DEPTH_LIMIT:
            try:
                with opened_folder(entry.name, dir_fd=fd) as child:
                    (destination / entry.name).mkdir()
                    _copy(child, destination / entry.name, relative + "/", exclude, include, limit, left_out, warn, depth + 1)
                continue
            except Refused as refused:
                reason = str(refused)
        elif entry.is_regular:
            try:
                data = read_regular(fd, entry.name, limit)
                target = destination / entry.name
                target.write_bytes(data)
                os.chmod(target, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)
                continue
            except Refused as refused:
                reason = str(refused)
        else:
            reason = entry.kind
        warn(f"not collected: {shown(relative)} ({reason})")
        left_out.append([relative, reason])


def ignored_by_collect(folder_fd):
    """Notes for what collect left out of a submission, read from its IGNORED_LIST (itself untrusted: capped, checked)."""
    try:
        listed = json.loads(read_regular(folder_fd, IGNORED_LIST, 256 * 1024))
    except (Refused, ValueError, RecursionError):
        return []
    if not isinstance(listed, list):
        return []
    return [say("safe.read.not_collected", name=shown(item[0]), kind=shown(item[1]))
            for item in listed[:100] if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)]


def hardlinks_protected():
    """True when the kernel keeps users from hard-linking files they may not write (fs.protected_hardlinks = 1)."""
    try:
        return Path("/proc/sys/fs/protected_hardlinks").read_text().strip() == "1"
    except OSError:
        return False


class LinkSafeCollect(ExchangeCollect):
    """nbgrader's collect, copying each submission with ``copy_regular_tree`` instead of ``shutil.copytree``."""

    def copy_files(self):
        if not hardlinks_protected():
            self.log.warning("fs.protected_hardlinks is not 1 on this machine: a student could hard-link a file "
                             "they may read but not write (e.g. a classmate's) into the exchange, and collect "
                             "cannot tell it from their own work. Set it: sysctl fs.protected_hardlinks=1")
        super().copy_files()

    def do_copy(self, src, dest, log=None):
        coursedir = self.coursedir
        max_bytes = 1000 * coursedir.max_file_size if coursedir.max_file_size else None
        try:
            copy_regular_tree(src, dest, coursedir.ignore, coursedir.include, max_bytes, warn=self.log.warning)
        except Refused as refused:
            self.log.error("submission not collected: %s", refused)
