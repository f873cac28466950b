"""Judge one submission from what the sandbox recorded: points, a status and a reason per graded cell.

This runs in the grader's own process. The student's code never sees the
reference answers or the comparison: it only left plain numbers in results/,
which ``results`` reads back and checks, and which are decoded here with no pickle.
"""

from dataclasses import dataclass

import numpy as np

from course_lib.diagnosis import Outcome, describe_raised, diagnose
from course_lib.exercises import EXERCISES
from course_lib.reference.answers import evaluate
from course_lib.stored_cases import decode

from ..judge import hidden_cases

STATUSES = ("passed", "failed", "error", "timed out", "not gradable", "suspected tampering")


@dataclass
class CellResult:
    grade_id: str
    points: float
    max_points: float
    status: str
    reason: str
    mistake: str = ""  # the classic mistake recognised (a key of course_lib.mistakes), if any


def _value(record):
    parts = [decode(part) for part in record["parts"]]
    for part in parts:
        if not isinstance(part, (np.ndarray, np.floating, np.integer, int)):
            raise TypeError("not numbers")
    return tuple(parts) if record.get("tuple") else parts[0]


def judge_probe(exercise_key, student, record):
    """(status, reason, mistake key) of one exercise from its probe record."""
    exercise = EXERCISES[exercise_key]
    if "missing" in record:
        return "error", f"{record['missing']}: define {exercise.name} in its solution cell, and keep its name.", "missing"
    cases = hidden_cases(exercise_key, student)
    recorded = record.get("cases", [])
    if not isinstance(recorded, list) or len(recorded) != len(cases):
        return "suspected tampering", "The recorded results do not match the hidden test's cases.", ""
    for case, result in zip(cases, recorded):
        expected, mistakes = evaluate(exercise, case.args)
        outcome = Outcome(changed_args=list(result.get("changed", [])))
        if "error" in result:
            outcome.error = describe_raised(str(result.get("error_type", "Exception")), str(result["error"]))
            outcome.error_type = str(result.get("error_type", ""))
        elif "unreadable" in result:
            return "failed", f"{case.describe()}: your function returned {result['unreadable']}, not an array of numbers.", "wrong_dtype"
        else:
            try:
                outcome.value = _value(result)
            except (KeyError, TypeError, ValueError):
                return "suspected tampering", "The recorded result of your function could not be read as numbers.", ""
        verdict = diagnose(outcome, expected, mistakes, exercise.results, show_values=False, judge=exercise.judge)
        if not verdict.passed:
            status = "error" if verdict.mistake == "raised" else "failed"
            return status, f"{case.describe()}: {verdict.message}", verdict.mistake
    return "passed", f"Right on all {len(cases)} hidden random cases.", ""


def judge_submission(cells, records, run, student, points, budget):
    """[CellResult] for every graded cell, in notebook order.

    cells: the job's cells; records: ``read_results``; run: the sandbox's RunResult;
    points: {test cell grade_id: max points}; budget: the time budget in seconds.
    """
    results = []
    tampering = []
    for index, cell in enumerate(cells):
        record = records.get(index, "absent")
        if isinstance(record, dict) and record.get("tampered"):
            changed = ", ".join(record["tampered"])
            tampering.append(f"cell {cell['grade_id'] or index + 1} changed {changed}")
        if cell["kind"] != "probe":
            continue
        grade_id, maximum = cell["grade_id"], points[cell["grade_id"]]
        mistake = ""
        if tampering:
            status, reason = "suspected tampering", f"Grading stopped trusting this notebook: {'; '.join(tampering)}. An instructor will review it."
        elif record == "absent":
            status, reason = _why_absent(run, budget)
        elif record is None:
            status, reason = "suspected tampering", "The recorded results for this exercise were unreadable."
        else:
            status, reason, mistake = judge_probe(cell["exercise"], student, record)
        results.append(CellResult(grade_id, maximum if status == "passed" else 0.0, maximum, status, reason, mistake))
    return results


def _why_absent(run, budget):
    if run.timed_out:
        return "timed out", (f"The notebook used up its time budget of {budget:g} s before this exercise was "
                             "checked: look for an endless loop or very slow code.")
    if run.returncode != 0:
        return "error", (f"The notebook's process ended (exit code {run.returncode}) before this exercise was "
                         "checked: os._exit, a crash, or more memory than allowed.")
    return "error", "This exercise was never checked: a cell before it kept the checks from running."


def not_gradable(points, reason):
    """Every graded cell at 0 with the same reason, for a submission that could not be read."""
    return [CellResult(grade_id, 0.0, maximum, "not gradable", reason) for grade_id, maximum in points.items()]
