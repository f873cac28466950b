"""A time limit for every step the grader takes on one submission outside the sandbox.

A hang in the grader's own reading, parsing or judging of a submission (in
Python or in C code: a parser, a regular expression, a library) cannot be
interrupted in a thread, but a process can be killed. ``start`` forks the
grader and runs a function in the child process; the child names each step
it begins (``step``), every step has its own limit, and when the function
returns, the child sends its value back as JSON (plain data, nothing
pickled). The parent (``wait_any``) kills a child that passes its step's
limit, with everything in its process group, and learns what happened: the
value, or the step it was in and how it failed (timed out, raised, crashed).

The driver that forks must hold no thread of its own (the safe batch is a
single-threaded loop), so that no lock is held by a thread the child lacks.

For the few steps that stay in the driver (the gradebook's transaction and
the result file, which read no submission), ``driver_time_limit`` bounds
them with SIGALRM: Python code is interrupted there, and SQLite's own wait
for a lock ends after its timeout.
"""

import json
import os
import select
import signal
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field

from course_lib.outcome import TimeLimitReached, time_limited

# The step being taken in this process, and in a child, where to say so.
_current = {"step": "", "channel": None}


def step(name, extra=0.0):
    """Begin step ``name`` (a ``safe.step.*`` message key); it may take the step limit and ``extra`` seconds."""
    _current["step"] = name
    if _current["channel"] is not None:
        _send({"step": name, "extra": extra})


def partial(value):
    """In a child, send ``value`` (JSON-able) now: a part of the result that outlives a later kill or crash."""
    if _current["channel"] is not None:
        _send({"partial": value})


def current_step():
    return _current["step"]


def _send(message):
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(_current["channel"], data):]


@dataclass
class Finished:
    """How a child's function ended: its value, or the step it failed in and how."""

    value: object = None
    failure: str = ""  # "": it returned; "timed out", "raised" or "crashed"
    step: str = ""  # the step it was in
    seconds: float = 0.0  # that step's limit
    detail: str = ""  # for the instructor: the traceback, or how the process ended
    partials: list = field(default_factory=list)  # what it sent with ``partial`` before it ended, in order


@dataclass
class Child:
    pid: int
    channel: int
    key: object  # the caller's name for this child
    limit: float
    step: str
    seconds: float
    deadline: float
    received: bytearray = field(default_factory=bytearray)
    messages: list = field(default_factory=list)


def start(function, args, key, first_step, limit):
    """A Child running ``function(*args)``, in step ``first_step``; each step may take ``limit`` seconds."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        try:
            os.close(read_end)
            os.setpgid(0, 0)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _current["channel"] = write_end
            step(first_step)
            try:
                value = function(*args)
            except BaseException as error:
                _send({"raised": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc(limit=12)})
            else:
                _send({"value": value})
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        os.setpgid(pid, pid)  # also here, so that a kill right after the fork reaches the whole group
    except OSError:
        pass
    return Child(pid, read_end, key, limit, first_step, limit, time.monotonic() + limit)


def _read(child):
    """Read what the child sent; True at its end of file."""
    chunk = os.read(child.channel, 1 << 20)
    if not chunk:
        return True
    child.received += chunk
    *lines, rest = child.received.split(b"\n")
    child.received = bytearray(rest)
    for line in lines:
        message = json.loads(line)
        if "step" in message:
            child.step = message["step"]
            child.seconds = child.limit + float(message["extra"])
            child.deadline = time.monotonic() + child.seconds
        else:
            child.messages.append(message)
    return False


def _reap(child, killed):
    if killed:
        for stop in (os.killpg, os.kill):
            try:
                stop(child.pid, signal.SIGKILL)
            except OSError:
                pass
    _, status = os.waitpid(child.pid, 0)
    os.close(child.channel)
    partials = [message["partial"] for message in child.messages if "partial" in message]
    if killed:
        return Finished(failure="timed out", step=child.step, seconds=child.seconds, partials=partials,
                        detail=f"stopped after {child.seconds:g} s in step {child.step}")
    for message in child.messages:
        if "value" in message:
            return Finished(value=message["value"], step=child.step, partials=partials)
        if "raised" in message:
            return Finished(failure="raised", step=child.step, seconds=child.seconds, partials=partials,
                            detail=message["traceback"])
    how = (f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
           else f"exit status {os.waitstatus_to_exitcode(status)}")
    return Finished(failure="crashed", step=child.step, seconds=child.seconds, partials=partials,
                    detail=f"the grader's process for this submission ended ({how}) in step {child.step}")


def kill(child):
    """Stop ``child`` and everything it started; its Finished (timed out)."""
    return _reap(child, killed=True)


def wait_any(children):
    """(child, Finished) of the first of ``children`` to end or to pass its step's limit.

    What the children sent while this process was busy elsewhere (storing a grade) is read before any deadline
    is judged: a child that has long moved on to its next step is not stopped for the step it began with.
    """
    wait = 0.0
    while True:
        ready, _, _ = select.select([child.channel for child in children], [], [], wait)
        for child in children:
            if child.channel in ready:
                try:
                    ended = _read(child)
                except (OSError, ValueError) as error:  # a broken message: the child is no longer trusted to finish
                    finished = kill(child)
                    finished.failure, finished.detail = "crashed", f"unreadable message ({type(error).__name__})"
                    return child, finished
                if ended:
                    return child, _reap(child, killed=False)
        now = time.monotonic()
        for child in children:
            if child.deadline <= now:
                return child, kill(child)
        wait = max(0.0, min(child.deadline for child in children) - now)


def run_bounded(function, args, first_step, limit):
    """Finished of ``function(*args)`` run in a child process, each of its steps limited to ``limit`` seconds."""
    child = start(function, args, None, first_step, limit)
    return wait_any([child])[1]


class StepTimedOut(Exception):
    """A step in the driver passed its time limit."""


@contextmanager
def driver_time_limit(name, seconds):
    """Step ``name`` in this process, stopped by StepTimedOut after ``seconds`` (in the main thread; elsewhere unbounded)."""
    step(name)
    try:
        with time_limited(seconds):
            yield
    except TimeLimitReached:
        raise StepTimedOut(f"step {name} passed its limit of {seconds:g} s") from None
