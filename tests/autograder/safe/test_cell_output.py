"""Does a cell's output past the cap get counted in the sandbox and said in the student's language in the feedback?"""

import pytest

from autograder.safe.feedback_notebook import _outputs
from autograder.safe.runner import CappedText
from course_lib import language


def test_the_runner_keeps_the_first_characters_and_counts_the_rest():
    out = CappedText(5)
    out.write("abc")
    out.write("defgh")
    out.write("ij")
    assert out.value() == "abcde" and out.dropped == 5


@pytest.mark.parametrize("edition, words", [("en", "5 more characters of output were not kept"),
                                            ("zh-TW", "還有 5 個字元的輸出沒有保留"),
                                            ("zh-CN", "还有 5 个字符的输出没有保留")])
def test_the_feedback_says_how_much_output_was_not_kept(edition, words):
    language.use_language(edition)
    try:
        [output] = _outputs({"output": "abcde", "output_dropped": 5})
    finally:
        language.use_language(None)
    assert output.text.startswith("abcde\n") and words in output.text


@pytest.mark.parametrize("dropped", [0, True, "5", -3, None, 2.5])
def test_a_count_that_is_not_a_positive_whole_number_says_nothing(dropped):
    [output] = _outputs({"output": "abcde", "output_dropped": dropped})
    assert output.text == "abcde"
