"""What the class got wrong: for each graded cell, the share who passed and, of the rest,
the share behind each named mistake (softmax over rows, the transpose of A, …).

Read from the safe pipeline's result files, so it knows the mistake each
check recognised (a written question, graded by hand, counts as "to grade by
hand" until an instructor has graded it), with the manual grades of formgrader over them
(``final_documents``): a cell counts as passed when it has its full points. Written as a CSV (one row per cell and reason; no cell a
spreadsheet formula), a Markdown table (every cell escaped, never markup)
followed by the comments an instructor wrote in formgrader, per graded cell
(without the students' names), and a bar chart.
"""

from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_lib.exercises import cell_label  # noqa: E402
from course_lib.messages import MISTAKES  # noqa: E402

from ..safe.final_grades import final_documents, full_marks, graded_cells  # noqa: E402
from ..safe.shown_text import SpreadsheetWriter, markdown_escaped  # noqa: E402
from ..safe.verdicts import Status  # noqa: E402

OTHER_REASONS = {"missing": "function not defined", "": "wrong, no named mistake"}
GRADED_DOWN = "points taken off by hand"


def reason_label(cell):
    """The words for why a cell was lost: the named mistake, else the status."""
    if cell["status"] in (Status.PASSED, Status.GRADED_BY_HAND):
        return GRADED_DOWN  # the autograder gave full points, an instructor fewer
    if cell["status"] in (Status.TIMED_OUT, Status.NOT_GRADABLE, Status.SUSPECTED_TAMPERING, Status.TO_GRADE_BY_HAND):
        return cell["status"]
    mistake = cell.get("mistake", "")
    if mistake in MISTAKES and mistake != "wrong_values":
        return MISTAKES[mistake].title
    return OTHER_REASONS.get(mistake, OTHER_REASONS[""])


def tally(root, assignments):
    """[(assignment, cell, students, passed, Counter of reasons)] in notebook order."""
    rows = []
    for assignment in assignments:
        documents = final_documents(root, assignment)
        if not documents:
            continue
        for index, first in enumerate(graded_cells(documents[0])):
            cells = [graded_cells(document)[index] for document in documents]
            passed = sum(full_marks(cell) for cell in cells)
            reasons = Counter(reason_label(cell) for cell in cells if not full_marks(cell))
            rows.append((assignment, first["grade_id"], len(cells), passed, reasons))
    return rows


def comments_given(root, assignments):
    """[(assignment, graded cell, comment)] of every instructor's comment, in notebook order, no student named."""
    found = []
    for assignment in assignments:
        documents = final_documents(root, assignment)
        for index, first in enumerate(graded_cells(documents[0]) if documents else []):
            found += [(assignment, first["grade_id"], graded_cells(document)[index]["comment"]) for document in documents
                      if graded_cells(document)[index]["comment"]]
    return found


def write_class_report(root, assignments):
    """class_report.csv, class_report.md and class_report.png in ``root``; returns their paths."""
    root = Path(root)
    rows = tally(root, assignments)
    csv_path, md_path, png_path = root / "class_report.csv", root / "class_report.md", root / "class_report.png"
    with open(csv_path, "w", newline="") as handle:
        writer = SpreadsheetWriter(handle)
        writer.writerow(["assignment", "cell", "students", "passed", "passed_share", "reason", "count", "share_of_the_rest"])
        for assignment, cell, students, passed, reasons in rows:
            writer.writerow([assignment, cell, students, passed, round(passed / students, 4), "", "", ""])
            for reason, count in reasons.most_common():
                writer.writerow([assignment, cell, students, passed, round(passed / students, 4), reason, count,
                                 round(count / (students - passed), 4)])
    lines = ["# What the class got wrong", "", "| notebook | graded cell | passed | of the rest |", "|---|---|---|---|"]
    for assignment, cell, students, passed, reasons in rows:
        rest = "; ".join(f"{reason} {count / (students - passed):.0%}" for reason, count in reasons.most_common())
        cells = (assignment, cell_label(cell), f"{passed}/{students} ({passed / students:.0%})", rest)
        lines.append("| " + " | ".join(markdown_escaped(text, limit=None) for text in cells) + " |")
    comments = comments_given(root, assignments)
    if comments:
        lines += ["", "## Comments given by hand", "", "| notebook | graded cell | comment |", "|---|---|---|"]
        for assignment, cell, comment in comments:
            cells = (assignment, cell_label(cell), comment.replace("\n", " / "))
            lines.append("| " + " | ".join(markdown_escaped(text, limit=None) for text in cells) + " |")
    md_path.write_text("\n".join(lines) + "\n")
    _chart(rows, png_path)
    return csv_path, md_path, png_path


def _chart(rows, path):
    """One horizontal bar per graded cell: the passed share, then each reason's share of the class."""
    reasons = sorted({reason for *_, counts in rows for reason in counts})
    palette = [colour for index, colour in enumerate(plt.cm.tab20.colors) if index not in (4, 5)]  # no greens
    colours = dict(zip(reasons, palette * 2))
    figure, ax = plt.subplots(figsize=(11, 0.38 * len(rows) + 1.8))
    labels = []
    for y, (assignment, cell, students, passed, counts) in enumerate(rows):
        labels.append(f"{assignment[:2]} {cell_label(cell)}")
        ax.barh(y, passed / students, color="#4daf4a")
        left = passed / students
        for reason in reasons:
            share = counts.get(reason, 0) / students
            if share:
                ax.barh(y, share, left=left, color=colours[reason])
                left += share
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the class")
    handles = [plt.Rectangle((0, 0), 1, 1, color="#4daf4a")] + [plt.Rectangle((0, 0), 1, 1, color=colours[r]) for r in reasons]
    ax.legend(handles, ["passed"] + reasons, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title("What the class got wrong, per graded cell")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
