"""Does the grader read nbgrader's receipt files (``safe/receipt.py``) as untrusted, and say in the student's
language why one was left out?"""

import pytest

from autograder.safe.receipt import SECRET, TIMESTAMP, read_receipt
from course_lib import language
from course_lib.messages import say


@pytest.fixture
def speaking():
    def speak(language_name):
        language.use_language(language_name)
    yield speak
    language.use_language(None)


def test_good_files_are_read(tmp_path):
    (tmp_path / TIMESTAMP).write_text("2026-01-05 10:00:00.000000 UTC\n")
    (tmp_path / SECRET).write_text("0123456789abcdef0123456789abcdef\n")
    receipt = read_receipt(tmp_path)
    assert receipt.timestamp_text == "2026-01-05 10:00:00" and receipt.notes == []
    assert receipt.text[SECRET] == "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("language_name", ["en", "zh-TW", "zh-CN"])
def test_each_bad_file_is_left_out_with_its_reason_in_the_students_language(tmp_path, speaking, language_name):
    speaking(language_name)
    (tmp_path / TIMESTAMP).write_text("next tuesday")
    (tmp_path / SECRET).write_bytes(b"\xff\xfe not ascii")
    receipt = read_receipt(tmp_path)
    assert receipt.timestamp is None and receipt.text == {}
    assert receipt.notes == [say("safe.receipt_unreadable", name=TIMESTAMP, why=say("safe.receipt_no_time")),
                             say("safe.receipt_unreadable", name=SECRET, why=say("safe.receipt_not_text"))]
    if language_name != "en":
        assert "plain text" not in " ".join(receipt.notes) and "no time" not in " ".join(receipt.notes)


def test_a_secret_that_is_not_hex_is_left_out(tmp_path):
    (tmp_path / SECRET).write_text("not-a-hex-key-at-all")
    receipt = read_receipt(tmp_path)
    assert receipt.text == {} and receipt.notes == [say("safe.receipt_unreadable", name=SECRET,
                                                        why=say("safe.receipt_not_hex"))]
