"""A week of a term on a real JupyterHub, in a real browser: two courses, one instructor, two students.

What docs/jupyterhub.md tells an instructor to set up, this test sets up on
loopback and then uses as a class would:

- JupyterHub (pinned in requirements.txt) with configurable-http-proxy from
  the npm registry (./course.sh test installs both), PAM as authenticator,
  LocalProcessSpawner, local accounts made here with useradd and passwords;
- two courses, ``attention-a`` and ``attention-b`` (nbgrader's multiple-courses
  setup): each has its own course root, its own course account and its own
  formgrader, run by the hub as a service; the hub groups ``nbgrader-<course>``
  (students) and ``formgrade-<course>`` (instructors) say who sees what;
- two environments: students' servers start from the student environment
  (requirements-student.txt: JupyterLab, nbgrader's student extensions,
  nothing of this repository), the instructor's and the formgraders' from the
  instructor environment (requirements.txt and a copy of the course readable
  only by the instructors' group).

Then, in Chromium: Ada logs in, sees only her course and no Formgrader or
Create Assignment, fetches, types her answers (autograder/examples/ada-correct),
sees the instant checks pass, validates, submits; from her server the test
checks that no reference answer, hidden test or instructor file can be
imported or read. Ben, in the other course, sees only its assignment and is
refused Ada's course's formgrader. The course account runs the week's
grading (``python -m autograder.week``, what ./course.sh grade runs, as the
instructor types it in the formgrader's terminal): collect, the safe
pipeline, feedback and its release. The instructor sees the graded
submission in the formgrader; Ada fetches her feedback from the Assignments
panel and opens it. Cy, of Ada's course, then submits a cheating notebook
from a terminal (nbgrader submit); Kim, the course's second instructor,
logs in straight to its formgrader, presses Collect and then Autograde on
Cy's submission, which the safe pipeline grades 0 (suspected tampering);
the folder the formgrader's source link names is served by it.

Everything started here is stopped: the hub, the proxy, the servers, the
formgraders, the accounts and their folders. Screenshots go into
$COURSE_SCREENSHOTS, else the test's temporary folder (printed).

It needs root (it creates accounts), chromium and what ./course.sh test
installs into .venv/hub/ (see course.sh); without them it skips, and fails under CI=true.
"""

import grp
import json
import os
import pprint
import pwd
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.adversarial import CATALOGUE, CELLS, build_attack
from autograder.course import REPO, load_source
from autograder.exchange import ensure_exchange
from autograder.safe.grading_run import result_path
from autograder.submissions import EXAMPLES, read_answers
from course_lib.cells import points
from jupyterlab_browser import (STEP_TIMEOUT_MS, free_port, log_tail, missing, nbgrader_menu_commands,
                                open_assignment_list, quiet_lab_settings, run_all_cells, stop, work_on_assignment)

pytestmark = pytest.mark.jupyterhub

ASSIGNMENT = "01_one_query_scores"
# what ./course.sh test installs (course.sh: hub_packages): .venv/hub/, or the folder .venv/hub-location names
_LOCATION = REPO / ".venv" / "hub-location"
HUB_PIECES = Path(_LOCATION.read_text().strip()) if _LOCATION.is_file() else REPO / ".venv" / "hub"
PROXY = HUB_PIECES / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
STUDENT_ENV = HUB_PIECES / "student"
INSTRUCTOR_ENV = HUB_PIECES / "instructor"
COURSE_COPY = HUB_PIECES / "course"  # the instructors' copy of the course, installed in INSTRUCTOR_ENV
JUPYTERHUB = INSTRUCTOR_ENV / "bin" / "jupyterhub"  # the hub runs from the instructor environment too

INSTRUCTORS_GROUP = "ct-instructors"  # the Unix group of the instructor and the course accounts
INSTRUCTOR = "ct-ivy"
SECOND_INSTRUCTOR = "ct-kim"  # of attention-a only: collects and grades from its formgrader
STUDENTS = {"ct-ada": "attention-a", "ct-ben": "attention-b"}  # each student in one course
# a student of attention-a who submits from a terminal (nbgrader submit), a cheating notebook
TERMINAL_STUDENT, TERMINAL_STUDENT_COURSE = "ct-cy", "attention-a"
CHEATING = next(attack for attack in CATALOGUE if attack.name == "patched_allclose")
COURSES = ("attention-a", "attention-b")
MUST_NOT_SEE = {"nbgrader:open-formgrader", "nbgrader:open-formgrader-local", "nbgrader:open-create-assignment",
                "nbgrader:open-course-list"}
# Spawning a server and the first JupyterLab load take long on a loaded 2-core machine.
HUB_START_SECONDS = 120
SPAWN_TIMEOUT_MS = 240_000


def course_account(course):
    return f"ct-{course}"


# --- what is needed -----------------------------------------------------------------------------

@pytest.fixture
def hub_pieces():
    if os.geteuid() != 0:
        missing("the JupyterHub test creates local accounts and runs the hub as root: run it as root")
    for command in ("useradd", "userdel", "groupadd", "groupdel", "chpasswd", "runuser", "node"):
        if shutil.which(command) is None:
            missing(f"the JupyterHub test needs {command} on PATH")
    needed = {"JupyterHub (in the instructor environment)": JUPYTERHUB,
              "configurable-http-proxy (from npm)": PROXY,
              "the student environment": STUDENT_ENV / "bin" / "jupyterhub-singleuser",
              "the instructor environment": INSTRUCTOR_ENV / "bin" / "jupyterhub-singleuser",
              "the instructors' copy of the course": COURSE_COPY / "autograder" / "nbgrader_config.py"}
    for what, path in needed.items():
        if not path.exists():
            missing(f"{what} is not installed ({path}): ./course.sh test installs it (log: {HUB_PIECES / 'install.log'})")


# --- the machine: a folder, accounts, the instructors' copy of the course -----------------------

@pytest.fixture
def srv(hub_pieces):
    """The deployment's folder (in a real one, /srv/nbgrader): homes, course roots, exchange, the hub's state."""
    folder = Path(tempfile.mkdtemp(prefix="course-hub-", dir="/tmp"))
    folder.chmod(0o755)  # the accounts reach their homes and the exchange through it
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _account_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _group_exists(name):
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def _end_processes_of(uids):
    """End the processes run by the test's own accounts (each by its id)."""
    mine = [process for process in psutil.process_iter(["uids"]) if process.info["uids"] and process.info["uids"].real in uids]
    for process in mine:
        try:
            process.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(mine, timeout=10)


def _remove_accounts(names):
    uids = {pwd.getpwnam(name).pw_uid for name in names if _account_exists(name)}
    _end_processes_of(uids)
    for name in names:
        if _account_exists(name):
            subprocess.run(["userdel", name], check=False, capture_output=True)
    if _group_exists(INSTRUCTORS_GROUP):
        subprocess.run(["groupdel", INSTRUCTORS_GROUP], check=False, capture_output=True)


@pytest.fixture
def accounts(srv):
    """{account: password}: the instructors, the students and one account per course; removed afterwards."""
    people = [INSTRUCTOR, SECOND_INSTRUCTOR, *STUDENTS]
    names = people + [TERMINAL_STUDENT] + [course_account(course) for course in COURSES]
    _remove_accounts(names)  # what an interrupted run left
    (srv / "home").mkdir(mode=0o755)
    subprocess.run(["groupadd", INSTRUCTORS_GROUP], check=True)
    passwords = {}
    try:
        for name in names:
            extra = ["--groups", INSTRUCTORS_GROUP] if name not in (*STUDENTS, TERMINAL_STUDENT) else []
            subprocess.run(["useradd", "--create-home", "--home-dir", str(srv / "home" / name), "--shell", "/bin/bash",
                            "--user-group", *extra, name], check=True, capture_output=True)
            passwords[name] = f"pw-{name}-{os.urandom(4).hex()}"
        for name in people:  # JupyterLab without the news toast over the page
            quiet_lab_settings(srv / "home" / name / ".jupyter" / "lab" / "user-settings")
            subprocess.run(["chown", "-R", f"{name}:{name}", srv / "home" / name / ".jupyter"], check=True)
        subprocess.run(["chpasswd"], input="".join(f"{name}:{password}\n" for name, password in passwords.items()),
                       text=True, check=True)
        yield passwords
    finally:
        _remove_accounts(names)


@pytest.fixture
def course_copy(accounts):
    """COURSE_COPY refreshed from this working tree, readable by the instructors' group only; reopened afterwards."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        source, target = REPO / os.fsdecode(name), COURSE_COPY / os.fsdecode(name)
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    os.chown(COURSE_COPY, 0, grp.getgrnam(INSTRUCTORS_GROUP).gr_gid)
    COURSE_COPY.chmod(0o750)
    try:
        yield COURSE_COPY
    finally:
        os.chown(COURSE_COPY, 0, 0)
        COURSE_COPY.chmod(0o755)


# --- the courses: roots, per-course config, the release ----------------------------------------

def as_account(account, srv, *command, root=None):
    """Run ``command`` as ``account`` in the instructor environment, in the course's autograder/ (as its instructor
    would in the formgrader's terminal); return its output."""
    env = ["HOME=" + str(srv / "home" / account), "USER=" + account, "LANG=C.UTF-8",
           f"PATH={INSTRUCTOR_ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"]
    if root is not None:
        env.append(f"COURSE_ROOT={root}")
    result = subprocess.run(["runuser", "-u", account, "--", "env", "-i", *env, *command],
                            cwd=COURSE_COPY / "autograder", capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} as {account} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def course_config(course, exchange):
    """The course root's nbgrader_config.py (autograder/nbgrader_config.py reads it last)."""
    return ("c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.course_id = {course!r}\n"
            f"c.Exchange.root = {str(exchange)!r}\n")


def student_config(exchange):
    """The nbgrader_config.py every user's server reads (JUPYTER_CONFIG_PATH): no course_id, courses from hub groups."""
    return ("from nbgrader.auth import JupyterHubAuthPlugin\n\n"
            "c = get_config()  # noqa: F821\n"
            "c.Authenticator.plugin_class = JupyterHubAuthPlugin\n"
            "c.Exchange.path_includes_course = True\n"
            f"c.Exchange.root = {str(exchange)!r}\n")


@pytest.fixture
def courses(srv, accounts, course_copy):
    """{course: root}: each root owned by its course account, shared with the instructors' group; the assignment
    released into the shared exchange by the course's own commands."""
    exchange = ensure_exchange(srv / "exchange")
    gid = grp.getgrnam(INSTRUCTORS_GROUP).gr_gid
    roots = {}
    for course in COURSES:
        root = srv / "courses" / course
        root.mkdir(parents=True)
        (root / "nbgrader_config.py").write_text(course_config(course, exchange))
        account = pwd.getpwnam(course_account(course))
        for path in (root, root / "nbgrader_config.py"):
            os.chown(path, account.pw_uid, gid)
        root.chmod(0o2770)  # the course account and the instructors; no student
        (root / "nbgrader_config.py").chmod(0o640)
        as_account(account.pw_name, srv, "python", "-m", "autograder.pipeline", "release", ASSIGNMENT, "--root", str(root),
                   root=root)
        as_account(account.pw_name, srv, "nbgrader", "release_assignment", ASSIGNMENT, root=root)
        assert (exchange / course / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file(), \
            f"release_assignment put nothing in {exchange / course / 'outbound'}"
        roots[course] = root
    (srv / "courses").chmod(0o755)
    jupyter = srv / "jupyter"
    jupyter.mkdir(mode=0o755)
    (jupyter / "nbgrader_config.py").write_text(student_config(exchange))
    return {"roots": roots, "exchange": exchange, "jupyter": jupyter}


# --- the hub ------------------------------------------------------------------------------------

def hub_config(srv, courses, ports):
    """jupyterhub_config.py as docs/jupyterhub.md gives it, with this machine's paths and free ports."""
    groups = {"instructors": [INSTRUCTOR, SECOND_INSTRUCTOR]}
    for course in COURSES:
        groups[f"formgrade-{course}"] = [INSTRUCTOR] + [SECOND_INSTRUCTOR] * (course == TERMINAL_STUDENT_COURSE)
        groups[f"nbgrader-{course}"] = [student for student, theirs in STUDENTS.items() if theirs == course]
    services = [{"name": course, "url": f"http://127.0.0.1:{ports[course]}",
                 "command": [str(INSTRUCTOR_ENV / "bin" / "jupyterhub-singleuser"),
                             f"--ServerApp.root_dir={courses['roots'][course]}"],
                 "user": course_account(course), "cwd": str(COURSE_COPY / "autograder"),
                 "environment": {"COURSE_ROOT": str(courses["roots"][course]), "JUPYTERHUB_DEFAULT_URL": "/lab",
                                 "PATH": f"{INSTRUCTOR_ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"},
                 "oauth_no_confirm": True}
                for course in COURSES]
    return f'''c = get_config()  # noqa: F821

# where it listens (a real hub: its public address behind TLS, see docs/jupyterhub.md)
c.JupyterHub.bind_url = "http://127.0.0.1:{ports['public']}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{ports['hub']}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.JupyterHub.db_url = "sqlite:///{srv / 'hub' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{srv / 'hub' / 'jupyterhub_cookie_secret'}"

# who may log in: local accounts, by their Unix password
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = {sorted([INSTRUCTOR, SECOND_INSTRUCTOR, *STUDENTS])!r}

# each user's server runs as that user, from the environment of their role
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {{"JUPYTER_CONFIG_PATH": "{courses['jupyter']}"}}
ENVIRONMENTS = {{"instructors": "{INSTRUCTOR_ENV}", "students": "{STUDENT_ENV}"}}


def choose_environment(spawner):
    role = "instructors" if "instructors" in {{group.name for group in spawner.user.groups}} else "students"
    spawner.cmd = [ENVIRONMENTS[role] + "/bin/jupyterhub-singleuser"]
    spawner.environment = {{**spawner.environment, "PATH": ENVIRONMENTS[role] + "/bin:/usr/local/bin:/usr/bin:/bin"}}


c.Spawner.pre_spawn_hook = choose_environment
# a server's token may read its user's groups (nbgrader's assignment list finds the user's courses from them)
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", "read:users:name!user",
                                 "read:users:groups!user", "list:services", "read:services"]

# courses: students of <course> in nbgrader-<course>, its instructors in formgrade-<course>
c.JupyterHub.load_groups = {{name: {{"users": users}} for name, users in {groups!r}.items()}}
roles = []
for course in {list(COURSES)!r}:
    roles += [
        {{"name": f"formgrade-{{course}}", "groups": [f"formgrade-{{course}}"],
         "scopes": [f"access:services!service={{course}}", "list:services", f"read:services!service={{course}}"]}},
        {{"name": f"nbgrader-{{course}}", "groups": [f"nbgrader-{{course}}"],
         "scopes": ["list:services", f"read:services!service={{course}}"]}},
        # the formgrader's own token: nbgrader reads users' groups and adds students to nbgrader-<course>
        {{"name": f"formgrader-{{course}}", "services": [course],
         "scopes": ["list:users", "read:users:groups", "list:groups", f"groups!group=nbgrader-{{course}}"]}},
    ]
c.JupyterHub.load_roles = roles

# one formgrader per course, run by the hub as the course account
c.JupyterHub.services = {pprint.pformat(services, sort_dicts=False)}
'''


def _hub_answers(url):
    try:
        with urllib.request.urlopen(f"{url}/hub/api/", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@pytest.fixture
def hub(srv, courses, tmp_path):
    """JupyterHub on 127.0.0.1, started as root; stopped afterwards (with its proxy, servers and services)."""
    ports = {"public": free_port(), "hub": free_port(), "proxy_api": free_port(),
             **{course: free_port() for course in COURSES}}
    state = srv / "hub"
    state.mkdir(mode=0o700)
    config = state / "jupyterhub_config.py"
    config.write_text(hub_config(srv, courses, ports))
    log = tmp_path / "jupyterhub.log"
    env = {key: value for key, value in os.environ.items()
           if key not in ("COURSE_ROOT", "COURSE_DB_URL", "NBGRADER_EXCHANGE", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR")}
    env["PATH"] = f"{INSTRUCTOR_ENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    with open(log, "w") as output:
        process = subprocess.Popen([str(JUPYTERHUB), "-f", str(config)], cwd=state, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{ports['public']}"
    try:
        deadline = time.monotonic() + HUB_START_SECONDS
        while not _hub_answers(url):
            if process.poll() is not None:
                pytest.fail(f"jupyterhub exited with {process.returncode}:\n{log_tail(log, 60)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"jupyterhub did not answer within {HUB_START_SECONDS} s:\n{log_tail(log, 60)}", pytrace=False)
            time.sleep(1)
        yield {"url": url, "log": log, "config": config}
    finally:
        stop(process, timeout=60)
        print(f"\njupyterhub's log: {log}")


# --- in the browser -----------------------------------------------------------------------------

def log_in(browser, hub, account, password, shots=None, then=None):
    """A browser context of its own for ``account``, logged in through the hub's login form, JupyterLab open; or,
    with ``then`` (a path on the hub), that page open instead, no server started."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(f"{hub['url']}/hub/login" + (f"?next={then}" if then else ""))
    page.locator("#username_input").fill(account)
    page.locator("#password_input").fill(password)
    if shots is not None:
        page.screenshot(path=str(shots / "0_hub_login.png"))
    page.locator("#login_submit").click()
    if then:
        page.wait_for_url(f"{hub['url']}{then}*")
    else:
        page.locator("li.lm-MenuBar-item", has_text="Nbgrader").wait_for(timeout=SPAWN_TIMEOUT_MS)
    return page


def courses_offered(page):
    """(the courses in the Assignments panel's course menu, the text of its released list)."""
    open_assignment_list(page)
    page.locator("#released_assignments_list .list_item button", has_text="Fetch").first.wait_for()
    courses = page.locator("#course_list li").evaluate_all("items => items.map(item => item.textContent.trim())")
    return sorted(courses), page.locator("#released_assignments_list").inner_text()


LEAK_CHECK = '''import importlib, json, os, sys
found = {}
for name in ("course_lib.reference", "autograder", "autograder.hidden_tests"):
    try:
        importlib.import_module(name)
        found[name] = "imported"
    except Exception as error:
        found[name] = type(error).__name__
sys.path.insert(0, RELEASED)  # the released course_lib, as the fetched notebook imports it
try:
    import course_lib.checks
    found["released course_lib"] = "imported"
    import course_lib.reference
    found["released course_lib.reference"] = "imported"
except Exception as error:
    found["released course_lib.reference"] = type(error).__name__
for path in PATHS:
    try:
        with open(path, "rb") as handle:
            handle.read(1)
        found[path] = "read"
    except Exception as error:
        found[path] = type(error).__name__
print("LEAK-CHECK " + json.dumps(found))
'''


def leak_check_notebook(home, released, paths):
    """A notebook in the student's home that tries to import and read what students must not have."""
    source = f"RELEASED = {str(released)!r}\nPATHS = {[str(path) for path in paths]!r}\n" + LEAK_CHECK
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = home / "leak_check.ipynb"
    nbformat.write(notebook, path)
    owner = home.stat()
    os.chown(path, owner.st_uid, owner.st_gid)
    return path


def run_leak_check(page, hub, student, notebook):
    page.goto(f"{hub['url']}/user/{student}/lab/tree/{notebook.name}")
    page.locator(".jp-NotebookPanel .jp-CodeCell .cm-content", has_text="LEAK-CHECK").wait_for()
    page.wait_for_timeout(1000)  # the kernel of a notebook just opened
    run_all_cells(page)
    output = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text="LEAK-CHECK")
    output.wait_for(timeout=STEP_TIMEOUT_MS)
    return json.loads(output.inner_text().split("LEAK-CHECK", 1)[1])


def instructors_files(courses):
    """Files a student must not read: the course copy's source notebook, reference answers and hidden tests; each
    course root's configuration and gradebook."""
    files = [COURSE_COPY / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
             COURSE_COPY / "course_lib" / "reference" / "__init__.py",
             COURSE_COPY / "autograder" / "hidden_tests" / "__init__.py"]
    for root in courses["roots"].values():
        files += [root / "nbgrader_config.py", root / "gradebook.db"]
    for path in files:
        assert path.is_file(), f"{path} should exist (the test reads it as root)"
    return files


def submit_from_a_terminal(srv, exchange, release, student, course):
    """``student`` submits the cheating notebook with nbgrader's own command, from their home, in the student
    environment (no hub: nbgrader's default authenticator), as a student logged in by ssh would."""
    home = srv / "home" / student
    build_attack(CHEATING, release, home / ASSIGNMENT, COURSE_COPY, release.parent.parent, 0)
    subprocess.run(["chown", "-R", f"{student}:{student}", home / ASSIGNMENT], check=True)
    env = [f"HOME={home}", f"USER={student}", "LANG=C.UTF-8", f"PATH={STUDENT_ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"]
    finished = subprocess.run(["runuser", "-u", student, "--", "env", "-i", *env, "nbgrader", "submit", ASSIGNMENT,
                               f"--course={course}", f"--Exchange.root={exchange}"],
                              cwd=home, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]


def press(page, cell, row_text, shots, name):
    """Press formgrader's button in column ``cell`` of the table row holding ``row_text``; the modal's text."""
    page.locator("tr", has_text=row_text).locator(f"td.{cell} a").first.click()
    modal = page.locator("#success-modal, #error-modal").first
    modal.wait_for(timeout=STEP_TIMEOUT_MS)
    page.screenshot(path=str(shots / name), full_page=True)
    text = modal.inner_text()
    modal.locator(".modal-footer button").click()
    modal.wait_for(state="detached")
    return text


def second_instructor_grades(browser, hub, accounts, courses, shots, pages):
    """The second instructor, in the course's formgrader only (no server of their own): collects the terminal
    student's submission and grades it with the Autograde button; opens the assignment's source."""
    course, root = TERMINAL_STUDENT_COURSE, courses["roots"][TERMINAL_STUDENT_COURSE]
    formgrader = f"/services/{course}/formgrader"
    page = log_in(browser, hub, SECOND_INSTRUCTOR, accounts[SECOND_INSTRUCTOR], shots,
                  then=f"{formgrader}/manage_assignments")
    pages.append(page)
    page.locator("tr", has_text=ASSIGNMENT).locator("td.collect a").wait_for()
    said = press(page, "collect", ASSIGNMENT, shots, "1_collected.png")
    assert "Successfully collected" in said, said
    assert (root / "submitted" / TERMINAL_STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file(), said

    # the source link: formgrader links to the source folder under its server's root, which serves it
    source = page.request.get(f"{hub['url']}{formgrader}/api/assignment/{ASSIGNMENT}").json()["source_path"]
    listing = page.request.get(f"{hub['url']}/services/{course}/api/contents/{source}")
    assert listing.ok and f"{ASSIGNMENT}.ipynb" in listing.text(), (source, listing.status)

    page.goto(f"{hub['url']}{formgrader}/manage_submissions/{ASSIGNMENT}")
    page.locator("tr", has_text=TERMINAL_STUDENT).locator("td.autograde a").wait_for()
    assert "needs autograding" in page.locator("tr", has_text=TERMINAL_STUDENT).inner_text()
    said = press(page, "autograde", TERMINAL_STUDENT, shots, "2_autograded.png")
    assert "Successfully autograded" in said and "safe pipeline" in said, said
    cells = json.loads(result_path(root, ASSIGNMENT, TERMINAL_STUDENT).read_text())["cells"]
    assert [(cell["grade_id"], cell["status"], cell["points"]) for cell in cells] == \
        [(grade_id, status, 0) for grade_id, status in zip(CELLS, CHEATING.expected)], cells
    row = page.locator("tr", has_text=TERMINAL_STUDENT)
    row.get_by_text(f"0 / {sum(points(cell) for cell in load_source(ASSIGNMENT).cells):g}").wait_for()
    assert "needs autograding" not in row.inner_text(), row.inner_text()
    page.screenshot(path=str(shots / "3_graded.png"), full_page=True)
    other = page.goto(f"{hub['url']}/services/{COURSES[1]}/formgrader")
    assert other.status == 403, f"the second instructor of {course} opened the formgrader of {COURSES[1]}"


# --- the term -----------------------------------------------------------------------------------

def test_a_week_of_two_courses_on_jupyterhub(browser, srv, accounts, courses, hub, screenshots):
    started = time.monotonic()
    answers = read_answers(EXAMPLES / "ada-correct" / f"{ASSIGNMENT}.py")
    ada, ben = "ct-ada", "ct-ben"
    course, root = STUDENTS[ada], courses["roots"][STUDENTS[ada]]
    home = srv / "home" / ada
    shots = {name: screenshots / name for name in (ada, ben, INSTRUCTOR, SECOND_INSTRUCTOR)}
    for folder in shots.values():
        folder.mkdir(exist_ok=True)
    pages = []
    try:
        # Ada: her server (the student environment), her course only, no instructor tools
        page = log_in(browser, hub, ada, accounts[ada], shots[ada])
        pages.append(page)
        commands = nbgrader_menu_commands(page, shots[ada] / "0_nbgrader_menu.png")
        assert "nbgrader:open-assignment-list" in commands, commands
        assert not MUST_NOT_SEE & set(commands), f"a student's Nbgrader menu offers {MUST_NOT_SEE & set(commands)}"
        offered, listed = courses_offered(page)
        assert offered == [course], f"Ada's Assignments panel offers the courses {offered}"
        assert course in listed and STUDENTS[ben] not in listed, f"Ada's released assignments: {listed!r}"

        # fetch, answer, check, validate, submit
        fetched = home / course / ASSIGNMENT
        validation = work_on_assignment(page, shots[ada], answers, ASSIGNMENT, fetched / f"{ASSIGNMENT}.ipynb")
        assert "Success" in validation, validation
        assert not (fetched / "course_lib" / "reference").exists(), "the release hands out the reference answers"

        # from inside her server: nothing of the instructors' can be imported or read
        notebook = leak_check_notebook(home, fetched, instructors_files(courses))
        found = run_leak_check(page, hub, ada, notebook)
        page.screenshot(path=str(shots[ada] / "5_leak_check.png"))
        notebook.unlink()
        assert found.pop("released course_lib") == "imported", found
        leaks = {what: outcome for what, outcome in found.items() if outcome in ("imported", "read")}
        assert not leaks, f"a student's server reaches the instructors' files: {leaks}"
        assert all(outcome in ("ModuleNotFoundError", "ImportError") for what, outcome in found.items()
                   if not what.startswith("/")), found
        assert all(outcome == "PermissionError" for what, outcome in found.items() if what.startswith("/")), found

        # Ben, in the other course: sees only its assignment, and is refused the formgrader of Ada's course
        ben_page = log_in(browser, hub, ben, accounts[ben])
        pages.append(ben_page)
        offered, listed = courses_offered(ben_page)
        ben_page.screenshot(path=str(shots[ben] / "1_assignment_list.png"))
        assert offered == [STUDENTS[ben]], f"Ben's Assignments panel offers the courses {offered}"
        assert STUDENTS[ben] in listed and course not in listed, f"Ben's released assignments: {listed!r}"
        refused = ben_page.goto(f"{hub['url']}/services/{course}/formgrader")
        ben_page.screenshot(path=str(shots[ben] / "2_formgrader_refused.png"))
        assert refused.status == 403, f"a student of another course opened the formgrader: {refused.status}"

        # the course account: the week's grading in one command (./course.sh grade runs it): collect, grade
        # safely, feedback, release it, exports and reports
        account = course_account(course)
        print(as_account(account, srv, "python", "-m", "autograder.week", ASSIGNMENT, root=root))
        assert (root / "submitted" / ada / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file(), "collect found no submission"
        result = json.loads(result_path(root, ASSIGNMENT, ada).read_text())
        points = {cell["grade_id"]: (cell["points"], cell["max_points"]) for cell in result["cells"]}
        assert points == {"test_inner_product": (2, 2), "test_query_and_key": (2, 2),
                          "test_scores_one_by_one": (2, 2), "test_one_query_scores": (3, 3)}, points
        assert (root / "feedback" / ada / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
        released = list((courses["exchange"] / course / "feedback").glob("*.html"))
        assert len(released) == 1, f"release_feedback left {released} in the exchange"

        # a student submits from a terminal; the second instructor collects and grades it in the formgrader
        submit_from_a_terminal(srv, courses["exchange"], root / "release" / ASSIGNMENT, TERMINAL_STUDENT, course)
        second_instructor_grades(browser, hub, accounts, courses, shots[SECOND_INSTRUCTOR], pages)

        # the instructor: the instructor environment, the formgrader of the course, the submission in it
        teacher = log_in(browser, hub, INSTRUCTOR, accounts[INSTRUCTOR], shots[INSTRUCTOR])
        pages.append(teacher)
        commands = nbgrader_menu_commands(teacher, shots[INSTRUCTOR] / "0_nbgrader_menu.png")
        assert {"nbgrader:open-formgrader", "nbgrader:open-create-assignment"} <= set(commands), commands
        teacher.goto(f"{hub['url']}/services/{course}/formgrader/manage_submissions/{ASSIGNMENT}")
        teacher.get_by_text(ada).first.wait_for()
        teacher.screenshot(path=str(shots[INSTRUCTOR] / "1_formgrader_submissions.png"), full_page=True)
        assert "needs autograding" not in teacher.locator("body").inner_text(), "formgrader ignores the safe grading"
        # Ada's written question waits for a grade by hand, and the grading view shows its rubric beside it
        formgrader = f"{hub['url']}/services/{course}/formgrader"
        submitted = teacher.request.get(f"{formgrader}/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}").json()
        ada_notebook = next(notebook for notebook in submitted if notebook["student"] == ada)
        assert ada_notebook["needs_manual_grade"] and ada_notebook["max_task_score"] > 0, ada_notebook
        teacher.goto(f"{formgrader}/submissions/{ada_notebook['id']}/?index=0")
        teacher.get_by_text("Rubric").first.wait_for()
        teacher.get_by_text("Model answer.").first.wait_for()
        teacher.screenshot(path=str(shots[INSTRUCTOR] / "2_written_question_with_its_rubric.png"), full_page=True)

        # Ada fetches her feedback from the Assignments panel and reads it in her server
        open_assignment_list(page)
        page.locator("#submitted_assignments_list button", has_text="Fetch Feedback").first.click()
        feedback = sorted((fetched / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        deadline = time.monotonic() + 60
        while not feedback and time.monotonic() < deadline:
            time.sleep(1)
            feedback = sorted((fetched / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert feedback, f"Fetch Feedback put nothing in {fetched / 'feedback'}"
        page.screenshot(path=str(shots[ada] / "6_feedback_fetched.png"))
        shown = feedback[-1].relative_to(home)
        page.goto(f"{hub['url']}/user/{ada}/files/{shown.as_posix()}")
        page.get_by_text("test_inner_product").first.wait_for()
        page.screenshot(path=str(shots[ada] / "7_feedback.png"), full_page=True)
    except Exception:
        for number, open_page in enumerate(pages):
            try:
                open_page.screenshot(path=str(screenshots / f"failure_{number}.png"))
            except Exception:  # noqa: BLE001 (a picture of a failure must not hide the failure)
                pass
        print(f"\njupyterhub's log:\n{log_tail(hub['log'], 80)}")
        raise
    finally:
        for open_page in pages:
            open_page.context.close()
    pictures = sorted(str(path.relative_to(screenshots)) for path in screenshots.rglob("*.png"))
    print(f"\nthe week on JupyterHub took {time.monotonic() - started:.0f} s; screenshots in {screenshots}: "
          f"{', '.join(pictures)}")
