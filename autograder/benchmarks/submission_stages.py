"""Benchmark: where one submission's grading time goes, stage by stage.

    python -m autograder.benchmarks.submission_stages ROOT [--per-assignment 2]

Grades up to ``--per-assignment`` submissions of each assignment found in
ROOT/submitted (a course root such as the one ``grading_speed`` builds, with
its gradebook) one after another, each step as the safe pipeline takes it,
confined, and prints the median time of each stage over all of them. Inside
the sandbox the runner is timed from a wrapper script beside it (numpy's
import, the IPython shell, the instructor's setup cells, the student's
solution cells, the probes); the rest of the run is bubblewrap, the control
group, the scratch tmpfs and the interpreter's start.
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ..course import assignments, gradebook_url, graded_cells, load_source
from ..safe.answers import read_answers
from ..safe.batch import submissions
from ..safe.compiled_library import compiled_modules
from ..safe.grade_one import SubmissionGrade, build_job, fingerprint
from ..safe.gradebook_writer import record_scores
from ..safe.grading_run import write_feedback, write_result
from ..safe.job import draw_hidden_cases
from ..safe.lateness import assign_late_penalty
from ..safe.receipt import read_receipt
from ..safe.results import read_results
from ..safe.sandbox import prepare, run_confined
from ..safe.verdicts import judge_submission
from ..settings import SETTINGS

# Runs inside the sandbox in place of runner.py: the runner itself, each kind of its work timed.
_TIMED_RUNNER = '''
import json, time
started = time.perf_counter()
import numpy
numpy_imported = time.perf_counter()
import runner
from IPython.core.interactiveshell import InteractiveShell
InteractiveShell.instance(colors="nocolor")
times = {"numpy import": numpy_imported - started, "IPython shell": time.perf_counter() - numpy_imported,
         "setup cells": 0.0, "solution cells": 0.0, "probes": 0.0}
solutions = set(json.load(open("solution_ids.json")))
code_cells = iter([cell for cell in json.load(open("job.json"))["cells"] if cell["kind"] == "code"])
run_code, run_probe = runner.run_code, runner.run_probe

def timed(kind, function, *args):
    begun = time.perf_counter()
    try:
        return function(*args)
    finally:
        times[kind] += time.perf_counter() - begun

def timed_code(*args):
    return timed("solution cells" if next(code_cells)["grade_id"] in solutions else "setup cells", run_code, *args)

runner.run_code = timed_code
runner.run_probe = lambda *args: timed("probes", run_probe, *args)
try:
    runner.main()
finally:
    times["runner"] = time.perf_counter() - started
    json.dump(times, open("stage_times.json", "w"))
runner.leave()
'''

STAGES = ("read the submission", "build the job (hidden inputs)", "sandbox: bubblewrap, limits, Python start",
          "numpy import", "IPython shell", "setup cells (imports, instructor's code)", "solution cells",
          "probes", "runner's own work", "read results, judge", "feedback notebook", "gradebook transaction",
          "result file")


def _timed(times, stage, function, *args):
    begun = time.perf_counter()
    value = function(*args)
    times[stage] = times.get(stage, 0.0) + time.perf_counter() - begun
    return value


def stages_of_one(root, assignment, student, folder, source, scratch):
    """{stage: seconds} for grading one submission as the safe pipeline does, in this process."""
    times = {}
    answers = _timed(times, "read the submission", read_answers, folder, assignment, source)
    _timed(times, "read the submission", fingerprint, folder, assignment)

    cases = _timed(times, "build the job (hidden inputs)", draw_hidden_cases, assignment, student)
    cells = _timed(times, "build the job (hidden inputs)", build_job, scratch, source, answers, assignment, cases)
    (scratch / "solution_ids.json").write_text(json.dumps(sorted(answers.code)))
    (scratch / "timed_runner.py").write_text(_TIMED_RUNNER)
    run = run_confined(scratch, [sys.executable, "timed_runner.py"], SETTINGS.notebook_budget_seconds)
    inside = json.loads((scratch / "stage_times.json").read_text())
    times["sandbox: bubblewrap, limits, Python start"] = run.seconds - inside["runner"]
    for kind in ("numpy import", "IPython shell", "solution cells", "probes"):
        times[kind] = inside[kind]
    times["setup cells (imports, instructor's code)"] = inside["setup cells"]
    times["runner's own work"] = inside["runner"] - sum(inside[kind] for kind in inside if kind != "runner")
    points = dict(graded_cells(assignment))

    def judge():
        return judge_submission(cells, read_results(scratch, len(cells)), run, cases, points,
                                SETTINGS.notebook_budget_seconds)

    results = _timed(times, "read results, judge", judge)
    grade = SubmissionGrade(student, assignment, results, answers.notes, cells,
                            read_results(scratch, len(cells)), run.seconds)
    _timed(times, "feedback notebook", write_feedback, root, source, grade)
    receipt = read_receipt(folder)

    def store():
        record_scores(gradebook_url(root), assignment, student, results, receipt.timestamp)
        assign_late_penalty(gradebook_url(root), assignment, student)

    _timed(times, "gradebook transaction", store)
    _timed(times, "result file", write_result, root, grade, "", receipt)
    shutil.rmtree(scratch, ignore_errors=True)
    return times


def stage_medians(root, per_assignment=2, log=print):
    """{stage: median seconds} over up to ``per_assignment`` submissions of each assignment in ``root``."""
    prepare()
    compiled_modules()
    collected = defaultdict(list)
    scratch = Path(tempfile.mkdtemp(prefix="course-stages-")) / "job"
    try:
        for assignment in assignments():
            source = load_source(assignment)
            for student, folder in submissions(root, assignment)[:per_assignment]:
                for stage, seconds in stages_of_one(root, assignment, student, folder, source, scratch).items():
                    collected[stage].append(seconds)
            log(f"  {assignment}: done")
    finally:
        shutil.rmtree(scratch.parent, ignore_errors=True)
    return {stage: statistics.median(collected[stage]) for stage in STAGES if collected[stage]}


def print_stages(medians):
    total = sum(medians.values())
    print(f"{'stage':45s} {'median ms':>10s} {'share':>6s}")
    for stage, seconds in medians.items():
        print(f"{stage:45s} {1000 * seconds:10.0f} {100 * seconds / total:5.0f}%")
    print(f"{'sum of the medians':45s} {1000 * total:10.0f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", help="a course root with submitted/ and a gradebook")
    parser.add_argument("--per-assignment", type=int, default=2)
    arguments = parser.parse_args(argv)
    print_stages(stage_medians(Path(arguments.root), arguments.per_assignment))


if __name__ == "__main__":
    main()
