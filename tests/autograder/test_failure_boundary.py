"""Does a fault of the grader in any step of one submission cost only that submission, with a reason?"""

import json

from autograder.adversarial import ASSIGNMENT
from autograder.safe import batch
from autograder.safe.batch import grade_assignment, result_path


def statuses(root, student):
    return {cell["status"] for cell in json.loads(result_path(root, ASSIGNMENT, student).read_text())["cells"]}


def test_a_step_that_fails_for_one_student_leaves_the_others_graded(fuzz_course, monkeypatch):
    course = fuzz_course
    for student in ("boundary-grading", "boundary-fingerprint", "boundary-fine"):
        course.honest(student)
    real_grade, real_fingerprint = batch.grade_submission, batch.fingerprint

    def grade(folder, assignment, student, *rest):
        if student == "boundary-grading":
            raise RuntimeError("a bug")
        return real_grade(folder, assignment, student, *rest)

    def stamp(folder, assignment):
        if "boundary-fingerprint" in str(folder):
            raise MemoryError("a bug")
        return real_fingerprint(folder, assignment)

    monkeypatch.setattr(batch, "grade_submission", grade)
    monkeypatch.setattr(batch, "fingerprint", stamp)
    log = []
    graded, _ = grade_assignment(course.root, ASSIGNMENT, log=log.append)
    assert graded == 3
    assert statuses(course.root, "boundary-fine") == {"passed"}
    assert statuses(course.root, "boundary-fingerprint") == {"passed"}, "a failed fingerprint only means: grade it"
    failed = json.loads(result_path(course.root, ASSIGNMENT, "boundary-grading").read_text())
    assert {cell["status"] for cell in failed["cells"]} == {"not gradable"}
    assert "grader failed" in failed["cells"][0]["reason"] and "RuntimeError" in failed["grader_error"]
    assert "Traceback" not in failed["cells"][0]["reason"], "the traceback is for the instructor, not the feedback"
    assert any("fingerprint" in line for line in log)


def test_a_grade_that_cannot_be_stored_becomes_not_gradable_and_is_graded_again(fuzz_course, monkeypatch):
    course = fuzz_course
    course.honest("boundary-store")
    real_save = batch.save

    def save(root, source, grade, stamp, receipt=None):
        if grade.student == "boundary-store" and grade.results[0].status == "passed":
            raise OSError("disk full")
        return real_save(root, source, grade, stamp, receipt)

    monkeypatch.setattr(batch, "save", save)
    log = []
    grade_assignment(course.root, ASSIGNMENT, log=log.append)
    assert statuses(course.root, "boundary-store") == {"not gradable"}
    assert any("boundary-store: storing its grade failed (OSError)" in line for line in log)
    monkeypatch.setattr(batch, "save", real_save)
    assert grade_assignment(course.root, ASSIGNMENT, log=lambda line: None)[0] == 1
    assert statuses(course.root, "boundary-store") == {"passed"}
