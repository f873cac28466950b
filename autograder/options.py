"""The command-line options the instructor's commands share, written once: the parser, --root, --workers, the
assignments named and the check that they are released."""

import argparse

from .released import released_or_exit
from .settings import SETTINGS


def command_parser(prog, description):
    """An argument parser that shows the module's docstring (``description``) as it is written."""
    return argparse.ArgumentParser(prog=prog, description=description,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def add_root(parser):
    parser.add_argument("--root", default=str(SETTINGS.course_root),
                        help="the course root (default: $COURSE_ROOT, else autograder/)")


def add_workers(parser):
    parser.add_argument("--workers", type=int, default=None, help="parallel sandboxes (default: one per core)")


def add_assignments(parser, required=True):
    """ASSIGNMENT ...: one or more (``required``) or any number of assignment ids."""
    parser.add_argument("assignments", nargs="+" if required else "*")


def released_arguments(parser, argv=None):
    """The parsed arguments and the released assignments; exits (2) naming an assignment given that is not released."""
    arguments = parser.parse_args(argv)
    return arguments, released_or_exit(parser, arguments.root, arguments.assignments)
