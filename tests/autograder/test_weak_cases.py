"""Are there students whose hidden cases cannot tell a known wrong function from the right one?

A property test: hypothesis searches over student ids (and the grading salt)
for one whose hidden test a listed mistake would pass, i.e. every random case
where the mistake and the reference agree.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.judge import hidden_cases
from course_lib.exercises import EXERCISES
from course_lib.reference.answers import evaluate

# Mistakes a hidden test catches only in its variant (the stable softmax): the ordinary test may pass them.
CAUGHT_BY_VARIANT_ONLY = {("03_all_scores/softmax_columns", "softmax_overflow")}


def _agrees(got, expected):
    return len(got) == len(expected) and all(
        np.shape(g) == np.shape(e) and np.allclose(np.asarray(g, dtype=float), np.asarray(e, dtype=float),
                                                   rtol=1e-7, atol=1e-9)
        for g, e in zip(got, expected))


def mistakes_passing(key, student, salt):
    """The listed mistakes that agree with the reference on every hidden case of this student."""
    import os

    os.environ["COURSE_GRADING_SALT"] = salt
    try:
        cases = hidden_cases(key, student)
    finally:
        del os.environ["COURSE_GRADING_SALT"]
    caught = set()
    names = None
    for case in cases:
        expected, mistakes = evaluate(EXERCISES[key], case.args)
        names = set(mistakes) if names is None else names | set(mistakes)
        caught |= {name for name, parts in mistakes.items() if not _agrees(parts, expected)}
    return {name for name in names or () if name not in caught and (key, name) not in CAUGHT_BY_VARIANT_ONLY}


@pytest.mark.parametrize("key", sorted(EXERCISES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(student=st.text(min_size=1, max_size=12), salt=st.sampled_from(["", "spring", "regrade-2"]))
def test_no_student_draws_cases_a_listed_mistake_passes(key, student, salt):
    assert mistakes_passing(key, student, salt) == set()
