"""Does the speed benchmark's batch keep one copy of the library on disk, and leave each notebook its own?"""

import shutil

from autograder.benchmarks.grading_speed import copy_batch, share_library_files


def test_library_files_as_released_are_shared_and_changed_or_new_ones_are_not(tmp_path):
    release = tmp_path / "release" / "01"
    (release / "course_lib").mkdir(parents=True)
    (release / "course_lib" / "checks.py").write_text("x = 1\n")
    (release / "course_lib" / "plots.py").write_text("y = 2\n")
    (release / "01.ipynb").write_text("{}")
    submission = tmp_path / "batch" / "submitted" / "s000" / "01"
    shutil.copytree(release, submission)
    (submission / "course_lib" / "plots.py").write_text("y = 'patched'\n")
    (submission / "course_lib" / "extra.py").write_text("z = 3\n")

    share_library_files(release, submission)

    def same_file(a, b):
        return a.stat().st_ino == b.stat().st_ino
    assert same_file(submission / "course_lib" / "checks.py", release / "course_lib" / "checks.py")
    assert not same_file(submission / "course_lib" / "plots.py", release / "course_lib" / "plots.py")
    assert (submission / "course_lib" / "plots.py").read_text() == "y = 'patched'\n"
    assert not same_file(submission / "01.ipynb", release / "01.ipynb")

    copied = copy_batch(tmp_path / "batch", tmp_path / "copy") / "submitted" / "s000" / "01"
    assert same_file(copied / "course_lib" / "checks.py", release / "course_lib" / "checks.py")
    assert not same_file(copied / "01.ipynb", submission / "01.ipynb")
    assert (copied / "01.ipynb").read_text() == "{}" and (copied / "course_lib" / "extra.py").read_text() == "z = 3\n"
