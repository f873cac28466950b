"""Do formgrader's buttons agree with the safe pipeline?

Each button is called as formgrader calls it: nbgrader's ``NbGraderAPI``, in a
process that reads autograder/nbgrader_config.py from its folder, for a course
root of its own released by ``python -m autograder.pipeline release``.
Autograde must grade one submission confined (a cheating notebook that
replaces ``np.allclose`` gets "suspected tampering" and no point, as in the
safe batch, and Manage Submissions shows it graded); Generate must keep the
student course_lib; the link to an assignment's source must open in the
server formgrader runs in (whose root is the course root).
"""

import json
import subprocess
import sys

import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager

from autograder import nbgrader_steps
from autograder.adversarial import ASSIGNMENT, CATALOGUE, CELLS, build_attack
from autograder.course import AUTOGRADER, REPO, SOURCE_LINK, gradebook_url, written_cells
from autograder.reports.gradebook_tables import points_by_student
from autograder.pipeline import release
from autograder.safe.grading_run import result_path

CHEATING = next(attack for attack in CATALOGUE if attack.name == "patched_allclose")

# What formgrader does for a button: load the course's nbgrader configuration from autograder/, then call its API.
CALL = '''import json, sys
from nbgrader.apps.nbgraderapp import NbGraderApp
from nbgrader.apps.api import NbGraderAPI
app = NbGraderApp()
app.initialize([])
api = NbGraderAPI(parent=app)
print("RESULT " + json.dumps(getattr(api, sys.argv[1])(*sys.argv[2:]), default=str))
'''


def formgrader_api(root, method, *arguments):
    finished = subprocess.run([sys.executable, "-c", CALL, method, *arguments], cwd=AUTOGRADER,
                              env=nbgrader_steps.nbgrader_env(root), capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    return json.loads(finished.stdout.split("RESULT ", 1)[1])


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("formgrader") / "course"
    root.mkdir()
    release(root, root / "nbgrader.log", [ASSIGNMENT])
    return root


def test_the_autograde_button_grades_one_submission_confined(course):
    build_attack(CHEATING, course / "release" / ASSIGNMENT, course / "submitted" / CHEATING.student_id / ASSIGNMENT,
                 REPO, course, 0)
    answer = formgrader_api(course, "autograde", ASSIGNMENT, CHEATING.student_id)
    assert answer["success"], answer
    assert "safe pipeline" in answer["log"], answer["log"]
    cells = json.loads(result_path(course, ASSIGNMENT, CHEATING.student_id).read_text())["cells"]
    assert [cell["grade_id"] for cell in cells] == list(CELLS)
    assert [cell["status"] for cell in cells] == list(CHEATING.expected), cells
    points = points_by_student(gradebook_url(course), [ASSIGNMENT])[CHEATING.student_id][ASSIGNMENT]
    assert sum(score for score, _ in points.values()) == pytest.approx(0.0), points
    shown = formgrader_api(course, "get_submissions", ASSIGNMENT)
    mine = next(row for row in shown if row["student"] == CHEATING.student_id)
    assert mine["autograded"] and mine["needs_manual_grade"] == bool(written_cells(ASSIGNMENT)), mine  # written answers


def test_the_autograde_button_says_when_there_is_nothing_to_grade(course):
    answer = formgrader_api(course, "autograde", ASSIGNMENT, "nobody-submitted")
    assert not answer["success"], answer
    assert "no submission of nobody-submitted" in answer["log"], answer["log"]


def test_the_generate_button_keeps_the_student_course_lib(course):
    answer = formgrader_api(course, "generate_assignment", ASSIGNMENT)
    assert answer["success"], answer
    released = course / "release" / ASSIGNMENT
    assert (released / "course_lib" / "messages.py").is_file(), sorted(path.name for path in released.iterdir())
    assert not (released / "course_lib" / "reference").exists(), "Generate handed out the reference answers"


def test_the_source_link_opens_in_the_course_root_s_server(course):
    assignment = formgrader_api(course, "get_assignment", ASSIGNMENT)
    assert assignment["source_path"] == f"{SOURCE_LINK}/{ASSIGNMENT}", assignment
    listing = FileContentsManager(root_dir=str(course)).get(assignment["source_path"], content=True)
    assert listing["type"] == "directory"
    assert f"{ASSIGNMENT}.ipynb" in {entry["name"] for entry in listing["content"]}, listing["content"]
