"""Which exercises this kernel has checked: a reference answer is offered only after an attempt.

``run_check`` records the exercise's name each time a check of it runs to
the end (passed or failed); ``course_lib.show_reference`` asks ``tried``.
Nothing is stored on disk: a new kernel starts with no attempts.
"""

_checked = set()


def record(name):
    """Note that the check of exercise ``name`` ran in this kernel."""
    _checked.add(name)


def tried(name):
    """Whether the check of exercise ``name`` has run in this kernel."""
    return name in _checked


def forget():
    """Forget every attempt (a new kernel's state; for tests)."""
    _checked.clear()
