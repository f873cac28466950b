"""Are the library's messages translated in both editions, with the same fields, compiled where the library reads them?"""

import ast
import gettext
import io
import re

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.editions import LANGUAGES, WRITTEN
from autograder.editions import catalogue as catalogues
from autograder.editions import messages
from autograder.editions.__main__ import check_messages
from autograder.course import source_notebook
from autograder.editions.build import edition_notebook
from autograder.editions.simplified import mainland_catalogue
from autograder.release import add_student_course_lib
from autograder.submissions import EXAMPLES, fill_in, read_answers
from course_lib import language
from course_lib import messages as library

from .test_editions import _ALLOWED_WITH_HANG_OR_LIE, TAIWAN_USAGE


def catalogue(language_name):
    return catalogues.read(messages.catalogue_path(language_name))


@pytest.mark.parametrize("language_name", LANGUAGES)
def test_every_message_is_translated_current_and_compiled(language_name):
    found = messages.message_coverage(language_name)
    assert found.coverage.missing == [] and found.coverage.stale == [], found.coverage
    assert found.wrong_fields == []
    assert found.compiled_current, "run: python -m autograder.editions update"
    assert found.coverage.translated == found.total == len(messages.english_entries())


@pytest.mark.parametrize("language_name", LANGUAGES)
def test_every_translated_template_has_exactly_the_fields_of_the_english(language_name):
    for message_id, english in library.english().items():
        translated = library.text(message_id, language_name)
        assert translated != english or message_id.startswith("word.") or message_id == "widget.query_buttons", \
            (language_name, message_id)
        is_template = messages.is_template(message_id)
        assert messages.fields(translated, is_template) == messages.fields(english, is_template), message_id


def test_a_translation_with_other_fields_is_reported():
    broken = catalogue(WRITTEN)
    for message in broken:
        if message.context == "check.passed":
            message.string = message.string.replace("{count}", "{number}")
        if message.context == "mistake.scores_transposed.explanation":
            message.string = message.string.replace("α_{i,j}", "α_{j,i}")
    assert messages.field_mismatches(broken) == ["check.passed", "mistake.scores_transposed.explanation"]


def test_the_template_file_is_what_the_library_extracts_to():
    written = catalogues.read(messages.TEMPLATE)
    assert [(m.context, m.id) for m in written if m.id] == messages.english_entries()


def test_the_zh_cn_catalogue_is_the_conversion_of_zh_tw():
    converted = mainland_catalogue(catalogue(WRITTEN))
    assert {m.context: m.string for m in catalogue("zh-CN") if m.id} == {m.context: m.string for m in converted if m.id}


def test_zh_cn_messages_read_as_mainland_chinese():
    for message in catalogue("zh-CN"):
        found = [word for word in TAIWAN_USAGE + ["丢出", "当掉", "中央差分"] if word in message.string]
        assert not found, (message.context, found)


def test_zh_tw_messages_never_say_column_or_row_with_a_bare_hang_or_lie():
    for message in catalogue(WRITTEN):
        text = message.string
        for allowed in _ALLOWED_WITH_HANG_OR_LIE:
            text = text.replace(allowed, "")
        assert not re.search("[行列]", text), (message.context, re.findall(".{0,8}[行列].{0,8}", text))


def test_a_new_english_template_is_reported_untranslated_and_said_in_english(monkeypatch, capsys):
    monkeypatch.setitem(library.MESSAGES, "judge.brand_new", "A sentence added after the translation, {name}.")
    found = messages.message_coverage(WRITTEN)
    assert "judge.brand_new" in found.coverage.missing
    assert check_messages() is False
    assert "untranslated: judge.brand_new" in capsys.readouterr().out
    assert library.text("judge.brand_new", WRITTEN) == "A sentence added after the translation, {name}."


def test_a_changed_english_template_is_stale_and_its_old_translation_not_used(monkeypatch):
    monkeypatch.setitem(library.MESSAGES, "check.failed_heading", "✗ {name} is still wrong")
    updated, changed = messages.updated(catalogue(WRITTEN))
    assert changed["stale"] == ["check.failed_heading"]
    assert library.text("check.failed_heading", WRITTEN) == "✗ {name} is still wrong"
    compiled = gettext.GNUTranslations(io.BytesIO(messages.compiled(updated)))
    assert compiled.pgettext("check.failed_heading", "✗ {name} is still wrong") == "✗ {name} is still wrong"
    assert compiled.pgettext("check.passed", library.MESSAGES["check.passed"]) != library.MESSAGES["check.passed"]


def test_the_compiled_catalogues_ship_with_the_student_course_lib(tmp_path):
    copied = add_student_course_lib(tmp_path / "release" / "01_one_query_scores")
    for language_name in LANGUAGES:
        relative = messages.compiled_path(language_name).relative_to(library.LOCALE.parent)
        assert (copied / relative).read_bytes() == messages.compiled_path(language_name).read_bytes()
    assert not list(copied.rglob("*.po")) and not list(copied.rglob("*.pot"))


def run_with_a_wrong_answer(notebook, folder, monkeypatch, exist_ok=False):
    """Execute ``notebook`` in ``folder`` (its only notebook) with Ben's wrong answers; the text of its outputs."""
    monkeypatch.delenv(language.ENVIRONMENT, raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    fill_in(notebook, read_answers(EXAMPLES / "ben-mistakes" / "01_one_query_scores.py"))
    folder.mkdir(parents=True, exist_ok=exist_ok)
    nbformat.write(notebook, folder / "01_one_query_scores.ipynb")
    NotebookClient(notebook, timeout=180, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return "\n".join(output.get("text", "") + str(output.get("evalue", ""))
                     for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", []))


@pytest.mark.parametrize("language_name, wrong, right", [
    ("zh-TW", "✗ query_and_key 還不對", "✓ inner_product 在全部"),
    ("zh-CN", "✗ query_and_key 还不对", "✓ inner_product 在全部"),
    ("en", "✗ query_and_key is not right yet", "✓ inner_product is right on all"),
])
def test_an_executed_edition_checks_in_its_own_language(language_name, wrong, right, tmp_path, monkeypatch):
    if language_name == "en":
        notebook = nbformat.read(source_notebook("01_one_query_scores"), as_version=4)
    else:
        notebook = edition_notebook("01_one_query_scores", language_name)
    shown = run_with_a_wrong_answer(notebook, tmp_path / language_name, monkeypatch)
    assert wrong in shown and right in shown
    if language_name != "en":
        assert "query 和 key 對調了" in shown if language_name == "zh-TW" else "query 和 key 对调了" in shown
        assert "is not right yet" not in shown


def test_a_release_in_chinese_keeps_the_graded_cells_and_its_checks_speak_chinese(tmp_path, monkeypatch):
    """pipeline release --lang zh-TW: the English release with its prose translated; its own course_lib speaks zh-TW."""
    from autograder.pipeline import release
    from nbgrader.utils import compute_checksum

    assignment = "01_one_query_scores"
    for language_name in ("en", "zh-TW"):
        (tmp_path / language_name).mkdir()
        release(tmp_path / language_name, tmp_path / f"{language_name}.log", [assignment], language_name)
    english, chinese = (nbformat.read(tmp_path / name / "release" / assignment / f"{assignment}.ipynb", as_version=4)
                        for name in ("en", "zh-TW"))
    assert chinese.metadata.course.language == "zh-TW" and "course" not in english.metadata
    assert [c.source for c in chinese.cells if c.cell_type == "code"] == \
        [c.source for c in english.cells if c.cell_type == "code"]
    assert [c.metadata.get("nbgrader") for c in chinese.cells if c.cell_type == "code"] == \
        [c.metadata.get("nbgrader") for c in english.cells if c.cell_type == "code"]
    locked = [c for c in chinese.cells if "checksum" in c.metadata.get("nbgrader", {})]
    assert locked and all(c.metadata.nbgrader.checksum == compute_checksum(c) for c in locked)
    folder = tmp_path / "zh-TW" / "release" / assignment
    assert (folder / "course_lib" / "locale" / "zh_TW" / "LC_MESSAGES" / "course_lib.mo").is_file()
    notebook = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import course_lib\nprint('course_lib from', course_lib.__file__)"))
    (folder / f"{assignment}.ipynb").unlink()
    shown = run_with_a_wrong_answer(notebook, folder, monkeypatch, exist_ok=True)
    assert "✗ query_and_key 還不對" in shown and "query 和 key 對調了" in shown
    assert f"course_lib from {folder / 'course_lib'}" in shown


# The lecture's terms that the editions keep in English (see the translator's rules in GLOSSARY.md).
# vocab is a size, as d_k is: the capstone writes its shapes (vocab, N) with that symbol in every edition;
# logits, like softmax, is a term the Chinese editions keep in English.
KEPT_IN_ENGLISH = {"query", "key", "value", "head", "block", "batch", "column", "row", "softmax", "padding", "causal",
                   "sin", "cos", "exp", "vocab", "logits"}
ENGLISH_WORD = re.compile(r"(?<![\w^'])[A-Za-z]{2,}(?![\w'])")


@pytest.mark.parametrize("language_name", LANGUAGES)
def test_every_check_case_is_labelled_in_the_learners_language(language_name):
    from course_lib import stored_cases
    labels = {case["label"] for path in stored_cases.CHECK_DATA.glob("[0-9]*.json")
              for cases in stored_cases.load(path.stem).values() for case in cases}
    assert len(labels) > 50 and set(messages.case_labels()) < labels
    language.use_language(language_name)
    try:
        said = {label: library.case_label(label) for label in labels}
    finally:
        language.use_language(None)
    for label, words in said.items():
        english = set(ENGLISH_WORD.findall(words)) - KEPT_IN_ENGLISH
        assert not english, (language_name, label, words)
    # a label of symbols and sizes only is said as it is; one with words is translated
    assert said["N = 4"] == "N = 4"
    assert said["Q and K of shape (3, 6)"] != "Q and K of shape (3, 6)"


def test_a_check_in_chinese_names_its_case_in_chinese():
    from course_lib.checks import check_attention_scores
    from course_lib.failure import CheckFailed
    language.use_language("zh-TW")
    try:
        with pytest.raises(CheckFailed) as failed:
            check_attention_scores(lambda Q, K: Q.T @ K)
    finally:
        language.use_language(None)
    assert "形狀都是 (3, 6) 的 Q 和 K" in str(failed.value) and "of shape" not in str(failed.value), failed.value


def test_every_text_a_notebook_draws_is_found_and_said_in_each_language():
    drawn = messages.drawn_texts()
    assert len(drawn) > 80 and "a few rows of P" in drawn
    for language_name in LANGUAGES:
        language.use_language(language_name)
        try:
            said = {english: library.translated(english) for english in drawn}
        finally:
            language.use_language(None)
        assert [english for english, text in said.items() if text == english] == \
            ["P[row, i - 1]"], language_name  # the one that is symbols and a word the editions keep in English
        for english, text in said.items():
            assert messages.fields(text) == messages.fields(english), (language_name, english, text)


def test_a_notebook_translates_only_literal_texts():
    """translated(f"...") or translated(name) would look up a text no catalogue has: refused, so every drawn text
    can be extracted; fields are given to .format after."""
    from autograder.course import assignments, source_notebook
    for assignment in assignments():
        for cell in nbformat.read(source_notebook(assignment), as_version=4).cells:
            if cell.cell_type == "code":
                assert not re.search(r"\btranslated\(\s*(?![\"'])", cell.source), (assignment, cell.source[:200])


SHOWING = {"print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "plot_query_rows"}  # what puts text before the student
KEPT_AS_CODE = {"exp(709), exp(710):", "layer(I[:, order]) == layer(I)[:, order]?",
                "layer((I + P)[:, order]) == layer(I + P)[:, order]?"}  # code and formulas, said as they are
MATHTEXT_COMMAND = re.compile(r"\\[A-Za-z]+")  # \dots, \alpha: notation, not words


def shown_literals(node):
    """The string literals (an f-string's literal parts) that ``node``, an argument of a call that shows text,
    shows as they are: not those inside another call, such as translated("...")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from shown_literals(part)
    elif isinstance(node, ast.BinOp):
        yield from shown_literals(node.left)
        yield from shown_literals(node.right)


def test_every_line_a_notebook_prints_or_draws_with_words_goes_through_translated():
    from IPython.core.inputtransformer2 import TransformerManager
    from autograder.course import assignments
    untranslated = []
    for assignment in assignments():
        for cell in nbformat.read(source_notebook(assignment), as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for call in ast.walk(ast.parse(TransformerManager().transform_cell(cell.source))):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", getattr(call.func, "attr", ""))
                shown = list(call.args) if name in SHOWING else []
                shown += [keyword.value for keyword in call.keywords if keyword.arg in ("title", "label")]
                untranslated += [(assignment, text) for argument in shown for text in shown_literals(argument)
                                 if library.has_words(MATHTEXT_COMMAND.sub("", text)) and text not in KEPT_AS_CODE]
    assert untranslated == []
