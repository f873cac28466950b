"""How often does the instant check name what is wrong, and does any wrong answer earn a point?

Over three sets of wrong answers, the course's own named mistakes, the
catalogue of realistic wrong answers (``wrong_answers.py``) and the mutants of
the reference answers that are not equivalent (``mutants.py``), per set and
all together, per notebook: the share of wrong answers whose
instant-check message names a relation or a mistake rather than only "Wrong
values" or numpy's bare error, and how many catalogue answers earn points
from their hidden test for any of the first S students (S = --students, 200
by default; for the mutants, ``tests/autograder/test_mutants.py`` checks it).

    python -m autograder.benchmarks.named_share [--students 200] [--notebooks 04 09] [--sets mutants] [--show]

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

from .mutants import graded_mutants
from .wrong_answers import CATALOGUE, HELD_OUT

def check_message(exercise, written):
    """The instant check's explanation, or "" when the check passes (an endless loop is stopped by its time limit)."""
    check = getattr(checks, exercise.check_name)
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
    grade = hidden_tests.GRADERS[exercise.grader_name]
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


def held_out_answers():
    return catalogue_answers(held_out=True)


def mutant_answers():
    """The mutants of the reference answers that are not equivalent (``mutants.py``), as (exercise, label, written)."""
    for mutant in graded_mutants():
        yield EXERCISES[mutant.exercise], mutant.label, mutant.written()


SETS = (("listed", "the course's named mistakes", listed_mistakes),
        ("catalogue", "wrong answers nobody listed", catalogue_answers),
        ("held-out", "more of them, written before the diagnoses that name them", held_out_answers),
        ("mutants", "mutants of the reference answers", mutant_answers))


def _share(named, answers):
    return f"{named / answers:.0%}" if answers else "-"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200,
                        help="students whose hidden test each catalogue answer must fail (0: skip)")
    parser.add_argument("--show", action="store_true", help="print every message that is not named")
    parser.add_argument("--notebooks", nargs="+", default=(), metavar="NN",
                        help="only the notebooks whose names start with these (e.g. 04 09); all by default")
    parser.add_argument("--sets", nargs="+", default=(), choices=[source for source, _, _ in SETS],
                        help="only these sets of wrong answers; all by default")
    options = parser.parse_args(argv)
    students = [f"student-{n:03d}" for n in range(options.students)]
    rows = defaultdict(lambda: defaultdict(int))  # notebook -> "<set> answers", "<set> named", "earning"
    unnamed = []
    started = time.perf_counter()
    for source, _, items in SETS:
        if options.sets and source not in options.sets:
            continue
        for exercise, label, written in items():
            if options.notebooks and not exercise.notebook.startswith(tuple(options.notebooks)):
                continue
            row = rows[exercise.notebook]
            message = check_message(exercise, written)
            named = is_named(message)
            row[f"{source} answers"] += 1
            row[f"{source} named"] += named
            if source in ("catalogue", "held-out") and options.students and earns_points(exercise, written, students):
                row["earning"] += 1
                unnamed.append((exercise.key, label, "EARNS POINTS"))
            if not named:
                unnamed.append((exercise.key, label, "passes the check" if message == "" else message))
    header = f"{'notebook':<24}" + "".join(f" {source:>16}" for source, _, _ in SETS) + f" {'all':>16} {'earn points':>12}"
    print(header)
    rows["all"] = defaultdict(int)
    for notebook in sorted(rows, key=lambda name: (name == "all", name)):
        row = rows[notebook]
        if notebook != "all":
            for key, value in list(row.items()):
                rows["all"][key] += value
        cells = []
        for source, _, _ in SETS:
            named, answers = row[f"{source} named"], row[f"{source} answers"]
            cells.append(f"{named:>4}/{answers:<4} {_share(named, answers):>6}")
        named = sum(row[f"{source} named"] for source, _, _ in SETS)
        answers = sum(row[f"{source} answers"] for source, _, _ in SETS)
        cells.append(f"{named:>4}/{answers:<4} {_share(named, answers):>6}")
        print(f"{notebook:<24} " + " ".join(cells) + f" {row['earning']:>12}")
    print("named/answers and share: " + "; ".join(f"{source}: {words}" for source, words, _ in SETS)
          + f"; earn points: catalogue answers passing for some of {options.students} students "
          f"({time.perf_counter() - started:.0f} s)")
    if options.show:
        for key, label, message in unnamed:
            print(f"\n{key} — {label}:\n  {message}")


if __name__ == "__main__":
    main()
