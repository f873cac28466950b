"""Student ids taken from folder names: which can be stored, and why the others cannot.

A student id names folders (submitted/, autograded/, feedback/), a gradebook
row (nbgrader's ``student.id`` holds 128 characters) and a line of every
report. A folder name comes from whoever made it (a zip from another
system, a student on a shared exchange), so it is checked before anything
is stored under it: valid Unicode (a name that is not UTF-8 is refused),
printable (no control, format or line-break character), at most ID_LIMIT
characters, not starting with a dot, and none of ``/ \\``. Glob and shell
characters (``* ? [ ] $ ; &``) are allowed: nothing passes an id to a shell
or a glob unescaped.
"""

import unicodedata

from .safe.shown_text import shown

ID_LIMIT = 64


def id_problem(name):
    """"" when ``name`` can serve as a student id; else why not, in words (the name itself escaped)."""
    if not isinstance(name, str) or not name:
        return "an empty name cannot be a student id"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return f"the folder name {shown(name)} is not valid UTF-8 (rename it, e.g. after unpacking the zip again with UTF-8 names)"
    if len(name) > ID_LIMIT:
        return f"the folder name {shown(name, 40)} has {len(name)} characters, more than the {ID_LIMIT} a student id may have"
    if name.startswith(".") or any(char in name for char in "/\\"):
        return f"the folder name {shown(name)} cannot be a student id (it starts with a dot or holds a slash)"
    if name != name.strip() or any(unicodedata.category(char)[0] in "CZ" and char != " " for char in name):
        return f"the folder name {shown(name)} holds a control, format or line-break character, or spaces at an end"
    return ""
