"""A class, end to end, in a real browser: release, fetch, answer, check, validate, submit, collect, grade.

The instructor releases 01_one_query_scores into an nbgrader exchange (mode
1777, like /tmp). A student's JupyterLab (a `jupyter lab` server on loopback,
started here) is driven by Debian's chromium through Playwright: the
Assignments panel of nbgrader's lab extension fetches the assignment, the
student types Ada's answers into the solution cells, runs the notebook and
sees the instant checks pass, presses nbgrader's Validate button, and submits
from the Assignments panel. The instructor then collects, grades with the safe
pipeline and writes the feedback; the student gets the points Ada deserves.

Screenshots (the released list, the notebook after its checks, the validate
dialog, the submitted list, the feedback) go into $COURSE_SCREENSHOTS, else
into the test's temporary folder; the test prints where.

Without chromium (or Playwright) the test is skipped, and fails under CI=true.
"""

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from autograder import nbgrader_steps, pipeline
from autograder.exchange import ensure_exchange
from autograder.safe.batch import grade_assignment
from autograder.safe.grading_run import result_path
from autograder.submissions import EXAMPLES, read_answers
from jupyterlab_browser import STEP_TIMEOUT_MS, log_tail, quiet_lab_settings, running_lab, work_on_assignment

ASSIGNMENT = "01_one_query_scores"
COURSE_ID = "self-attention"  # as autograder/nbgrader_config.py names the course
BIN = Path(sys.executable).parent
TOKEN = "e2e-classroom-token"
SERVER_START_SECONDS = 120


# --- the instructor's side ----------------------------------------------------------------------

@pytest.fixture
def classroom(tmp_path, monkeypatch):
    """A course root and an exchange, with ASSIGNMENT released into the exchange by the course's own steps."""
    exchange = ensure_exchange(tmp_path / "exchange")
    root = tmp_path / "course"
    root.mkdir()
    # nbgrader_config.py reads both; nbgrader_steps passes the environment on to nbgrader.
    monkeypatch.setenv("NBGRADER_EXCHANGE", str(exchange))
    monkeypatch.setenv("COURSE_ROOT", str(root))
    monkeypatch.delenv("COURSE_DB_URL", raising=False)
    log = root / "nbgrader.log"
    pipeline.release(root, log, [ASSIGNMENT])
    nbgrader_steps.run(root, "release_assignment", ASSIGNMENT, log=log)
    outbound = exchange / COURSE_ID / "outbound" / ASSIGNMENT
    assert (outbound / f"{ASSIGNMENT}.ipynb").is_file(), f"release_assignment put nothing in {outbound}"
    assert (outbound / "course_lib" / "checks").exists(), \
        f"the released assignment lacks course_lib: {sorted(p.name for p in outbound.iterdir())}"
    assert stat.S_IMODE(exchange.stat().st_mode) == 0o1777, oct(exchange.stat().st_mode)
    return {"root": root, "exchange": exchange, "log": log}


# --- the student's JupyterLab -------------------------------------------------------------------

def _student_config(config_dir, exchange):
    """nbgrader's student extensions read nbgrader_config.py from the server's Jupyter config path."""
    config_dir.mkdir(parents=True)
    (config_dir / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n")
    quiet_lab_settings(config_dir / "lab" / "user-settings")



@pytest.fixture
def student_lab(tmp_path, classroom):
    """`jupyter lab` on loopback for one student: their home as root_dir, the course's exchange in their config."""
    home = tmp_path / "student-home"
    home.mkdir()
    config_dir = tmp_path / "student-jupyter-config"
    _student_config(config_dir, classroom["exchange"])
    env = {key: value for key, value in os.environ.items()
           if key not in ("COURSE_ROOT", "COURSE_DB_URL", "NBGRADER_EXCHANGE", "JUPYTER_PATH", "JUPYTER_DATA_DIR")}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(config_dir), JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
               PATH=str(BIN) + os.pathsep + os.environ.get("PATH", ""))
    log = tmp_path / "jupyter-lab.log"
    # The working folder is the student's home: nbgrader's assignment list fetches into
    # Exchange.assignment_dir, ".", which it resolves against the server's working folder.
    with running_lab(home, env, log, TOKEN, SERVER_START_SECONDS) as url:
        yield {"url": url, "home": home, "log": log}


def test_a_student_submits_in_jupyterlab_and_the_instructor_grades_it(browser, classroom, student_lab, screenshots):
    started = time.monotonic()
    root, exchange = classroom["root"], classroom["exchange"]
    answers = read_answers(EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py")
    assert "inner_product" in answers

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        page.goto(f"{student_lab['url']}/lab?token={TOKEN}")
        page.locator("li.lm-MenuBar-item", has_text="Nbgrader").wait_for()
        validation = work_on_assignment(page, screenshots, answers, ASSIGNMENT,
                                        student_lab["home"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    except Exception:
        page.screenshot(path=str(screenshots / "failure.png"))
        print(f"\njupyter lab's log:\n{log_tail(student_lab['log'])}")
        raise
    assert "Success" in validation, validation
    inbound = list((exchange / COURSE_ID / "inbound").iterdir())
    assert len(inbound) == 1, f"Submit left {inbound} in the exchange's inbound"

    # the instructor: collect, grade (safe pipeline), feedback
    nbgrader_steps.run(root, "collect", ASSIGNMENT, log=classroom["log"])
    students = [folder.parent.name for folder in (root / "submitted").glob(f"*/{ASSIGNMENT}")]
    assert len(students) == 1, f"collect found {students}"
    student = students[0]  # the submitting OS user: nbgrader's exchange names submissions by it
    assert (root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    graded, skipped = grade_assignment(root, ASSIGNMENT, log=print)
    assert (graded, skipped) == (1, 0)
    nbgrader_steps.run(root, "generate_feedback", ASSIGNMENT, "--force", log=classroom["log"])

    result = json.loads(result_path(root, ASSIGNMENT, student).read_text())
    cells = {cell["grade_id"]: cell for cell in result["cells"]}
    assert cells["test_inner_product"]["points"] == 2, cells["test_inner_product"]
    assert cells["test_inner_product"]["status"] == "passed", cells["test_inner_product"]
    # Ada's other answers were typed in too, and are right
    assert {grade_id: (cell["points"], cell["max_points"]) for grade_id, cell in cells.items()} == {
        "test_inner_product": (2, 2), "test_query_and_key": (2, 2),
        "test_scores_one_by_one": (2, 2), "test_one_query_scores": (3, 3)}

    feedback = root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
    assert feedback.is_file(), f"no feedback at {feedback}"
    page.goto(feedback.as_uri())
    page.get_by_text("test_inner_product").first.wait_for()
    page.screenshot(path=str(screenshots / "5_feedback.png"), full_page=True)
    page.get_by_text("test_inner_product").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "6_feedback_test_inner_product.png"))
    page.close()

    pictures = sorted(path.name for path in screenshots.glob("*.png"))
    assert {"2_notebook_after_check.png", "3_validate_dialog.png", "5_feedback.png"} <= set(pictures), pictures
    print(f"\n{student} got {sum(c['points'] for c in cells.values()):g}/{sum(c['max_points'] for c in cells.values()):g}"
          f" in the browser test ({time.monotonic() - started:.0f} s); screenshots in {screenshots}: {', '.join(pictures)}")
