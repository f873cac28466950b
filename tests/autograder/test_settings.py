"""Are the grader's settings read from the environment as the README's table says, and the statuses stored as before?"""

import dataclasses
import json
from pathlib import Path

import pytest

from autograder.course import AUTOGRADER
from autograder.safe.verdicts import Status
from autograder.settings import SETTINGS, Settings


def test_without_the_variables_every_setting_has_its_default():
    settings = Settings.from_environment({})
    assert settings == Settings()
    assert settings.course_root == AUTOGRADER and settings.grader_step_limit_seconds == 20.0
    assert settings.notebook_budget_seconds == 30.0


def test_course_root_and_step_limit_come_from_the_environment():
    settings = Settings.from_environment({"COURSE_ROOT": "/srv/course", "COURSE_GRADER_STEP_LIMIT": "7.5"})
    assert settings.course_root == Path("/srv/course") and settings.grader_step_limit_seconds == 7.5


@pytest.mark.parametrize("value", ["0", "-3", "soon", ""])
def test_a_step_limit_that_is_not_a_positive_number_keeps_the_default(value):
    assert Settings.from_environment({"COURSE_GRADER_STEP_LIMIT": value}).grader_step_limit_seconds == 20.0


def test_the_settings_cannot_be_changed_in_place():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SETTINGS.notebook_budget_seconds = 1.0


def test_statuses_are_stored_as_the_same_text_as_before():
    """Result files, CSVs and the gradebook's exports hold these words; a renamed member must not change them."""
    assert [str(status) for status in Status] == ["passed", "failed", "error", "timed out", "not gradable",
                                                  "suspected tampering", "to grade by hand", "graded by hand"]
    assert json.dumps({"status": Status.TIMED_OUT}) == '{"status": "timed out"}'
    assert f"{Status.NOT_GRADABLE}" == "not gradable"
