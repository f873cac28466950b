"""The safe grading pipeline: student code confined, the judge out of its reach, nothing of a submission trusted.

- ``untrusted_files``, ``untrusted_json``, ``shown_text``: read what a student
  controls without following links, capped and bounded in depth, and store
  and show its text escaped.
- ``answers``: takes the solution cells' code from a submission, checking the
  notebook's shape.
- ``sandbox``: runs a command confined with bubblewrap (or, where there is
  none, unconfined and saying so), with a time budget and a memory limit.
- ``runner``: runs inside the sandbox: the student's cells, then probes that
  record what the student's functions return on the judge's inputs.
- ``job``: builds what the runner executes, from the instructor's source and
  the student's solution cells only.
- ``results``: reads back what the sandbox recorded, and checks every value.
- ``verdicts``: judges the recorded results against the reference answers.
- ``feedback_notebook``: the notebook the student's feedback is made from,
  built from the release.
- ``batch``: grades a whole assignment in parallel, resumably, into the
  nbgrader gradebook, one failure boundary per submission.
- ``cluster``: the batch's sandboxes on the workers of a Dask scheduler
  (``--scheduler``); ``confined_job`` is what a worker runs, and all of the
  course it receives; ``cluster_processes`` starts a scheduler and workers
  on this machine for the test and the benchmark.
"""
