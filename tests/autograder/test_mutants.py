"""Mutation testing of the reference answers: does any mutant earn a point from its hidden test, for any of 200 students?

The mutants are made by Cosmic Ray's operators from the reference answers as
they are now (``autograder/benchmarks/mutants.py``). Every mutant that is not
listed as equivalent (``autograder/benchmarks/equivalent_mutants.py``, each
with its reason) must fail the hidden test of its exercise for every one of
200 students; every listed one must still be made, and must pass for every
student (else it was not equivalent, and the list is wrong).
"""

import resource
import time

import pytest

from autograder.benchmarks.equivalent_mutants import EQUIVALENT
from autograder.benchmarks.hidden_points import STUDENTS
from autograder.benchmarks.mutants import all_mutants, mutants_of, students_earning_each
from course_lib.exercises import EXERCISES

pytestmark = pytest.mark.mutation

MUTANTS = all_mutants()
BUDGET = 300  # seconds for all mutants and all students, on the two cores of a CI machine
CORES = 2


def cpu_seconds():
    """CPU time of this process and of its reaped children (the judging processes), user and system."""
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))


def test_every_exercise_with_something_to_mutate_has_mutants_and_each_has_its_own_key():
    assert len(MUTANTS) >= 500
    assert len({mutant.key for mutant in MUTANTS}) == len(MUTANTS)
    assert len({mutant.notebook for mutant in MUTANTS}) >= 11
    for key in ("03_all_scores/softmax_columns", "05_whole_layer/self_attention_loop", "12_cost/blockwise_attention"):
        assert mutants_of(key), key


def test_the_mutants_are_made_again_the_same_from_the_same_source():
    mutants_of.cache_clear()
    again = all_mutants()
    assert [(m.key, m.module_source) for m in again] == [(m.key, m.module_source) for m in MUTANTS]


def test_each_mutant_changes_its_module_and_defines_the_exercise():
    for mutant in MUTANTS:
        assert mutant.before != mutant.after, mutant.key
        assert callable(mutant.written()), mutant.key


def test_every_listed_equivalent_mutant_is_still_made_and_has_a_one_line_reason():
    made = {mutant.key for mutant in MUTANTS}
    stale = sorted(key for key in EQUIVALENT if key not in made)
    assert stale == [], "listed as equivalent but no longer made (read the new source and list again)"
    for key, reason in EQUIVALENT.items():
        assert reason.strip() and "\n" not in reason, key


def test_no_mutant_earns_a_point_and_every_equivalent_one_earns_all_for_200_students():
    started, cpu_started = time.perf_counter(), cpu_seconds()
    earning_each = students_earning_each(processes=CORES)
    cpu = cpu_seconds() - cpu_started
    earning, not_equivalent = [], []
    for mutant in MUTANTS:
        students = earning_each[mutant.key]
        if mutant.key in EQUIVALENT:
            if len(students) < len(STUDENTS):
                not_equivalent.append(f"{mutant.key} (fails for {len(STUDENTS) - len(students)} students)")
        elif students:
            earning.append(f"{mutant.key} ({len(students)} students, e.g. {students[0]})")
    elapsed = time.perf_counter() - started
    assert earning == [], "mutants that earn points: strengthen the hidden cases"
    assert not_equivalent == [], "listed as equivalent, but caught by the hidden test"
    # CPU time, not the clock: on a shared machine the clock also counts other programs' turns.
    assert cpu / CORES < BUDGET, f"{len(MUTANTS)} mutants took {cpu:.0f} s of CPU ({elapsed:.0f} s on the clock)"
    print(f"{len(MUTANTS)} mutants, {len(EQUIVALENT)} equivalent: {cpu:.0f} s of CPU, {elapsed:.0f} s on the clock")
    assert {mutant.exercise for mutant in MUTANTS} <= set(EXERCISES)
