"""Does a fault of the grader in any step of one submission cost only that submission, with a reason?

Each step is made to hang or crash for one student at a time (the student's
id is written into the notebook as a comment, so that every step's
arguments show it), in one batch with an honest classmate.
"""

import ctypes
import faulthandler
import json
import os
import signal

import pytest

from autograder.adversarial import ASSIGNMENT
from autograder.course import REPO, graded_cells
from autograder.safe import answers, batch, grade_one, grading_run
from autograder.safe.batch import grade_assignment
from autograder.safe.gradebook_writer import one_transaction, record_scores
from autograder.safe.grading_run import result_path
from autograder.safe.verdicts import CellResult
from course_lib.messages import say


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
    assert say("safe.step.read") in failed["cells"][0]["reason"]
    assert "Traceback" not in failed["cells"][0]["reason"], "the traceback is for the instructor, not the feedback"
    assert any("fingerprint" in line for line in log)
    assert say("safe.fingerprint_failed") in json.loads(result_path(course.root, ASSIGNMENT, "boundary-fingerprint").read_text())["notes"]


def test_a_grade_that_cannot_be_stored_becomes_not_gradable_and_is_graded_again(fuzz_course, monkeypatch):
    course = fuzz_course
    course.honest("boundary-store")
    real_record = grading_run.record_scores

    def record(url, assignment, student, results, timestamp=None):
        if student == "boundary-store" and results[0].status == "passed":
            raise OSError("disk full")
        return real_record(url, assignment, student, results, timestamp)

    monkeypatch.setattr(grading_run, "record_scores", record)
    log = []
    grade_assignment(course.root, ASSIGNMENT, log=log.append)
    assert statuses(course.root, "boundary-store") == {"not gradable"}
    assert any("boundary-store: storing its grade failed (OSError)" in line for line in log)
    monkeypatch.setattr(grading_run, "record_scores", real_record)
    assert grade_assignment(course.root, ASSIGNMENT, log=lambda line: None)[0] == 1
    assert statuses(course.root, "boundary-store") == {"passed"}


def test_grades_stored_in_one_transaction_are_all_kept_or_none(fuzz_course):
    url = f"sqlite:///{fuzz_course.root / 'gradebook.db'}"
    cells = list(graded_cells(ASSIGNMENT))

    def results(fraction):
        return [CellResult(grade_id, fraction * points, points, "passed", "") for grade_id, points in cells]

    def stored(student):
        return fuzz_course.gradebook().get(student, {}).get(ASSIGNMENT)

    with pytest.raises(OSError):
        with one_transaction(url):
            record_scores(url, ASSIGNMENT, "together-first", results(1))
            raise OSError("disk full")  # as if storing the second grade of the batch failed
    assert stored("together-first") is None
    with one_transaction(url) as late:
        for student, fraction in (("together-first", 1), ("together-second", 0)):
            record_scores(url, ASSIGNMENT, student, results(fraction))
    assert late == []  # no timestamp, no due date: on time
    assert sum(score for score, _ in stored("together-first").values()) == fuzz_course.full_marks
    assert sum(score for score, _ in stored("together-second").values()) == 0


STEP_LIMIT = 4.0  # seconds per step in these tests (the default is 20)
IN_A_CHILD = ("fingerprint", "read", "parse", "build", "results", "judge", "feedback")
IN_THE_DRIVER = ("gradebook", "result")


def fault(step, kind):
    """What a step does when it meets its marked student: hang or crash, in a way nothing inside can stop."""
    if kind == "crash":
        if step in IN_THE_DRIVER:
            raise RuntimeError("a bug in the grader")
        faulthandler.disable()  # pytest's: it would print this process's stack
        os.kill(os.getpid(), signal.SIGSEGV)
    if step in IN_THE_DRIVER:
        while True:  # pure Python: only a signal in this process can stop it
            pass
    ctypes.CDLL(None).pause()  # in C, forever: only killing the process stops it


def marked(step, kind, *values):
    """Whether ``values`` belong to the student marked for a fault of ``kind`` in ``step``."""
    marker = f"fault-{kind}-{step}"
    return any(marker in (value.decode("utf-8", "replace") if isinstance(value, bytes) else repr(value))
               for value in values)


def install_faults(monkeypatch):
    """Wrap the function of each step so that it hangs or crashes for its marked students."""
    def wrap(module, name, step, fields=lambda *args: args, only_first=lambda *args: True):
        real = getattr(module, name)

        def faulty(*args):
            for kind in ("hang", "crash"):
                if marked(step, kind, *fields(*args)) and only_first(*args):
                    fault(step, kind)
            return real(*args)

        monkeypatch.setattr(module, name, faulty)

    def job_of(scratch, count):
        return [(scratch / "job.json").read_text()]

    wrap(batch, "fingerprint", "fingerprint")
    wrap(grade_one, "read_answers", "read", fields=lambda folder, *rest: [folder])
    wrap(answers, "parse", "parse", fields=lambda raw, *rest: [raw])
    wrap(grade_one, "build_cells", "build", fields=lambda source, given, assignment: [given])
    wrap(grade_one, "read_results", "results", fields=job_of)
    wrap(grade_one, "judge_submission", "judge", fields=lambda cells, *rest: [cells])
    # the writes in the driver fail once: the grade of the grader's failure that replaces it is stored
    # (the grading process writes the feedback notebook through batch's name, the driver through grading_run's)
    for module in (batch, grading_run):
        wrap(module, "write_feedback", "feedback", fields=lambda root, source, grade: [grade.student],
             only_first=lambda root, source, grade: not grade.grader_error)
    wrap(grading_run, "record_scores", "gradebook", fields=lambda url, assignment, student, results, *_: [student],
         only_first=lambda url, assignment, student, results, *_: results[0].status == "passed")
    wrap(grading_run, "write_result", "result", fields=lambda root, grade, *_: [grade.student],
         only_first=lambda root, grade, *_: not grade.grader_error)


def in_gradebook(course, student):
    return sum(score for score, _ in course.gradebook()[student][ASSIGNMENT].values())


FAULTS = [(step, kind) for step in IN_A_CHILD + IN_THE_DRIVER for kind in ("hang", "crash")]


@pytest.fixture(scope="module")
def faulty_batch(fuzz_course):
    course = fuzz_course
    for step, kind in FAULTS:
        notebook = course.honest(f"fault-{kind}-{step}")
        document = json.loads(notebook.read_text())
        first_solution = next(cell for cell in document["cells"] if cell["metadata"].get("nbgrader", {}).get("solution"))
        first_solution["source"] = "".join(first_solution["source"]) + f"\n# fault-{kind}-{step}\n"
        notebook.write_text(json.dumps(document))
    course.honest("fault-none-honest")
    with pytest.MonkeyPatch.context() as monkeypatch:
        install_faults(monkeypatch)
        log = []
        graded, _ = grade_assignment(course.root, ASSIGNMENT, step_limit=STEP_LIMIT, log=log.append)
    return course, graded, log


def test_a_batch_with_a_hang_or_crash_in_every_step_finishes_and_the_honest_student_gets_full_points(faulty_batch):
    course, graded, log = faulty_batch
    assert graded >= len(FAULTS) + 1
    assert course.points("fault-none-honest") == course.full_marks
    assert in_gradebook(course, "fault-none-honest") == course.full_marks


@pytest.mark.parametrize("step, kind", [fault for fault in FAULTS if fault[0] != "fingerprint"])
def test_a_hang_or_crash_in_one_step_makes_that_submission_not_gradable_naming_the_step(faulty_batch, step, kind):
    course, _, log = faulty_batch
    document = course.graded(f"fault-{kind}-{step}")
    reasons = {cell["reason"] for cell in document["cells"]}
    assert {cell["status"] for cell in document["cells"]} == {"not gradable"}
    assert len(reasons) == 1
    reason = reasons.pop()
    assert say(f"safe.step.{step}") in reason
    if kind == "hang":
        assert f"after {STEP_LIMIT:g} s" in reason
    assert "Traceback" not in reason and "fault-" not in reason
    assert document["grader_error"] and document["fingerprint"] == "", "graded again on the next run"
    feedback = (course.root / "autograded" / f"fault-{kind}-{step}" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    notes = "".join(json.loads(feedback)["cells"][0]["source"])
    assert "Grading notes" in notes and reason[:60] in notes, "the feedback's grading notes give the reason"
    for grader_text in ("Traceback", str(REPO), "grade_one.py", document["grader_error"].splitlines()[-1]):
        assert grader_text not in feedback, f"the feedback shows the grader's {grader_text!r}"
    assert in_gradebook(course, f"fault-{kind}-{step}") == 0


@pytest.mark.parametrize("kind", ["hang", "crash"])
def test_a_fingerprint_that_hangs_or_crashes_only_means_the_submission_is_graded_again(faulty_batch, kind):
    course, _, log = faulty_batch
    document = course.graded(f"fault-{kind}-fingerprint")
    assert course.points(f"fault-{kind}-fingerprint") == course.full_marks
    assert say("safe.fingerprint_failed") in document["notes"] and document["fingerprint"] == ""
    assert any(f"fault-{kind}-fingerprint" in line and "graded anew" in line for line in log)
