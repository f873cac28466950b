"""What the end-to-end tests share: Debian's chromium through Playwright, and a student's steps in JupyterLab.

The steps are those of nbgrader's lab extension (the Assignments panel's
Fetch and Submit, the notebook's Validate button) and of a student typing
answers into the solution cells; the single-user test
(test_browser_classroom.py) and the JupyterHub test (test_jupyterhub.py)
drive the same ones.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
# Generous: JupyterLab's first load, a kernel start and nbgrader's validation
# each take seconds, and much longer on a loaded 2-core machine.
STEP_TIMEOUT_MS = 120_000


def missing(reason):
    """Skip with ``reason``; under CI=true fail instead: CI must run every end-to-end test."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: this end-to-end test must run here)", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_until_serving(process, url, log, token, seconds):
    """Return once the Jupyter server ``process`` answers at ``url`` (its token ``token``); fail the test with its
    log if it exits or does not answer within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {process.returncode}:\n{log_tail(log)}", pytrace=False)
        try:
            request = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer within {seconds} s:\n{log_tail(log)}", pytrace=False)


@contextmanager
def running_lab(root_dir, env, log, token, start_seconds, extra=()):
    """`jupyter lab` on loopback serving ``root_dir`` (also its working folder), its output in ``log``; yields its
    URL once it answers, and stops it (and everything in its session) afterwards."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
               f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root_dir}", *extra]
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=root_dir, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(process, url, log, token, start_seconds)
        yield url
    finally:
        stop(process)


def stop(process, timeout=30):
    """Stop a server started in a session of its own (SIGTERM: it stops its kernels); then anything left in its group."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the group this test started, and only it
    except (ProcessLookupError, PermissionError):
        pass


def quiet_lab_settings(settings):
    """JupyterLab user settings in ``settings`` (a lab/user-settings folder) that keep the page steady for a test."""
    quiet = {
        # no "get notified about Jupyter news?" toast over the page (and no request off this machine)
        "apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
        # every cell in the DOM, so a check's output far down the notebook can be found
        "notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    written = []
    for name, values in quiet.items():
        path = Path(settings) / "@jupyterlab" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
        written.append(path)
    return written


def nbgrader_menu_commands(page, shot=None):
    """The commands JupyterLab's Nbgrader menu shows (an item whose plugin is disabled stays in the menu, hidden);
    a picture of the open menu into ``shot`` if given. The menu is closed again."""
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    items = page.locator(".lm-Menu .lm-Menu-item[data-command^='nbgrader:']")
    items.first.wait_for(state="attached")
    if shot is not None:
        page.screenshot(path=str(shot))
    commands = sorted(items.evaluate_all(
        "items => items.filter(item => !item.classList.contains('lm-mod-hidden') && item.getClientRects().length"
        " && item.innerText.trim()).map(item => item.dataset.command)"))
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()  # a second click closes it (Escape leaves the bar active)
    items.first.wait_for(state="detached")
    return commands


def open_assignment_list(page):
    page.locator("li.lm-MenuBar-item", has_text="Nbgrader").click()
    page.locator(".lm-Menu-item[data-command='nbgrader:open-assignment-list']").click()
    page.locator("#assignments_toolbar").wait_for()


def notebook_is_idle(page):
    """No code cell queued or running (no '[*]:' prompt)."""
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-NotebookPanel .jp-InputPrompt')]"
        ".some(prompt => prompt.textContent.includes('*'))", timeout=STEP_TIMEOUT_MS)


def run_all_cells(page):
    page.locator("li.lm-MenuBar-item", has_text="Run").click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()


def type_answer(page, function, code):
    """Replace the solution cell that defines ``function`` with ``code``, as a student types it."""
    cell = page.locator(".jp-NotebookPanel .jp-CodeCell",
                        has=page.locator(".cm-content", has_text=f"def {function}("))
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    # insertText puts the text in at once, as typed, but without the editor's auto-indentation
    page.keyboard.insert_text(code.rstrip("\n"))
    assert "NotImplementedError" not in editor.inner_text()


def work_on_assignment(page, shots, answers, assignment, fetched_notebook):
    """In a JupyterLab page already open: fetch ``assignment`` from the Assignments panel, type ``answers``,
    run the notebook and read its instant checks, validate, save and submit; return the validation text.

    ``fetched_notebook`` is where Fetch puts the notebook (the test reads it to see the typed answers saved).
    """
    # the Assignments panel fetches the released assignment from the exchange
    open_assignment_list(page)
    fetch = page.locator("#released_assignments_list button", has_text="Fetch")
    fetch.wait_for()
    page.screenshot(path=str(shots / "1_assignment_list_released.png"))
    fetch.click()
    notebooks = page.locator("#fetched_assignments_list a.assignment-notebooks-link", has_text=assignment)
    notebooks.click()
    page.locator("#fetched_assignments_list .nested_list_item a", has_text=assignment).click()
    assert Path(fetched_notebook).is_file(), f"Fetch put no notebook at {fetched_notebook}"

    # the fetched notebook: the answers typed in, every cell run, the instant checks read
    page.locator(".jp-NotebookPanel .jp-CodeCell .cm-content", has_text=f"def {next(iter(answers))}(").wait_for()
    for function, code in answers.items():
        type_answer(page, function, code)
    run_all_cells(page)
    message = None
    for function in answers:
        message = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text=f"✓ {function} is right")
        message.wait_for(timeout=STEP_TIMEOUT_MS)
    notebook_is_idle(page)
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
    saved = Path(fetched_notebook).read_text()
    assert all(code.strip().splitlines()[-1].strip() in saved for code in answers.values()), \
        "the notebook on disk lacks the answers typed in the browser"

    # submit from the Assignments panel
    page.locator("li.lm-TabBar-tab", has_text="Assignments").click()
    page.locator("#fetched_assignments_list button", has_text="Submit").click()
    page.locator("#submitted_assignments_list .list_item", has_text=assignment).wait_for(timeout=STEP_TIMEOUT_MS)
    page.screenshot(path=str(shots / "4_assignment_list_submitted.png"))
    return validation
