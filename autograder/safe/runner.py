"""Runs inside the sandbox: the notebook's cells in order, then records what the probes see.

Reads job.json from the working folder: a list of cells, each either code to
run (the instructor's cells and the student's solution cells) or a probe
(call the student's function on the judge's inputs, stored in inputs/*.json),
and the time limit of one call (``case_time_limit``, the instant checks'
``COURSE_CHECK_TIME_LIMIT``): a call that reaches it is recorded as timed out,
and the exercise's remaining cases with it, without calling again, so an
endless loop in one function costs that exercise a few seconds, not the
notebook its budget; and how many characters of each cell's output to keep
(``cell_output_characters``; how many more there were is recorded, and the
feedback says so in the student's language).
matplotlib.pyplot is imported on first use (``DeferredModule``): a
notebook's setup imports it, but only the notebooks whose given cells draw
need it, and its import is about 0.4 s of each submission.
Writes one file per cell to results/ as soon as the cell is done, so that a
crash, os._exit or a time-out keeps what came before. This file runs under
the student's code and trusts nothing it writes: the judge, outside, reads
the results as plain data.
"""

import builtins
import importlib
import importlib.util
import io
import json
import os
import sys
import traceback
import types

import numpy as np

class CappedText(io.TextIOBase):
    """A text sink that keeps the first ``limit`` characters (the job's ``cell_output_characters``) and counts
    the rest."""

    def __init__(self, limit):
        self.limit = limit
        self.parts, self.kept, self.dropped = [], 0, 0

    def writable(self):
        return True

    def write(self, text):
        room = self.limit - self.kept
        self.parts.append(text[:room])
        self.kept += min(len(text), max(room, 0))
        self.dropped += max(len(text) - max(room, 0), 0)
        return len(text)

    def value(self):
        return "".join(self.parts)


class DeferredModule(types.ModuleType):
    """A stand-in for a module not yet imported, in ``sys.modules`` under its name: the first attribute asked of
    it imports the module, which then takes the stand-in's place; every attribute read or set on the stand-in
    afterwards is the module's own."""

    def __init__(self, spec):
        super().__init__(spec.name)
        vars(self).update(__spec__=spec, __loader__=spec.loader, __file__=spec.origin, __package__=spec.parent)

    def _module(self):
        name = vars(self)["__name__"]
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return importlib.import_module(name)

    def __getattr__(self, attribute):
        return getattr(self._module(), attribute)

    def __setattr__(self, attribute, value):
        setattr(self._module(), attribute, value)

    def __dir__(self):
        return dir(self._module())


def defer_import(name):
    """Put a ``DeferredModule`` for module ``name`` in ``sys.modules`` (and on its package), unless it is already
    imported or cannot be found; its package is imported now."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        return
    if spec is None:
        return
    stand_in = sys.modules[name] = DeferredModule(spec)
    package, _, attribute = name.rpartition(".")
    if package:
        setattr(sys.modules[package], attribute, stand_in)


def write_result(index, record):
    path = os.path.join("results", f"{index:03d}.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(record, handle)
    os.replace(path + ".tmp", path)


class Guard:
    """Notices, and undoes, what a cheat changes: builtins, numpy's functions, IPython's transformers.

    The originals are kept here when the runner starts; after every cell the
    guard compares, names what changed (the judge then stops trusting the
    notebook) and puts the originals back, so that this runner keeps working.
    """

    def __init__(self, shell):
        self.shell = shell
        self.builtins = dict(vars(builtins))
        # numpy's own namespace, not dir(np): getattr on each name of dir(np) imports every submodule numpy
        # loads lazily (testing, f2py, ...), about a second of each run, and none of them is callable
        self.numpy = {name: value for name, value in vars(np).items() if callable(value)}
        self.transformers = self._transformers()

    def _transformers(self):
        shell = self.shell
        return (list(shell.input_transformers_cleanup), list(shell.input_transformers_post), list(shell.ast_transformers))

    def check_and_restore(self):
        changed = []
        current = vars(builtins)
        for name, original in self.builtins.items():
            if not name.startswith("_") and current.get(name) is not original:
                changed.append(f"builtins.{name}")
                current[name] = original
        for name, original in self.numpy.items():
            if getattr(np, name, None) is not original:
                changed.append(f"numpy.{name}")
                setattr(np, name, original)
        if self._transformers() != self.transformers:
            changed.append("IPython's input or AST transformers")
            cleanup, post, ast_transformers = self.transformers
            self.shell.input_transformers_cleanup[:] = cleanup
            self.shell.input_transformers_post[:] = post
            self.shell.ast_transformers[:] = ast_transformers
        return changed


def run_code(shell, source, out, err):
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        result = shell.run_cell(source, store_history=False, silent=False)
    finally:
        sys.stdout, sys.stderr = saved
    error = result.error_before_exec or result.error_in_exec
    if error is None:
        return ""
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def call_student(function, args, out, time_limit):
    """The outcome of one call stopped after ``time_limit`` seconds (0: none), as the plain record the judge
    reads (``course_lib.outcome``)."""
    from course_lib.outcome import run_student  # the student edition beside this file

    return run_student(function, args, time_limit=time_limit, output=out).to_record()


def call_on_cases(function, cases, out, time_limit):
    """The records of ``function`` on each case; after a call that timed out, the rest repeat its record."""
    records = []
    for args in cases:
        if records and records[-1].get("timed_out"):
            records.append(dict(records[-1]))
        else:
            records.append(call_student(function, args, out, time_limit))
    return records


def run_probe(shell, cell, time_limit, output_limit):
    from course_lib.stored_cases import decode

    from course_lib.exercises import EXERCISES  # the student edition beside this file

    exercise = EXERCISES[cell["exercise"]]
    written = shell.user_ns.get(exercise.name)
    if written is None:
        return {"missing": f"{exercise.name} is not defined"}
    function = exercise.as_function(written)
    with open(cell["cases"]) as handle:
        cases = [{name: decode(value) for name, value in args.items()} for args in json.load(handle)]
    out = CappedText(output_limit)
    from course_lib.inherited import helpers_called

    helpers = [helper.name for helper, _ in helpers_called(exercise, written)]
    return {"cases": call_on_cases(function, cases, out, time_limit), "output": out.value(),
            "output_dropped": out.dropped, "helpers": helpers}


def main():
    with open("job.json") as handle:
        job = json.load(handle)
    os.makedirs("results", exist_ok=True)
    defer_import("matplotlib.pyplot")
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="nocolor")
    shell.showtraceback = lambda *args, **kwargs: None  # errors are recorded, not printed
    guard = Guard(shell)
    for index, cell in enumerate(job["cells"]):
        if cell["kind"] == "probe":
            record = run_probe(shell, cell, job.get("case_time_limit", 0), job["cell_output_characters"])
        else:
            out, err = CappedText(job["cell_output_characters"]), CappedText(job["cell_output_characters"])
            record = {"error": run_code(shell, cell["source"], out, err), "output": out.value() + err.value(),
                      "output_dropped": out.dropped + err.dropped}
        record["tampered"] = guard.check_and_restore()
        write_result(index, record)


def leave():
    """End the process at once, every result written: a normal exit would first collect every object numpy,
    matplotlib and IPython made (about 0.15 s of each submission) and then run what the student's code left
    to atexit, after its last result."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
    leave()
