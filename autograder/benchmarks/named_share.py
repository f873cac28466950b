"""How often does the instant check name what is wrong, and does any wrong answer earn a point?

Over the catalogue of realistic wrong answers (``wrong_answers.py``) and the
course's own named mistakes, per notebook: the share of wrong answers whose
instant-check message names a relation or a mistake rather than only "Wrong
values" or numpy's bare error, and how many earn points from their hidden
test for any of the first S students (S = --students, 200 by default).

    python -m autograder.benchmarks.named_share [--students 200]

Only the public entry points are used (``course_lib.checks.check_<name>``,
``autograder.hidden_tests.GRADERS``), and a message counts as named by its
words, so that the same measure applies to an older version of the judge.
"""

import argparse
import contextlib
import os
import time
from collections import defaultdict

import course_lib.checks as checks
from autograder import hidden_tests
from course_lib.exercises import EXERCISES, as_written
from course_lib.failure import CheckFailed
from course_lib.reference.mistaken import MISTAKEN

from .wrong_answers import CATALOGUE, HELD_OUT

def check_message(exercise, written):
    """The instant check's explanation, or "" when the check passes (an endless loop is stopped by its time limit)."""
    check = getattr(checks, f"check_{exercise.label}")
    try:
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            check(written)
    except CheckFailed as failure:
        return str(failure)
    return ""


def is_named(message):
    """Whether a failed check's message names what happened, not only "wrong values" or numpy's own words."""
    if not message:
        return False
    if "Wrong values" in message:
        return False
    if "Your function raised" in message and "In the course's words" not in message:
        return "NotImplementedError" in message
    return True


def earns_points(exercise, written, students):
    """The students (of ``students``) for whom ``written`` passes the hidden test of ``exercise``."""
    grade = hidden_tests.GRADERS[f"grade_{exercise.label}"]
    passed = []
    for student in students:
        os.environ["COURSE_STUDENT_ID"] = student
        try:
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                grade(written)
        except CheckFailed as failure:
            if "still running after" in str(failure):
                break  # an endless loop loops for every student
            continue
        passed.append(student)
    return passed


def listed_mistakes():
    """The course's own named mistakes, as (exercise, label, written) for every exercise with a check."""
    for exercise in EXERCISES.values():
        for key, wrong in MISTAKEN.get(exercise.base_key, {}).items():
            if exercise.checks and not (exercise.variant == "" and key == "softmax_overflow"):
                yield exercise, f"listed: {key}", as_written(exercise, wrong)


def catalogue_answers(held_out=False):
    """The catalogue's answers as (exercise, label, written): the first ones, or the held-out ones."""
    for answer in (HELD_OUT if held_out else [a for a in CATALOGUE if a not in HELD_OUT]):
        yield EXERCISES[answer.exercise], answer.label, answer.written()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--show", action="store_true", help="print every message that is not named")
    options = parser.parse_args(argv)
    students = [f"student-{n:03d}" for n in range(options.students)]
    rows = defaultdict(lambda: {"answers": 0, "named": 0, "listed": 0, "listed_named": 0, "earning": 0,
                                "held_out": 0, "held_out_named": 0})
    unnamed = []
    started = time.perf_counter()
    sources = (("catalogue", catalogue_answers()), ("held_out", catalogue_answers(held_out=True)),
               ("listed", listed_mistakes()))
    for source, items in sources:
        for exercise, label, written in items:
            row = rows[exercise.notebook]
            message = check_message(exercise, written)
            named = is_named(message)
            if source == "held_out":
                row["held_out"] += 1
                row["held_out_named"] += named
            if source in ("catalogue", "held_out"):
                row["answers"] += 1
                row["named"] += named
                if options.students and earns_points(exercise, written, students):
                    row["earning"] += 1
                    unnamed.append((exercise.key, label, "EARNS POINTS"))
            else:
                row["listed"] += 1
                row["listed_named"] += named
            if not named:
                unnamed.append((exercise.key, label, "passes the check" if message == "" else message))
    print(f"{'notebook':<24} {'wrong answers':>13} {'named':>7} {'listed':>7} {'named':>7} {'share':>7} {'earn points':>12}")
    totals = defaultdict(int)
    for notebook in sorted(rows):
        row = rows[notebook]
        for key, value in row.items():
            totals[key] += value
        share = (row["named"] + row["listed_named"]) / (row["answers"] + row["listed"])
        print(f"{notebook:<24} {row['answers']:>13} {row['named']:>7} {row['listed']:>7} {row['listed_named']:>7} "
              f"{share:>7.0%} {row['earning']:>12}")
    share = (totals["named"] + totals["listed_named"]) / (totals["answers"] + totals["listed"])
    print(f"{'all':<24} {totals['answers']:>13} {totals['named']:>7} {totals['listed']:>7} {totals['listed_named']:>7} "
          f"{share:>7.0%} {totals['earning']:>12}")
    print(f"held-out answers (written before the diagnoses that name them): {totals['held_out_named']}"
          f"/{totals['held_out']} named; the first {totals['answers'] - totals['held_out']}: "
          f"{totals['named'] - totals['held_out_named']}/{totals['answers'] - totals['held_out']}")
    print(f"({options.students} students per hidden test; {time.perf_counter() - started:.0f} s)")
    if options.show:
        for key, label, message in unnamed:
            print(f"\n{key} — {label}:\n  {message}")


if __name__ == "__main__":
    main()
