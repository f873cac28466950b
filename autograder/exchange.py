"""nbgrader's exchange folder: where release_assignment puts assignments, students fetch and submit, and collect reads.

    python -m autograder.exchange [PATH]

creates the folder (default: $NBGRADER_EXCHANGE, else the repository's
build/exchange, the same default as nbgrader_config.py) with mode 1777, like
/tmp: every user may write into it, and only a file's owner may delete it.
nbgrader's own default, /srv/nbgrader/exchange, does not exist on a fresh
machine, and the student extensions' assignment list then fails with
"Unwritable directory".
"""

import argparse
import os
import stat
import sys
from pathlib import Path

from .course import REPO

MODE = 0o1777


def default_exchange():
    """$NBGRADER_EXCHANGE when set, else the repository's build/exchange (as nbgrader_config.py reads it)."""
    return Path(os.environ.get("NBGRADER_EXCHANGE") or REPO / "build" / "exchange")


def ensure_exchange(path=None):
    """Create the exchange folder (and its parents) with mode 1777; return its resolved path.

    An existing folder keeps its contents; its mode is set to 1777 when this
    user may change it. A folder someone else owns is accepted as it is if
    it is already writable by everyone, else PermissionError says what to do.
    """
    path = Path(path or default_exchange()).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)  # the mode argument would be cut by the umask
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode != MODE:
        try:
            os.chmod(path, MODE)
        except PermissionError:
            if mode & 0o777 != 0o777:
                raise PermissionError(f"the exchange {path} has mode {mode:o} and belongs to someone else: "
                                      f"ask its owner to run: chmod 1777 {path}") from None
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.exchange", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=None,
                        help=f"the exchange folder (default: $NBGRADER_EXCHANGE, else {REPO / 'build' / 'exchange'})")
    arguments = parser.parse_args(argv)
    try:
        path = ensure_exchange(arguments.path)
    except PermissionError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"nbgrader exchange: {path} (mode {stat.S_IMODE(path.stat().st_mode):o})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
