"""What nbgrader's submit leaves beside the notebooks: when it was submitted, and the key of its feedback.

``nbgrader submit`` writes ``timestamp.txt`` (the submission's time, e.g.
``2026-01-05 10:00:00.000000 UTC``) and ``submission_secret.txt`` (a random
hex key) into every submission, and ``nbgrader collect`` copies both into
submitted/. nbgrader's autograde reads the first into the gradebook (so its
late penalty applies) and its generate_feedback copies both from autograded/
to feedback/, where release_feedback needs them: the secret names the
released HTML file, and only the student who holds the same secret finds it
with fetch_feedback.

The student wrote both files, so they are read like everything else of a
submission (``untrusted_files``: no link followed, regular files only, a few
bytes at most) and checked: the timestamp must parse as nbgrader parses it,
the secret must be hex. A file that fails is left out and the grading notes
say so; a submission without them (one placed in submitted/ by hand) is
graded as submitted on time.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.utils import parse_utc

from course_lib.messages import say

from .shown_text import shown
from .untrusted_files import Refused, entries, opened_folder, read_regular

TIMESTAMP = "timestamp.txt"
SECRET = "submission_secret.txt"
FILE_LIMIT = 1024  # bytes: nbgrader writes about 30 (timestamp) and 128 (secret)
_HEX = re.compile(r"[0-9a-f]{16,256}")


@dataclass
class Receipt:
    timestamp: object = None   # datetime in UTC without tzinfo (as nbgrader stores it), or None
    text: dict = field(default_factory=dict)  # {file name: its checked text}, for feedback/
    notes: list = field(default_factory=list)  # why a file was left out, for the student

    @property
    def timestamp_text(self):
        """The timestamp as nbgrader's export writes it ("" when none)."""
        return str(self.timestamp) if self.timestamp else ""


def _checked_timestamp(text):
    try:
        return parse_utc(text) if text else None
    except (ValueError, OverflowError, TypeError):
        return None


def read_receipt(folder):
    """The Receipt of the submission in ``folder`` (a submitted/<student>/<assignment> folder); never raises."""
    receipt = Receipt()
    try:
        with opened_folder(folder) as fd:
            present = {entry.name for entry in entries(fd)}
            for name in (TIMESTAMP, SECRET):
                if name not in present:
                    continue
                try:
                    text = read_regular(fd, name, FILE_LIMIT).decode("ascii").strip()
                except (Refused, UnicodeDecodeError) as problem:
                    why = str(problem) if isinstance(problem, Refused) else say("safe.receipt_not_text")
                    receipt.notes.append(say("safe.receipt_unreadable", name=shown(name), why=why))
                    continue
                if name == TIMESTAMP:
                    receipt.timestamp = _checked_timestamp(text)
                    if receipt.timestamp is None:
                        receipt.notes.append(say("safe.receipt_unreadable", name=name, why=say("safe.receipt_no_time")))
                        continue
                elif not _HEX.fullmatch(text):
                    receipt.notes.append(say("safe.receipt_unreadable", name=name, why=say("safe.receipt_not_hex")))
                    continue
                receipt.text[name] = text
    except Refused:
        pass  # the submission folder itself is refused; its grade says why
    return receipt


def write_receipt(receipt, folder):
    """Put the receipt's checked files into ``folder`` (the autograded one), removing any left from before."""
    folder = Path(folder)
    for name in (TIMESTAMP, SECRET):
        path = folder / name
        if name in receipt.text:
            path.with_suffix(".tmp").write_text(receipt.text[name])
            os.replace(path.with_suffix(".tmp"), path)
        elif os.path.lexists(path):
            path.unlink()
