"""Does no trick of the file system earn a point, show a solution or stop a batch?

Hypothesis builds submission folders (fixed seed, a fixed number of batches,
no shrinking) out of entries that each have a name (the expected notebook's,
others ending in .ipynb with spaces, glob characters, a leading dash, a line
break, a bidirectional override, bytes that are not UTF-8, 240 characters)
and a kind: a link (absolute or relative, to the instructor's source, to a
classmate's notebook or folder, dangling, in a loop, to itself, to
/dev/zero, to /proc/self/environ), a hard link to the unanswered release, a
FIFO, a socket, a folder, a 17 MB sparse file, an empty file, random bytes,
or the unanswered release. A few folders are themselves links, or files.
Everything a link could reach would earn full marks, and nothing else
can earn a point: so every fuzzed student must get 0, every honest one
full marks, and every folder a grade row or a refusal.
"""

import html
import os
import socket
from contextlib import chdir

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from autograder import nbgrader_steps
from autograder.adversarial import ASSIGNMENT
from autograder.course import source_notebook
from autograder.safe.batch import grade_assignment
from autograder.safe.grading_run import result_path

BATCHES = 5
PER_BATCH = 6
EXPECTED = f"{ASSIGNMENT}.ipynb"

NAMES = st.one_of(st.just(EXPECTED), st.just(EXPECTED), st.sampled_from([
    "draft.ipynb", "my work.ipynb", "-rf.ipynb", "*.ipynb", "[ab].ipynb", "naïve ✓.ipynb", "\u202eknil.ipynb",
    "two\nlines.ipynb", "x" * 240 + ".ipynb", ".hidden.ipynb", "notes.txt", os.fsdecode(b"caf\xe9.ipynb"),
    "timestamp.txt", "course_lib"]))
ENTRY_KINDS = ["link to the source", "relative link to the source", "link to a classmate", "link to a classmate's folder",
               "dangling link", "link loop", "link to itself", "link to /dev/zero", "link to /proc/self/environ",
               "hard link to the release", "FIFO", "socket", "folder", "huge sparse file", "empty file",
               "random bytes", "unanswered release"]
FOLDER_KINDS = ["folder", "folder", "folder", "folder", "folder", "link to a classmate's submission", "a file instead"]


def make_entry(folder, name, kind, classmate, release):
    """Create ``name`` in ``folder`` as ``kind``; a name taken already, or too long for a socket, is skipped."""
    path = folder / name
    if os.path.lexists(path):
        return
    target = {"link to the source": source_notebook(ASSIGNMENT),
              "relative link to the source": os.path.relpath(source_notebook(ASSIGNMENT), folder),
              "link to a classmate": os.path.relpath(classmate / EXPECTED, folder),
              "link to a classmate's folder": classmate, "dangling link": folder / "nowhere" / "x.ipynb",
              "link to itself": path, "link to /dev/zero": "/dev/zero",
              "link to /proc/self/environ": "/proc/self/environ"}.get(kind)
    if target is not None:
        path.symlink_to(target)
    elif kind == "link loop":
        path.symlink_to(folder / f"{name}.other")
        (folder / f"{name}.other").symlink_to(path)
    elif kind == "hard link to the release":
        os.link(release, path)
    elif kind == "FIFO":
        os.mkfifo(path)
    elif kind == "socket":
        with chdir(folder), socket.socket(socket.AF_UNIX) as server:
            try:
                server.bind(name)
            except OSError:
                return
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge sparse file":
        with open(path, "wb") as handle:
            handle.write(b'{"cells": [')
            handle.truncate(17 * 1024**2)
    elif kind == "empty file":
        path.write_bytes(b"")
    elif kind == "random bytes":
        path.write_bytes(os.urandom(64))
    else:
        path.write_bytes(release.read_bytes())


FOLDERS = st.tuples(st.sampled_from(FOLDER_KINDS),
                    st.lists(st.tuples(NAMES, st.sampled_from(ENTRY_KINDS)), min_size=1, max_size=5))


def test_no_file_trick_earns_a_point_or_stops_a_batch(fuzz_course, leaks_in):
    course = fuzz_course
    blank = (course.release / EXPECTED).read_bytes()
    batches = iter(range(BATCHES * 100))
    graded_students, refused_students, honest_students = [], [], []

    @settings(max_examples=BATCHES, derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(st.lists(FOLDERS, min_size=PER_BATCH, max_size=PER_BATCH))
    def grade_a_batch(folders):
        batch = next(batches)
        honest = f"files-honest-{batch}"
        classmate = course.honest(honest).parent
        honest_students.append(honest)
        expected_graded = 1
        for number, (folder_kind, entries) in enumerate(folders):
            student = f"files-{batch}-{number}"
            folder = course.root / "submitted" / student / ASSIGNMENT
            folder.parent.mkdir(parents=True)
            if folder_kind == "a file instead":
                folder.write_bytes(blank)
            elif folder_kind != "folder":
                folder.symlink_to(classmate)
            else:
                folder.mkdir()
                for name, kind in entries:
                    make_entry(folder, name, kind, classmate, course.release / EXPECTED)
            (graded_students if folder_kind == "folder" else refused_students).append(student)
            expected_graded += folder_kind == "folder"
        graded, _ = grade_assignment(course.root, ASSIGNMENT, budget=15, log=lambda line: None)
        assert graded == expected_graded
        assert course.points(honest) == course.full_marks

    grade_a_batch()
    for student in graded_students:
        assert course.points(student) == 0, course.graded(student)["cells"]
    for student in refused_students:
        assert not result_path(course.root, ASSIGNMENT, student).exists()
    assert set(graded_students + honest_students) <= set(course.gradebook())
    nbgrader_steps.run(course.root, "generate_feedback", ASSIGNMENT)
    for student in graded_students + honest_students:
        page = html.unescape((course.root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text())
        assert not leaks_in(page, ASSIGNMENT), student
    assert len(graded_students) + len(refused_students) == BATCHES * PER_BATCH
