"""The safe grading pipeline: student code confined, the judge out of its reach, nothing of a submission trusted.

In the order a submission meets them (``batch`` drives them, ``grade_one`` is one submission's way):

- ``batch``: grades every submission of an assignment, in parallel and resumably, into the gradebook.
- ``cluster``: the batch's sandboxes on the workers of a Dask scheduler (``--scheduler``); ``confined_job``: what a
  worker runs, and all of the course it receives; ``cluster_processes``: a scheduler and workers on this machine.
- ``grading_run``: what both engines do around each submission: the run's job folder, the grade of a failed
  grading process, and storing a grade (feedback notebook, gradebook, result file), by the driver alone.
- ``boundary``: a process and a time limit for each step the grader takes on one submission.
- ``leftovers``: folders named after the grader that made them, so the next run removes what a killed one left.
- ``receipt``: what nbgrader's submit leaves beside the notebook (its timestamp, its feedback key).
- ``grade_one``: one submission: read, build its job, run it confined, judge it, step by step.
- ``untrusted_files``: reads files a student controls: no link followed, regular files only, size-capped.
- ``untrusted_json``: parses JSON a student controls, bounded in depth.
- ``shown_text``: a student's text escaped and capped wherever it is stored or shown.
- ``answers``: the code of the solution cells taken from a submission, and what was noticed on the way.
- ``job``: what the sandbox runs, built from the instructor's source and the student's solution cells only.
- ``sandbox``: runs a command confined with bubblewrap, within a time budget and the ``Limits``.
- ``cgroups``: one control group per run: memory, processes and CPU time for the run as a whole.
- ``scratch_quota``: the scratch folder's quota (a sized tmpfs, else a watch of its size).
- ``runner``: runs inside the sandbox: the cells, then probes recording what the student's functions return.
- ``results``: reads back what the sandbox recorded, as untrusted data, and checks every value.
- ``verdicts``: judges the recorded results against the reference answers; the ``Status`` of a graded cell.
- ``feedback_notebook``: the autograded notebook the student's feedback is made from, built from the release.
- ``gradebook_writer``: one submission's points into nbgrader's gradebook, in one transaction.
- ``lateness``: nbgrader's late penalty, applied as its autograde applies it.
- ``final_grades``: each cell's points as they stand, an instructor's manual grade over the autograder's.

The cell rules it follows are ``course_lib.cells``; its settings are ``autograder.settings``; the reports written
from its results are in ``autograder.reports``.
"""
