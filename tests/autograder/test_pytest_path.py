"""Does the pytest path (no gradebook) give the same points as the pipeline on every example submission?"""

import json
import subprocess
import sys

from autograder.course import REPO, assignments, graded_cells, written_cells
from autograder.pipeline import EXAMPLE_EDITIONS
from autograder.reports.gradebook_tables import points_by_student
from course_lib.messages import text


def submitted(root, student, assignment):
    return root / "submitted" / student / assignment / f"{assignment}.ipynb"


def test_the_pytest_command_gives_the_gradebooks_points_and_fails_on_lost_points(demo_root, tmp_path):
    gradebook = points_by_student(f"sqlite:///{demo_root / 'gradebook.db'}", assignments())
    for student in ("ada-correct", "ben-mistakes"):
        out = tmp_path / f"{student}.json"
        notebooks = [arg for a in assignments() for arg in ("--notebook", str(submitted(demo_root, student, a)))]
        run = subprocess.run([sys.executable, "-m", "pytest", "autograder/classroom", "-q", "-p", "no:cacheprovider",
                              *notebooks, "--student", student, "--points-json", str(out)],
                             cwd=REPO, capture_output=True, text=True)
        assert run.returncode == (0 if student == "ada-correct" else 1), run.stdout[-2000:]
        report = json.loads(out.read_text())
        for assignment in assignments():
            cells = report[str(submitted(demo_root, student, assignment))]["cells"]
            autograded = {c for c, _ in graded_cells(assignment)}  # the written questions are graded by hand
            assert {c: v["points"] for c, v in cells.items()} == {c: s for c, (s, _) in gradebook[student][assignment].items()
                                                                  if c in autograded}
            assert set(report[str(submitted(demo_root, student, assignment))]["to_grade_by_hand"]) == \
                {c for c, _ in written_cells(assignment)}
    # Ben submits the zh-TW edition: the pytest path, too, names his mistake in his edition's language
    title = text("mistake.query_key_swapped.title", EXAMPLE_EDITIONS["ben-mistakes"])
    assert "".join(title.split()) in "".join(run.stdout.split()), run.stdout[-2000:]
