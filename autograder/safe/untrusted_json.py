"""Parse JSON a student controls: bounded in size (by the caller's read) and in depth, never an exception but Refused."""

import json

from .untrusted_files import Refused

DEPTH_LIMIT = 64  # levels of nested lists and objects; a notebook needs about ten


def depth_problem(value, limit=DEPTH_LIMIT):
    """"" when no list or object in ``value`` lies deeper than ``limit``; else what is wrong. Iterative: no recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return f"it is nested more than {limit} levels deep"
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return ""


def parse(raw, what, limit=DEPTH_LIMIT):
    """The JSON value in the bytes ``raw`` (UTF-8, -16 or -32), at most ``limit`` levels deep; else Refused naming ``what``."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise Refused(f"{what} is not readable JSON: it is nested too deeply.") from None
    except ValueError as error:  # UnicodeDecodeError included
        raise Refused(f"{what} is not readable JSON ({type(error).__name__}: {str(error)[:200]}).") from None
    problem = depth_problem(value, limit)
    if problem:
        raise Refused(f"{what} is not readable JSON: {problem}.")
    return value
