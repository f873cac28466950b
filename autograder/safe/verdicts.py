"""Judge one submission from what the sandbox recorded: points, a status and a reason per graded cell.

This runs in the grader's own process. The student's code never sees the
reference answers or the comparison: it only left plain numbers in results/,
which ``results`` reads back and checks, and which are decoded here with no pickle.
"""

from dataclasses import dataclass
from enum import StrEnum

from course_lib.exercises import EXERCISES
from course_lib.messages import say
from course_lib.outcome import Outcome, RecordError

from ..judge import judge_hidden_case
from .sandbox import LIMITS



class Status(StrEnum):
    """The status of a graded cell, stored as its text in the result files, the gradebook's CSVs and the reports."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMED_OUT = "timed out"
    NOT_GRADABLE = "not gradable"
    SUSPECTED_TAMPERING = "suspected tampering"
    TO_GRADE_BY_HAND = "to grade by hand"  # a written answer, waiting for a grader
    GRADED_BY_HAND = "graded by hand"      # a written answer an instructor has graded in formgrader


@dataclass
class CellResult:
    grade_id: str
    points: float
    max_points: float
    status: Status
    reason: str
    mistake: str = ""  # the classic mistake recognised (a key of course_lib.messages.MISTAKES), if any


def judge_probe(exercise_key, cases, record, failed_helpers=None):
    """(status, reason, mistake key) of one exercise from its probe record.

    cases: the student's hidden cases of the exercise, those its probe was given (``job.draw_hidden_cases``).

    failed_helpers: {exercise name: reason} of the earlier exercises of this notebook that failed,
    so that a function calling one of them hears about it first.
    """
    exercise = EXERCISES[exercise_key]
    if "missing" in record:
        # the runner's own words stay out: they come from the sandbox, and in English
        missing = say("safe.not_defined", name=exercise.name)
        return Status.ERROR, say("safe.missing", missing=missing, name=exercise.name), "missing"
    recorded = record.get("cases", [])
    if not isinstance(recorded, list) or len(recorded) != len(cases):
        return Status.SUSPECTED_TAMPERING, say("safe.cases_mismatch"), ""
    for case, result in zip(cases, recorded):
        try:
            outcome = Outcome.from_record(result)
        except RecordError:
            return Status.SUSPECTED_TAMPERING, say("safe.unreadable_value"), ""
        verdict = judge_hidden_case(exercise, case, outcome)
        if not verdict.passed:
            status = {"raised": Status.ERROR, "timed_out": Status.TIMED_OUT}.get(verdict.mistake, Status.FAILED)
            explanation = verdict.message
            helpers = record.get("helpers", [])
            for helper in helpers if isinstance(helpers, list) else []:
                if helper in (failed_helpers or {}):
                    explanation = say("safe.inherited", name=exercise.name, helper=helper,
                                      explanation=verdict.message)
                    break
            return status, say("hidden.failed", case=case.describe(), explanation=explanation), verdict.mistake
    return Status.PASSED, say("safe.passed", count=len(cases)), ""


def judge_submission(cells, records, run, cases, points, budget):
    """[CellResult] for every graded cell, in notebook order.

    cells: the job's cells; records: ``results.read_results``; run: the sandbox's RunResult;
    cases: {exercise key: [HiddenCase]}, the student's hidden cases (``job.draw_hidden_cases``);
    points: {test cell grade_id: max points}; budget: the time budget in seconds.
    """
    results = []
    tampering = []
    failed = {}
    for index, cell in enumerate(cells):
        record = records.get(index, "absent")
        if isinstance(record, dict) and record.get("tampered"):
            changed = ", ".join(record["tampered"])
            tampering.append(say("safe.tampered_cell", cell=cell['grade_id'] or index + 1, changed=changed))
        if cell["kind"] != "probe":
            continue
        grade_id, maximum = cell["grade_id"], points[cell["grade_id"]]
        mistake = ""
        if tampering:
            status, reason = Status.SUSPECTED_TAMPERING, say("safe.tampering", what="; ".join(tampering))
        elif record == "absent":
            status, reason = _why_absent(run, budget)
        elif record is None:
            status, reason = Status.SUSPECTED_TAMPERING, say("safe.unreadable_results")
        else:
            status, reason, mistake = judge_probe(cell["exercise"], cases[cell["exercise"]], record, failed)
            if status != Status.PASSED:
                failed[EXERCISES[cell["exercise"]].name] = reason
        results.append(CellResult(grade_id, maximum if status == Status.PASSED else 0.0, maximum, status, reason, mistake))
    return results


def _why_absent(run, budget):
    if run.timed_out:
        return Status.TIMED_OUT, say("safe.timed_out", budget=budget)
    stopped_by = run.stopped_by
    if stopped_by == "memory":
        return Status.ERROR, say("safe.stopped_memory", limit=_mib(LIMITS.memory))
    if stopped_by == "cpu":
        return Status.TIMED_OUT, say("safe.stopped_cpu", limit=LIMITS.cpu_for(budget))
    if stopped_by == "disk":
        return Status.ERROR, say("safe.stopped_disk", limit=_mib(LIMITS.scratch_quota))
    if run.returncode != 0:
        return Status.ERROR, say("safe.process_ended", code=run.returncode)
    return Status.ERROR, say("safe.never_checked")


def _mib(size):
    return f"{size / 1024**2:.0f} MiB"


def waiting_for_grader(questions, written):
    """[CellResult] of the written questions ``questions`` ([(grade_id, points)]): 0 points so far, to grade by hand;
    the reason says whether the student wrote an answer (``written``: {grade_id: the answer's text})."""
    from course_lib.cells import is_unanswered_text

    return [CellResult(grade_id, 0.0, maximum, Status.TO_GRADE_BY_HAND,
                       say("safe.written_blank" if is_unanswered_text(written.get(grade_id, "")) else "safe.written_waiting"))
            for grade_id, maximum in questions]


def not_gradable(points, reason):
    """Every graded cell at 0 with the same reason, for a submission that could not be read."""
    return [CellResult(grade_id, 0.0, maximum, Status.NOT_GRADABLE, reason) for grade_id, maximum in points.items()]
