"""Is every sentence the library shows a template of the one catalogue, every template used, and the English unchanged?"""

import json
import re
import string
from pathlib import Path

import pytest

import course_lib
from course_lib import language
from course_lib import stored_cases
from course_lib.stored_cases import CHECK_DATA
from course_lib.messages import MESSAGES, MISTAKES, TEXTS, VOCABULARY, english, mistake, say, text

REPO = Path(course_lib.__file__).resolve().parent.parent
JUDGING = [REPO / "course_lib" / name for name in ("diagnosis.py", "relations.py", "numpy_errors.py",
                                                  "inherited.py", "probes.py", "shown_weights.py", "checks/_runner.py", "plots.py",
                                                  "widgets.py")]
JUDGING += [REPO / "autograder" / "judge.py", REPO / "autograder" / "safe" / "verdicts.py",
            REPO / "autograder" / "safe" / "receipt.py", REPO / "autograder" / "safe" / "feedback_notebook.py"]
JUDGING += [REPO / "autograder" / "safe" / name for name in ("batch.py", "grade_one.py", "answers.py", "grading_run.py")]
JUDGING += [REPO / "autograder" / "safe" / name for name in ("untrusted_files.py", "untrusted_json.py")]
JUDGING += [REPO / "autograder" / "collect.py"]
JUDGING += [REPO / "course_lib" / name for name in ("__init__.py", "model_answers.py")]
ID = re.compile(r"""["']((?:check|hidden|safe|judge|relation|numpy|probe|quantity|plot|widget|reference|written|training|capstone)"""
                r"""(?:\.[a-z_0-9]+)+)["']""")
# The grader's steps are said as safe.step.<name>: named where a step begins (step, driver_time_limit) or as the
# first step of a grading process (start, run_bounded: the argument before the limit).
STEP = re.compile(r"""(?:\bstep|driver_time_limit)\(["']([a-z]+)["']|["']([a-z]+)["'], (?:step_)?limit\)""")


@pytest.fixture(autouse=True)
def in_english():
    language.use_language("en")
    yield
    language.use_language(None)


def notebook_code():
    """The code of every source notebook: a notebook's own demonstration says some templates (training.…)."""
    return ["".join(cell["source"]) for path in sorted(REPO.glob("notebooks/*/*.ipynb"))
            for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "code"]


def used_ids():
    texts = [path.read_text() for path in JUDGING] + notebook_code()
    steps = {f"safe.step.{a or b}" for text in texts for a, b in STEP.findall(text)}
    return {found for text in texts for found in ID.findall(text)} | steps


def test_every_id_the_library_uses_is_in_the_catalogue():
    assert used_ids() - set(MESSAGES) == set()


def test_every_template_is_used():
    assert set(MESSAGES) - used_ids() == set()


def test_every_template_formats_with_named_parameters_only():
    for message_id, template in MESSAGES.items():
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
        assert all(field and field.isidentifier() for field in fields), message_id


def test_every_named_mistake_has_a_title_and_an_explanation_in_the_one_catalogue():
    assert set(MISTAKES) == {key.split(".")[1] for key in TEXTS if key.startswith("mistake.")}
    for key, words in MISTAKES.items():
        assert words.title and words.explanation
        assert mistake(key) == words
        assert text(f"mistake.{key}.title") == words.title


def test_the_mistakes_the_checks_recognise_are_named_in_the_catalogue():
    recognised = {key for path in CHECK_DATA.glob("[0-9]*.json") for cases in stored_cases.load(path.stem).values()
                  for case in cases for key in case["mistakes"] if not key.startswith("argument:")}
    assert recognised, "found no recognised mistakes in the stored check cases"
    assert recognised - set(MISTAKES) == set()


def test_the_mistakes_words_have_no_other_home():
    assert not (REPO / "course_lib" / "mistakes.py").exists()
    for path in (REPO / "course_lib").rglob("*.py"):
        assert "from .mistakes import" not in path.read_text() and "course_lib.mistakes " not in path.read_text(), path


def test_ids_do_not_collide_between_templates_and_texts():
    assert set(MESSAGES).isdisjoint(TEXTS)
    assert len(english()) == len(MESSAGES) + len(TEXTS)


def test_english_is_the_template_itself():
    assert say("check.passed", name="softmax_columns", count=3) == "✓ softmax_columns is right on all 3 check cases."
    assert say("relation.transposed", name="A").endswith("A[j, i] = α_{i,j} and column i belongs to query i.")


def test_a_word_in_a_word_field_is_said_in_the_learners_language_and_stays_in_english():
    sentence = say("relation.some_columns", name="A", right_count=3, count=4, wrong="2", word="query", words="queries")
    assert "column i belongs to query i" in sentence and "those queries" in sentence
    assert all(f"word.{word}" in TEXTS for word in VOCABULARY)


def test_say_in_chinese_fills_the_same_fields():
    language.use_language("zh-TW")
    sentence = say("check.passed", name="softmax_columns", count=3)
    assert "softmax_columns" in sentence and "3" in sentence and "is right" not in sentence
    assert "還不對" in say("check.failed_heading", name="f")
    language.use_language("zh-CN")
    assert "还不对" in say("check.failed_heading", name="f")


def test_chinese_is_typeset_without_a_space_between_han_characters():
    from course_lib.messages import typeset
    assert typeset("With  Q of shape (3, 6): right. Then") == "With  Q of shape (3, 6): right. Then"
    language.use_language("zh-TW")
    try:
        assert typeset("用 形狀 (3, 6) 的 Q 時：錯了。 差最多的地方在 A[2, 0]。") == "用形狀 (3, 6) 的 Q 時：錯了。差最多的地方在 A[2, 0]。"
        assert typeset("用 d_v = N = 4 時") == "用 d_v = N = 4 時"
    finally:
        language.use_language("en")
