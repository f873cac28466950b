"""Run one notebook's graded code and its instant checks in this process: the fresh process ``progress`` starts.

    python -m course_lib.notebook_checks      (stdin: JSON [cells, [[label, function name, check name], ...]])

Each cell's source runs in one namespace (a cell that raises is passed over,
as a student who runs the notebook top to bottom sees it), with every print
and warning kept from the terminal; then each named function meets its
instant check (``Exercise.check_name`` in ``course_lib.checks``). The last line of stdout is {label: "✓" or "✗"} as JSON.
"""

import contextlib
import io
import json
import sys


def run_checks(cells, labels):
    """{label: "✓" or "✗"}: each check of ``labels`` ([(label, function name, check name)]) after running ``cells``."""
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        import matplotlib

        matplotlib.use("Agg")
        for source in cells:
            try:
                exec(compile(source, "<cell>", "exec"), namespace)
            except BaseException:
                pass
        import course_lib.checks as checks

        results = {}
        for label, name, check_name in labels:
            try:
                getattr(checks, check_name)(namespace[name])
                results[label] = "✓"
            except BaseException:
                results[label] = "✗"
    return results


if __name__ == "__main__":
    print(json.dumps(run_checks(*json.loads(sys.stdin.read()))))
