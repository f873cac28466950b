"""The safe grading pipeline: student code confined, the judge out of its reach.

- ``sandbox``: runs a command confined with bubblewrap (or, where there is
  none, unconfined and saying so), with a time budget and a memory limit.
- ``runner``: runs inside the sandbox: the student's cells, then probes that
  record what the student's functions return on the judge's inputs.
- ``job``: builds what the runner executes, from the instructor's source and
  the student's solution cells only.
- ``verdicts``: judges the recorded results against the reference answers.
- ``batch``: grades a whole assignment in parallel, resumably, into the
  nbgrader gradebook.
"""
