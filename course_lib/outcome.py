"""Call a student's function once, and record what happened as plain data.

The one way the course calls a student's function: the instant checks, the
hidden tests and the safe pipeline's runner (inside the sandbox) all go
through ``run_student``. Its ``Outcome`` is also the record format between
the sandbox and the judge: ``to_record`` turns it into plain JSON-able data
(no pickle), ``from_record`` reads it back outside, checking every field.

Nothing here writes to stderr: warnings raised by the student's code are
recorded, not shown, and what it prints to sys.stderr is set aside (nbgrader
takes any stderr output in a test cell as a failure).
"""

import ast
import contextlib
import copy
import io
import os
import signal
import sys
import threading
import traceback
import warnings
from dataclasses import asdict, dataclass, field

import numpy as np

from .stored_cases import decode, encode


def _time_limit_from_environment():
    try:
        return float(os.environ.get("COURSE_CHECK_TIME_LIMIT", "5"))
    except ValueError:
        return 5.0


# Seconds one call of the student's function may take in an instant check or a hidden test
# (0 for no limit). Set COURSE_CHECK_TIME_LIMIT before starting the kernel to change it.
TIME_LIMIT = _time_limit_from_environment()


class RecordError(ValueError):
    """A record from the sandbox that is not what ``Outcome.to_record`` writes."""


@dataclass
class Outcome:
    """What happened when the student's function ran on one input, as plain data."""

    value: object = None
    error_type: str = ""          # the exception's class name when the function raised
    error_message: str = ""       # str() of that exception
    error_line: str = ""          # the last line of the student's own code the exception passed through
    operand_shapes: list = field(default_factory=list)  # shapes of the two operands on that line, if it multiplied
    timed_out: float = 0.0        # the time limit in seconds, when the call reached it
    changed_args: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    unreadable: str = ""          # a returned value that could not be recorded as numbers (sandbox only)

    @property
    def raised(self):
        return bool(self.error_type)

    def to_record(self):
        """Plain data (lists, dicts, strings, numbers) for a JSON file."""
        record = {key: value for key, value in asdict(self).items() if key != "value"}
        record["operand_shapes"] = [list(shape) for shape in self.operand_shapes]
        if not self.raised and not self.timed_out:
            try:
                record["value"] = _encode_value(self.value)
            except Exception as error:  # whatever the student returned
                record["unreadable"] = f"{type(self.value).__name__} ({type(error).__name__}: {error})"
        return record

    @classmethod
    def from_record(cls, record):
        """The Outcome a record describes; RecordError when it is not a record ``to_record`` writes."""
        if not isinstance(record, dict):
            raise RecordError("not a record")
        try:
            outcome = cls(
                error_type=_text(record.get("error_type", "")),
                error_message=_text(record.get("error_message", "")),
                error_line=_text(record.get("error_line", "")),
                operand_shapes=[tuple(int(n) for n in shape) for shape in record.get("operand_shapes", [])],
                timed_out=float(record.get("timed_out", 0.0)),
                changed_args=[_text(name) for name in record.get("changed_args", [])],
                warnings=[_text(text) for text in record.get("warnings", [])],
                unreadable=_text(record.get("unreadable", "")),
            )
            if "value" in record:
                outcome.value = _decode_value(record["value"])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise RecordError(str(error)) from None
        return outcome


def _text(value):
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


# A returned value is recorded with its Python type, so that the judge outside sees a list where the
# student returned a list: {"tuple"|"list": [items]} or {"number"|"array": encoded, "type": ...}.
_NESTING = 3


def _encode_value(value, depth=0):
    if isinstance(value, (tuple, list)) and depth < _NESTING:
        return {type(value).__name__ if type(value) in (tuple, list) else "list":
                [_encode_value(item, depth + 1) for item in value]}
    if isinstance(value, np.ndarray):
        return {"array": encode(_plain(value))}
    if isinstance(value, (bool, np.bool_)):
        return {"number": encode(np.array(value, dtype=bool)), "type": "bool"}
    if isinstance(value, (int, np.integer)):
        return {"number": encode(np.array(value, dtype=np.int64)), "type": "int"}
    if isinstance(value, (float, np.floating)):
        return {"number": encode(np.array(value, dtype=float)),
                "type": "float" if isinstance(value, float) else np.dtype(type(value)).name}
    raise TypeError(f"{type(value).__name__} is not a number or an array")


def _plain(array):
    """A returned array as plain numbers: integers and masks keep their kind, float32 stays float32."""
    array = np.asarray(array)
    if array.dtype == bool or np.issubdtype(array.dtype, np.integer):
        return array
    return np.array(array, dtype=float)


def _decode_value(record):
    if not isinstance(record, dict) or len(record) not in (1, 2):
        raise TypeError("not a recorded value")
    if "tuple" in record or "list" in record:
        items = [_decode_value(item) for item in record.get("tuple", record.get("list"))]
        return tuple(items) if "tuple" in record else items
    if "array" in record:
        array = decode(record["array"])
        return np.asarray(array)
    kind = record.get("type")
    number = decode(record["number"])
    if kind == "bool":
        return bool(number)
    if kind == "int":
        return int(number)
    if kind == "float":
        return float(number)
    return np.dtype(_text(kind)).type(number)


class TimeLimitReached(BaseException):
    """Raised inside the student's function when it runs longer than its limit (not an Exception, so
    that ``except Exception`` in the student's code does not swallow it)."""


@contextlib.contextmanager
def time_limited(seconds):
    """Interrupt the code in the block with TimeLimitReached after ``seconds`` (0: never; only in the main thread,
    where signals arrive)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise TimeLimitReached()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_student(function, args, time_limit=None, output=None):
    """Call ``function`` with copies of ``args`` (a dict, passed in order) and record what happened.

    time_limit: seconds (None: ``TIME_LIMIT``; 0: none). output: where the student's prints go
    (None: stdout stays, stderr is set aside; a stream: both go there, as in the sandbox).
    """
    limit = TIME_LIMIT if time_limit is None else time_limit
    originals = copy.deepcopy(args)
    passed_in = copy.deepcopy(args)
    outcome = Outcome()
    streams = (contextlib.redirect_stdout(output) if output is not None else contextlib.nullcontext(),
               contextlib.redirect_stderr(output if output is not None else io.StringIO()))
    with warnings.catch_warnings(record=True) as caught, streams[0], streams[1]:
        warnings.simplefilter("always")
        try:
            with time_limited(limit):
                outcome.value = function(*passed_in.values())
        except TimeLimitReached:
            outcome.timed_out = float(limit)
        except (Exception, SystemExit) as error:  # the student's code may raise anything, sys.exit() too
            outcome.error_type = type(error).__name__
            outcome.error_message = str(error)
            outcome.error_line, outcome.operand_shapes = _where(error)
    outcome.warnings = [str(w.message) for w in caught]
    outcome.changed_args = [name for name in args if not same(originals[name], passed_in[name])]
    return outcome


def same(before, after):
    """Whether an argument is unchanged (lists compared item by item, nan equal to nan)."""
    if isinstance(before, (list, tuple)):
        return (isinstance(after, (list, tuple)) and len(before) == len(after)
                and all(same(b, a) for b, a in zip(before, after)))
    try:
        before, after = np.asarray(before), np.asarray(after)
        return before.shape == after.shape and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")
    except Exception:
        return False


_LIBRARY = os.path.dirname(os.path.abspath(__file__))
# Not the student's code: this library, and everything installed with Python (numpy's own lines among them).
_NOT_STUDENT_CODE = tuple({_LIBRARY, *(os.path.abspath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)
                                        if os.path.abspath(p) != os.path.abspath(os.sep))})


def _where(error):
    """(the last line of the student's own code the exception passed through, operand shapes on it)."""
    passed = [(frame, entry) for (frame, _), entry in zip(traceback.walk_tb(error.__traceback__),
                                                        traceback.extract_tb(error.__traceback__))
              if not os.path.abspath(entry.filename).startswith(_NOT_STUDENT_CODE)]
    if not passed:
        return "", []
    frame, entry = passed[-1]
    line = (entry.line or "").strip()
    return line, _operand_shapes(line, frame)


def _operand_shapes(line, frame):
    """The shapes of the two sides of the first product (or else entry-by-entry operation) on ``line``
    that cannot be computed at those shapes; sides with a call are not evaluated (that would run the
    student's code again)."""
    try:
        tree = ast.parse(line)
    except SyntaxError:  # one line of a longer statement
        return []
    products, elementwise = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            products.append([node.left, node.right])
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("dot", "matmul")
              and len(node.args) == 2):
            products.append(node.args)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Add, ast.Sub, ast.Div)):
            elementwise.append([node.left, node.right])
    scope = {**frame.f_globals, **frame.f_locals}
    for sides, operation in [(sides, np.matmul) for sides in products] + [(sides, np.add) for sides in elementwise]:
        if any(isinstance(part, ast.Call) for side in sides for part in ast.walk(side)):
            continue
        try:
            shapes = [tuple(int(n) for n in np.shape(eval(compile(ast.Expression(side), "<operand>", "eval"), {}, scope)))
                      for side in sides]
        except Exception:
            continue
        try:
            operation(np.zeros(shapes[0]), np.zeros(shapes[1]))
        except ValueError:
            return shapes
    return []
