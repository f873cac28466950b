"""Is each Chinese edition the English course with only its prose translated, complete and current?"""

import json
import re
import time

import nbformat
import pytest
from babel.messages.catalog import Catalog
from nbclient import NotebookClient
from nbgrader.utils import compute_checksum

from autograder.course import source_notebook
from autograder.editions import CONVERTED, LANGUAGES, WRITTEN
from autograder.editions import catalogue as catalogues
from autograder.editions.__main__ import translated_assignments
from autograder.editions.build import edition_notebook, translated
from autograder.editions.simplified import mainland_catalogue, to_mainland

EDITIONS = [(language, assignment) for language in LANGUAGES for assignment in translated_assignments(language)]


def test_every_written_catalogue_has_its_converted_edition():
    assert translated_assignments(WRITTEN), "no notebook is translated yet"
    for language in CONVERTED:
        assert translated_assignments(language) == translated_assignments(CONVERTED[language])


@pytest.mark.parametrize("language, assignment", EDITIONS)
def test_every_prose_cell_is_translated_and_current(language, assignment):
    found = catalogues.coverage(catalogues.read(catalogues.catalogue_path(language, assignment)),
                                catalogues.english_entries(assignment))
    assert found.complete, (f"{language} {assignment}: stale {found.stale}, missing {found.missing}: "
                            "python -m autograder.editions update, then translate them")


@pytest.mark.parametrize("language, assignment", EDITIONS)
def test_an_edition_changes_the_prose_and_nothing_else(language, assignment):
    english = nbformat.read(source_notebook(assignment), as_version=4)
    edition = edition_notebook(assignment, language)
    assert len(edition.cells) == len(english.cells)
    for ours, theirs in zip(edition.cells, english.cells):
        assert ours.cell_type == theirs.cell_type and ours.metadata == theirs.metadata
        if ours.cell_type == "code":
            assert ours.source == theirs.source
        if theirs.metadata.get("nbgrader", {}).get("solution") or theirs.metadata.get("nbgrader", {}).get("grade"):
            if theirs.cell_type == "code":
                assert compute_checksum(ours) == compute_checksum(theirs)
    assert edition.metadata["course"]["language"] == language
    assert {k: v for k, v in edition.metadata.items() if k != "course"} == dict(english.metadata)


@pytest.mark.parametrize("language, assignment", EDITIONS)
def test_an_edition_executes_top_to_bottom_in_a_fresh_kernel(language, assignment):
    notebook = edition_notebook(assignment, language)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(source_notebook(assignment).parent)}}).execute()
    print(f"\n{language} {assignment}: executed in {time.perf_counter() - started:.1f} s")
    assert not [o for c in notebook.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]


@pytest.mark.parametrize("assignment", translated_assignments("zh-CN"))
def test_the_zh_cn_catalogue_is_the_conversion_of_zh_tw(assignment):
    taiwan = catalogues.read(catalogues.catalogue_path("zh-TW", assignment))
    stored = catalogues.read(catalogues.catalogue_path("zh-CN", assignment))
    expected = mainland_catalogue(taiwan)
    assert [(m.context, m.string) for m in stored if m.id] == [(m.context, m.string) for m in expected if m.id], (
        "run python -m autograder.editions update (zh-CN is made from zh-TW; reviewed changes go in overrides.tsv)")


# Words a Taiwan text keeps after conversion to Simplified characters that a mainland teacher would not write.
TAIWAN_USAGE = ["回传", "预设", "矢量", "保存格", "储存格", "档案", "网路", "资讯", "伺服器", "演算法", "程式",
                "物件", "变数", "阵列", "回圈", "迴圈", "位元", "萤幕", "滑鼠", "视窗", "介面"]


@pytest.mark.parametrize("assignment", translated_assignments("zh-CN"))
def test_the_zh_cn_edition_reads_as_mainland_chinese(assignment):
    for message in catalogues.read(catalogues.catalogue_path("zh-CN", assignment)):
        found = [word for word in TAIWAN_USAGE if word in message.string]
        assert not found, (message.context, found)


# 行 and 列 swap meanings between the regions (Taiwan: 行 column, 列 row; mainland: 列 column, 行 row), so the
# course writes column and row, as the lecture does, glossed only as "column（行）" and "row（列）" (zh-TW).
_ALLOWED_WITH_HANG_OR_LIE = ("column（行）", "row（列）", "執行", "進行", "運行", "行為", "可行", "序列", "排列", "列出",
                             "列表", "並列", "陣列", "列舉", "換行", "系列")


@pytest.mark.parametrize("assignment", translated_assignments("zh-TW"))
def test_zh_tw_never_says_column_or_row_with_a_bare_hang_or_lie(assignment):
    for message in catalogues.read(catalogues.catalogue_path("zh-TW", assignment)):
        text = message.string
        for allowed in _ALLOWED_WITH_HANG_OR_LIE:
            text = text.replace(allowed, "")
        assert not re.search("[行列]", text), (message.context, re.findall(".{0,8}[行列].{0,8}", text))


def test_the_glosses_of_column_and_row_swap_into_mainland_usage():
    assert to_mainland("每一個 column（行）和 row（列）") == "每一个 column（列）和 row（行）"


def test_a_changed_english_cell_keeps_its_translation_marked_stale():
    catalogue = Catalog(locale="zh_TW")
    catalogue.add("Old text.", "舊的翻譯。", context="cell-1")
    catalogue.add("Kept.", "保留。", context="cell-2")
    catalogue.add("Gone.", "刪掉。", context="cell-3")
    result, changed = catalogues.updated(catalogue, [("cell-1", "New text."), ("cell-2", "Kept."), ("cell-4", "Added.")])
    assert changed == {"new": ["cell-4"], "stale": ["cell-1"], "dropped": ["cell-3"]}
    stale = result.get("New text.", context="cell-1")
    assert stale.fuzzy and stale.string == "舊的翻譯。" and stale.previous_id == ["Old text."]
    found = catalogues.coverage(result, [("cell-1", "New text."), ("cell-2", "Kept."), ("cell-4", "Added.")])
    assert (found.translated, found.stale, found.missing) == (1, ["cell-1"], ["cell-4"])
    assert catalogues.translations(result, [("cell-2", "Kept."), ("cell-1", "New text.")]) == {"cell-2": "保留。"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translated_release_keeps_nbgrader_checksums_true(language, demo_root):
    """A student release in Chinese: locked cells carry the checksum of the text the student sees."""
    assignment = translated_assignments(language)[0]
    released = nbformat.read(demo_root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    edition = translated(released, assignment, language)
    locked = [c for c in edition.cells if "checksum" in c.metadata.get("nbgrader", {})]
    assert locked and all(c.metadata.nbgrader.checksum == compute_checksum(c) for c in locked)
    changed = [c for c, e in zip(edition.cells, released.cells) if c.source != e.source]
    assert changed and all(c.cell_type == "markdown" for c in changed)


def test_a_learner_in_chinese_gets_jupyterlab_in_chinese(tmp_path):
    from autograder.pipeline import _jupyterlab_language

    _jupyterlab_language(tmp_path, "zh-TW")
    written = tmp_path / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    assert json.loads(written.read_text()) == {"locale": "zh_TW"}
    from jupyterlab_server.translation_utils import get_language_packs

    assert {"zh_TW", "zh_CN"} <= set(get_language_packs()[0])
