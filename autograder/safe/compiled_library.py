"""The student edition of course_lib with its modules compiled once per grader, for every job's scratch folder.

The sandbox imports course_lib from its scratch folder, and may not write
there for another submission. Without compiled modules beside the sources,
each submission's interpreter compiles every module that the runner and the
notebook import, about 0.1 s of a submission. The modules are compiled
once, here, as unchecked-hash ``.pyc`` files (PEP 552). Python loads them
without comparing the sources' times, which a fresh copy changes. Each job
gets its own copy of them, as of the sources: the sandbox may rewrite its
own copy, never another's. They are compiled as if they lay in the
sandbox's scratch folder, so no path of this machine is in them.
"""

import importlib.util
import py_compile
import tempfile
from functools import lru_cache
from pathlib import Path

from ..release import add_student_course_lib
from .sandbox import SANDBOX_HOME


@lru_cache(maxsize=None)
def compiled_modules():
    """{path under course_lib/: bytes} of each module's compiled file (``__pycache__/<name>.cpython-3xx.pyc``),
    compiled once per grader from the student edition; empty where this interpreter writes no such files."""
    compiled = {}
    with tempfile.TemporaryDirectory(prefix="course-library-") as folder:
        edition = add_student_course_lib(folder)
        for source in sorted(edition.rglob("*.py")):
            relative = source.relative_to(edition)
            try:
                target = Path(importlib.util.cache_from_source(str(source)))
            except NotImplementedError:  # no cache tag: this interpreter keeps no compiled modules
                return {}
            py_compile.compile(str(source), cfile=str(target), dfile=f"{SANDBOX_HOME}/course_lib/{relative}",
                               doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            compiled[str(target.relative_to(edition))] = target.read_bytes()
    return compiled


def add_compiled_course_lib(folder):
    """The student edition of course_lib in ``folder``, its modules compiled (``compiled_modules``); its path."""
    edition = add_student_course_lib(folder)
    for relative, data in compiled_modules().items():
        path = edition / relative
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    return edition
