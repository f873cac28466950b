"""Does the one call of a student's function record what happened, stop an endless loop, and survive the trip
through the sandbox's plain record unchanged?"""

import json
import sys
import time

import numpy as np
import pytest

from course_lib.outcome import Outcome, RecordError, run_student


def round_trip(outcome):
    return Outcome.from_record(json.loads(json.dumps(outcome.to_record())))


@pytest.mark.parametrize("value", [
    np.arange(6.0).reshape(2, 3), [1.0, 2.0], (np.ones(2), np.zeros(3)), 3, 2.5, np.float32(1.5),
    np.array([True, False]), [[1.0, 2.0], [3.0, 4.0]], np.arange(4),
])
def test_a_returned_value_keeps_its_type_through_the_record(value):
    back = round_trip(run_student(lambda: value, {}))
    assert type(back.value) is type(value) or (isinstance(value, np.ndarray) and isinstance(back.value, np.ndarray))
    if isinstance(value, np.ndarray):
        assert back.value.dtype == value.dtype and np.array_equal(back.value, value)
    elif isinstance(value, tuple):
        assert all(np.array_equal(b, v) for b, v in zip(back.value, value))
    else:
        assert np.array_equal(np.asarray(back.value), np.asarray(value))


def test_an_error_keeps_its_type_message_line_and_operand_shapes():
    def wrong(Wq, I):
        return I @ Wq

    outcome = round_trip(run_student(wrong, {"Wq": np.ones((3, 5)), "I": np.ones((5, 6))}))
    assert outcome.error_type == "ValueError"
    assert "matmul" in outcome.error_message
    assert outcome.error_line == "return I @ Wq"
    assert outcome.operand_shapes == [(5, 6), (3, 5)]


def test_warnings_and_changed_arguments_are_recorded():
    def noisy(x):
        x *= 2
        return np.log(np.array(-1.0))

    outcome = round_trip(run_student(noisy, {"x": np.ones(3)}))
    assert outcome.changed_args == ["x"]
    assert any("invalid value" in text for text in outcome.warnings)


def test_an_endless_loop_is_stopped_within_its_limit_and_the_next_call_works(capsys):
    def endless():
        while True:
            pass

    started = time.perf_counter()
    outcome = run_student(endless, {}, time_limit=0.5)
    assert outcome.timed_out == 0.5 and time.perf_counter() - started < 2
    assert run_student(lambda: 1.0, {}).value == 1.0
    time.sleep(0.6)  # no alarm is left armed to interrupt later code
    assert capsys.readouterr().err == ""


def test_sys_exit_is_recorded_as_an_error():
    outcome = run_student(lambda: sys.exit(3), {})
    assert outcome.error_type == "SystemExit"


def test_something_that_is_not_numbers_is_recorded_as_unreadable():
    record = run_student(lambda: object(), {}).to_record()
    assert "value" not in record and record["unreadable"].startswith("object")


@pytest.mark.parametrize("record", [None, [], {"value": {"array": "x"}}, {"error_type": 3},
                                    {"value": {"number": {"shape": [], "data": [1.0]}, "type": "os.system"}}])
def test_a_record_the_runner_does_not_write_is_refused(record):
    with pytest.raises(RecordError):
        Outcome.from_record(record)
