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
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from autograder import nbgrader_steps, pipeline
from autograder.exchange import ensure_exchange
from autograder.safe.batch import grade_assignment, result_path
from autograder.submissions import EXAMPLES, read_answers

ASSIGNMENT = "01_one_query_scores"
COURSE_ID = "self-attention"  # as autograder/nbgrader_config.py names the course
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
BIN = Path(sys.executable).parent
TOKEN = "e2e-classroom-token"
# Generous: JupyterLab's first load, a kernel start and nbgrader's validation
# each take seconds, and much longer on a loaded 2-core machine.
STEP_TIMEOUT_MS = 120_000
SERVER_START_SECONDS = 120


# --- what is needed: chromium and Playwright --------------------------------------------------

def _missing(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run here; install chromium)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser():
    """Debian's chromium, headless, through Playwright; closed afterwards."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"no chromium at {CHROMIUM}: the end-to-end browser test needs Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed in this environment (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def screenshots(tmp_path):
    folder = Path(os.environ.get("COURSE_SCREENSHOTS") or tmp_path / "screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}", flush=True)
    yield folder
    print(f"\nscreenshots: {folder}", flush=True)


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

def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _student_config(config_dir, exchange):
    """nbgrader's student extensions read nbgrader_config.py from the server's Jupyter config path."""
    config_dir.mkdir(parents=True)
    (config_dir / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n")
    settings = config_dir / "lab" / "user-settings" / "@jupyterlab"
    quiet = {
        # no "get notified about Jupyter news?" toast over the page (and no request off this machine)
        "apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
        # every cell in the DOM, so a check's output far down the notebook can be found
        "notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for name, values in quiet.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))


def _log_tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_until_serving(process, url, log):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {process.returncode}:\n{_log_tail(log)}", pytrace=False)
        try:
            request = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {TOKEN}"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer within {SERVER_START_SECONDS} s:\n{_log_tail(log)}", pytrace=False)


def _stop(process):
    """Stop the server (it shuts its kernels down on SIGTERM); then anything left in its process group."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the group this test started, and only it
    except (ProcessLookupError, PermissionError):
        pass


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
    port = _free_port()
    log = tmp_path / "jupyter-lab.log"
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={home}"]
    with open(log, "w") as output:
        # The working folder is the student's home: nbgrader's assignment list fetches into
        # Exchange.assignment_dir, ".", which it resolves against the server's working folder.
        process = subprocess.Popen(command, cwd=home, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_serving(process, url, log)
        yield {"url": url, "home": home, "log": log}
    finally:
        _stop(process)


# --- the browser steps --------------------------------------------------------------------------

def _open_assignment_list(page):
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    page.locator(".lm-Menu-item[data-command='nbgrader:open-assignment-list']").click()
    page.locator("#assignments_toolbar").wait_for()


def _notebook_is_idle(page):
    """No code cell queued or running (no '[*]:' prompt)."""
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-NotebookPanel .jp-InputPrompt')]"
        ".some(prompt => prompt.textContent.includes('*'))", timeout=STEP_TIMEOUT_MS)


def _type_answer(page, function, code):
    """Replace the solution cell that defines ``function`` with ``code``, as a student types it."""
    cell = page.locator(".jp-NotebookPanel .jp-CodeCell",
                        has=page.locator(".cm-content", has_text=f"def {function}("))
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    # insertText puts the text in at once, as typed, but without the editor's auto-indentation
    page.keyboard.insert_text(code.rstrip("\n"))
    assert "NotImplementedError" not in editor.inner_text()


def _student_works(page, lab, shots, answers):
    """Fetch, answer, check, validate, save and submit, in the student's JupyterLab; return the validation text."""
    page.goto(f"{lab['url']}/lab?token={TOKEN}")
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").wait_for()

    # the Assignments panel fetches the released assignment from the exchange
    _open_assignment_list(page)
    fetch = page.locator("#released_assignments_list button", has_text="Fetch")
    fetch.wait_for()
    page.screenshot(path=str(shots / "1_assignment_list_released.png"))
    fetch.click()
    notebooks = page.locator("#fetched_assignments_list a.assignment-notebooks-link", has_text=ASSIGNMENT)
    notebooks.click()
    page.locator("#fetched_assignments_list .nested_list_item a", has_text=ASSIGNMENT).click()
    assert (lab["home"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file(), "Fetch put no notebook in the student's home"

    # the fetched notebook: Ada's answers typed in, every cell run, the instant checks read
    page.locator(".jp-NotebookPanel .jp-CodeCell .cm-content", has_text="def inner_product(").wait_for()
    for function, code in answers.items():
        _type_answer(page, function, code)
    page.locator("li.lm-MenuBar-item", has_text="Run").click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    message = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text="✓ inner_product is right")
    message.wait_for(timeout=STEP_TIMEOUT_MS)
    for function in answers:
        page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text=f"✓ {function} is right").wait_for(timeout=STEP_TIMEOUT_MS)
    _notebook_is_idle(page)
    message.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "2_notebook_after_check.png"))

    # nbgrader's Validate button (it saves the notebook first), and its dialog
    page.locator(".jp-NotebookPanel .validate-button").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=STEP_TIMEOUT_MS)
    page.locator(".jp-Dialog-header", has_text="Validat").wait_for()
    page.wait_for_timeout(300)  # let the dialog finish its opening animation before the picture
    page.screenshot(path=str(shots / "3_validate_dialog.png"))
    validation = dialog.locator(".jp-Dialog-body").inner_text()
    dialog.locator("button", has_text="Ok").click()
    dialog.wait_for(state="detached")

    # save (Validate saved already; once more, and wait until the tab is clean)
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()
    with page.expect_response(lambda response: "/api/contents/" in response.url and response.request.method == "PUT",
                              timeout=STEP_TIMEOUT_MS) as saving:
        page.keyboard.press("Control+s")
    assert saving.value.ok, f"saving the notebook failed: {saving.value.status}"
    saved = (lab["home"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert "total += q_m * k_m" in saved, "the notebook on disk lacks the answer typed in the browser"

    # submit from the Assignments panel
    page.locator("li.lm-TabBar-tab", has_text="Assignments").click()
    page.locator("#fetched_assignments_list button", has_text="Submit").click()
    page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).wait_for(timeout=STEP_TIMEOUT_MS)
    page.screenshot(path=str(shots / "4_assignment_list_submitted.png"))
    return validation


def test_a_student_submits_in_jupyterlab_and_the_instructor_grades_it(browser, classroom, student_lab, screenshots):
    started = time.monotonic()
    root, exchange = classroom["root"], classroom["exchange"]
    answers = read_answers(EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py")
    assert "inner_product" in answers

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        validation = _student_works(page, student_lab, screenshots, answers)
    except Exception:
        page.screenshot(path=str(screenshots / "failure.png"))
        print(f"\njupyter lab's log:\n{_log_tail(student_lab['log'])}")
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
