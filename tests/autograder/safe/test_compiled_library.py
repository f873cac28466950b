"""Does the sandbox load course_lib from the modules compiled once per grader, and do they hold no path of this machine?"""

import re
import sys
import tempfile
from pathlib import Path

from autograder.release import COURSE_LIB, INSTRUCTOR_ONLY
from autograder.safe.compiled_library import compiled_modules
from autograder.safe.grade_one import write_sandbox_files
from autograder.safe.sandbox import run_confined

# Modules the runner and every notebook's first cell import.
IMPORTED = ("course_lib", "course_lib.checks", "course_lib.outcome", "course_lib.stored_cases", "course_lib.inherited",
            "course_lib.exercises", "course_lib.plots", "course_lib.messages")


def module_of(compiled):
    """The module name of a compiled file's path under course_lib/: checks/__pycache__/__init__.cpython-311.pyc
    is course_lib.checks."""
    folder = Path(compiled).parent.parent
    name = Path(compiled).name.split(".")[0]
    return ".".join(("course_lib",) + folder.parts + (() if name == "__init__" else (name,)))


def test_every_module_of_the_student_edition_is_compiled_and_none_of_the_instructors():
    sources = {path.relative_to(COURSE_LIB) for path in COURSE_LIB.rglob("*.py")}
    student_edition = {module_of(path.parent / "__pycache__" / f"{path.stem}.pyc") for path in sources
                       if path.parts[0] not in INSTRUCTOR_ONLY}
    assert len(student_edition) > 20 and {module_of(path) for path in compiled_modules()} == student_edition


def test_the_compiled_modules_name_the_sandbox_path_and_no_path_of_this_machine():
    machine_paths = [str(COURSE_LIB).encode(), str(Path(tempfile.gettempdir()).resolve()).encode() + b"/course-library-"]
    for path, data in compiled_modules().items():
        assert not any(machine in data for machine in machine_paths), path
    assert any(b"/grading/course_lib/checks/" in data for data in compiled_modules().values())


def test_a_sandbox_imports_course_lib_without_compiling_it(tmp_path, confinement_or_skip):
    confinement_or_skip()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    write_sandbox_files(scratch)
    run = run_confined(scratch, [sys.executable, "-v", "-c", f"import {', '.join(IMPORTED)}"], 60.0)
    assert run.returncode == 0, run.output
    loaded = {module_of(path) for path in compiled_modules()
              if re.search(rf"code object from '[^']*/course_lib/{re.escape(path)}'", run.output)}
    assert set(IMPORTED) <= loaded, sorted(set(IMPORTED) - loaded)


def test_a_sandbox_may_rewrite_its_own_compiled_modules_never_the_next_ones(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    write_sandbox_files(first)
    compiled = next(iter(compiled_modules()))
    (first / "course_lib" / compiled).write_bytes(b"rewritten")
    write_sandbox_files(second)
    assert (second / "course_lib" / compiled).read_bytes() == compiled_modules()[compiled] != b"rewritten"
    assert (second / "course_lib" / compiled).stat().st_ino != (first / "course_lib" / compiled).stat().st_ino
