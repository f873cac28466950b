"""A learner in Taiwan, in a real browser: the zh-TW edition in JupyterLab's zh-TW interface, a wrong answer, the check in Chinese.

What `./course.sh lab --lang zh-TW` does, step by step: the learner's
notebooks are written in zh-TW (``pipeline.learner``), JupyterLab starts with
its user settings in the learner's folder (the interface in zh-TW, from the
pinned language pack), and the learner opens notebook 01. No COURSE_LANG is
set: ``course_lib`` finds the language in the notebook's own metadata through
the kernel's JupyterLab session. The learner types a right ``inner_product``
and Ben's ``query_and_key`` (query and key swapped), runs every cell and reads
the instant checks: the right one passes, the wrong one is explained, both in
Chinese.

Screenshots go into $COURSE_SCREENSHOTS, else into the test's temporary
folder; the test prints where. Without chromium (or Playwright) the test is
skipped, and fails under CI=true.
"""

import os
import sys
import time
from pathlib import Path

import pytest

from autograder import pipeline
from autograder.submissions import EXAMPLES, read_answers
from course_lib.messages import text
from jupyterlab_browser import (STEP_TIMEOUT_MS, log_tail, notebook_is_idle, quiet_lab_settings, run_all_cells,
                                running_lab, type_answer)

ASSIGNMENT = "01_one_query_scores"
LANGUAGE = "zh-TW"
BIN = Path(sys.executable).parent
TOKEN = "e2e-learner-token"
SERVER_START_SECONDS = 120



@pytest.fixture
def learner_lab(tmp_path):
    """The zh-TW learner's folder and `jupyter lab` on loopback, started as `./course.sh lab --lang zh-TW` starts it."""
    folder = tmp_path / f"learner-{LANGUAGE}"
    pipeline.learner(folder, LANGUAGE, only=[ASSIGNMENT])
    settings = folder / pipeline.JUPYTERLAB_SETTINGS
    quiet_lab_settings(settings)
    env = {key: value for key, value in os.environ.items() if key not in ("COURSE_LANG", "JUPYTER_PATH")}
    env.update(HOME=str(tmp_path / "home"), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
               PATH=str(BIN) + os.pathsep + os.environ.get("PATH", ""))
    log = tmp_path / "jupyter-lab.log"
    with running_lab(folder, env, log, TOKEN, SERVER_START_SECONDS, [f"--LabApp.user_settings_dir={settings}"]) as url:
        yield {"url": url, "folder": folder, "log": log}


def test_a_learner_reads_the_check_in_chinese_in_a_chinese_jupyterlab(browser, learner_lab, screenshots):
    started = time.monotonic()
    answers = {"inner_product": read_answers(EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py")["inner_product"],
               "query_and_key": read_answers(EXAMPLES / "ben-mistakes" / f"{ASSIGNMENT}.py")["query_and_key"]}
    passed = text("check.passed", LANGUAGE).split("{count}")[0].format(name="inner_product")
    failed = text("check.failed_heading", LANGUAGE).format(name="query_and_key")
    swapped = text("mistake.query_key_swapped.explanation", LANGUAGE)[:12]
    assert passed != text("check.passed", "en").split("{count}")[0].format(name="inner_product"), \
        "the zh-TW catalogue has no translation of check.passed"

    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-TW")
    page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        page.goto(f"{learner_lab['url']}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb?token={TOKEN}")
        # JupyterLab's own interface from the zh-TW language pack (4.5.post3 translates the panels and the
        # status bar, 517 strings; its menus stay in English): the file browser's 名稱 (Name), 模式 (Mode)
        page.locator(".jp-DirListing-header", has_text="名稱").wait_for()
        page.locator(".jp-StatusBar-Widget", has_text="模式").first.wait_for()
        page.locator(".jp-NotebookPanel .jp-CodeCell .cm-content", has_text="def inner_product(").wait_for()
        # the notebook's prose is the zh-TW edition's
        page.locator(".jp-NotebookPanel .jp-MarkdownOutput", has_text="練習").first.wait_for()
        for function, code in answers.items():
            type_answer(page, function, code)
        run_all_cells(page)
        right = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text=passed)
        right.wait_for(timeout=STEP_TIMEOUT_MS)
        wrong = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text=failed)
        wrong.wait_for(timeout=STEP_TIMEOUT_MS)
        notebook_is_idle(page)
        wrong.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "zh-TW_1_check_in_chinese.png"))
        explanation = wrong.inner_text()
    except Exception:
        page.screenshot(path=str(screenshots / "zh-TW_failure.png"))
        print(f"\njupyter lab's log:\n{log_tail(learner_lab['log'])}")
        raise
    finally:
        page.close()
    # the mistake is named, in the learner's language and the lecture's terms
    assert swapped in explanation, explanation
    assert "is not right yet" not in explanation and "With d_in" not in explanation, explanation
    print(f"\nthe zh-TW learner's check, in the browser ({time.monotonic() - started:.0f} s):\n{explanation}\n"
          f"screenshots in {screenshots}")
