"""Parse JSON a student controls: bounded in size (by the caller's read) and in depth, never an exception but Refused."""

import json

from .untrusted_files import Refused

DEPTH_LIMIT = 64  # levels of nested lists and objects; a notebook needs about ten


def nested_deeper_than(value, limit=DEPTH_LIMIT):
    """Whether a list or object in ``value`` lies deeper than ``limit`` levels. Iterative: no recursion."""
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
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def parse(raw, what, limit=DEPTH_LIMIT):
    """The JSON value in the bytes ``raw`` (UTF-8, -16 or -32), at most ``limit`` levels deep; else Refused naming ``what``."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise Refused("safe.read.json_too_deep", name=what) from None
    except ValueError as error:  # UnicodeDecodeError included
        raise Refused("safe.read.json_unreadable", name=what, error=type(error).__name__,
                      detail=str(error)[:200]) from None
    if nested_deeper_than(value, limit):
        raise Refused("safe.read.json_nested", name=what, limit=limit)
    return value
