"""Which assignments are released: the ones nbgrader's gradebook knows, and the message for one that is not."""

from contextlib import closing
from pathlib import Path

from nbgrader.api import Gradebook

from .course import assignments, gradebook_url
from .safe.shown_text import shown


def released_assignments(db_url):
    """The course's assignments the gradebook knows (``nbgrader generate_assignment`` entered them), in series order."""
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).exists():
        return []  # no gradebook yet: nothing released
    with closing(Gradebook(db_url)) as gradebook:
        known = {assignment.name for assignment in gradebook.assignments}
    return [assignment for assignment in assignments() if assignment in known]


def released_or_exit(parser, root, named):
    """The released assignments of the course at ``root``; ``parser.error`` (exit 2) naming any of ``named``
    that is not released."""
    released = released_assignments(gradebook_url(root))
    problem = not_released_message(named, released)
    if problem:
        parser.error(problem)
    return released


def not_released_message(named, released):
    """"" when every assignment ``named`` is among ``released``; else the sentence an instructor reads."""
    missing = [assignment for assignment in named if assignment not in released]
    if not missing:
        return ""
    return (f"not released yet (not in the gradebook): {', '.join(map(shown, missing))}; released: "
            f"{', '.join(released) or 'none'} (release with: python -m autograder.pipeline release ASSIGNMENT, "
            "then nbgrader release_assignment ASSIGNMENT)")
