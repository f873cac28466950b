"""Do the explorers redraw from the learner's own functions, show a picture without widgets, and hold no answer?"""

import base64
import sys
import tokenize
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from autograder.course import source_notebook
from course_lib import reference, widgets
from course_lib.examples import lecture_chain
from course_lib.messages import say

CHAIN = lecture_chain()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def bars(ax):
    """The lengths of the horizontal bars in one panel, top to bottom (first entry of the column first)."""
    return np.array([bar.get_width() for bar in ax.containers[0]])


def texts(ax):
    return " ".join(text.get_text() for text in ax.texts)


class Spy:
    """A learner's function that records what it was called with."""

    def __init__(self, function):
        self.function, self.calls = function, []

    def __call__(self, *args):
        self.calls.append([np.array(arg) for arg in args])
        return self.function(*args)


@pytest.fixture
def shown(monkeypatch):
    """Record what the explorers send to the notebook instead of sending it."""
    record = {"display": [], "update": []}
    monkeypatch.setattr(widgets, "display", lambda *objs, **kw: record["display"].append((objs, kw)))
    monkeypatch.setattr(widgets, "update_display", lambda *objs, **kw: record["update"].append((objs, kw)))
    return record


def png_of(bundle):
    data = base64.b64decode(bundle["image/png"])
    assert data.startswith(PNG_SIGNATURE)
    return data


# ---- the weights explorer (notebook 04) -------------------------------------------------------


def test_moving_one_weight_redraws_b_with_the_learners_output_one_query():
    learner = Spy(reference.output_one_query)
    explorer = widgets.weights_explorer(learner)
    start = CHAIN["A_prime"][:, 0]
    explorer.sliders[1].value = 0.5
    weights = bars(explorer.axes["weights"])
    assert weights[1] == pytest.approx(0.5)
    assert weights.sum() == pytest.approx(1.0)
    others = [0, 2, 3]
    assert weights[others] == pytest.approx(start[others] * 0.5 / start[others].sum())  # proportions kept
    assert [s.value for s in explorer.sliders] == pytest.approx(weights)
    V, called_with = learner.calls[-1]
    assert np.array_equal(V, CHAIN["V"]) and called_with == pytest.approx(weights)
    assert bars(explorer.axes["output"]) == pytest.approx(reference.output_one_query(CHAIN["V"], weights))


def test_all_the_weight_on_one_key_makes_b_that_value():
    explorer = widgets.weights_explorer(reference.output_one_query)
    explorer.sliders[2].value = 1.0
    assert bars(explorer.axes["weights"]) == pytest.approx([0, 0, 1, 0])
    assert bars(explorer.axes["output"]) == pytest.approx(CHAIN["V"][:, 2])


def test_the_query_buttons_start_again_from_that_column_of_A_prime():
    explorer = widgets.weights_explorer(reference.output_one_query)
    explorer.sliders[0].value = 0.7
    explorer.query_buttons.value = 3  # q^4
    assert [s.value for s in explorer.sliders] == pytest.approx(CHAIN["A_prime"][:, 3])
    assert all("4," in s.description for s in explorer.sliders)  # α'_{4,j}
    assert bars(explorer.axes["output"]) == pytest.approx(CHAIN["O"][:, 3])
    assert "column 4" in explorer.axes["weights"].get_title()


def test_the_weights_picture_is_labelled_in_the_lectures_notation():
    explorer = widgets.weights_explorer(reference.output_one_query)
    keys = [t.get_text() for t in explorer.axes["weights"].get_yticklabels()]
    assert keys == ["$k^{1}$", "$k^{2}$", "$k^{3}$", "$k^{4}$"]
    assert explorer.axes["weights"].get_xlabel() == r"$\alpha'_{1,j}$"
    assert "v^{4}" in explorer.axes["values"][3].get_title()
    assert explorer.axes["output"].get_title().startswith("$b^{1}")


# ---- the query explorer (after notebook 03) ---------------------------------------------------


def expected_columns(q, i, attention_scores=reference.attention_scores, softmax_columns=reference.softmax_columns):
    Q = CHAIN["Q"].copy()
    Q[:, i] = q
    A = attention_scores(Q, CHAIN["K"])
    A_prime = softmax_columns(A)
    return A[:, i], A_prime[:, i], reference.weighted_sum(CHAIN["V"], A_prime)[:, i]


def test_moving_the_query_redraws_its_column_of_A_A_prime_and_O():
    explorer = widgets.query_explorer(reference.attention_scores, reference.softmax_columns, reference.weighted_sum)
    scores, weights, b = expected_columns(CHAIN["Q"][:, 0], 0)
    assert bars(explorer.axes["scores"]) == pytest.approx(scores)  # the lecture's A[:, 0]: 2, 7, 1, 9
    explorer.sliders[0].value = -1.5
    explorer.sliders[1].value = 2.5
    scores, weights, b = expected_columns([-1.5, 2.5], 0)
    assert bars(explorer.axes["scores"]) == pytest.approx(scores)
    assert bars(explorer.axes["weights"]) == pytest.approx(weights)
    assert bars(explorer.axes["output"]) == pytest.approx(b)


def test_the_query_buttons_pick_a_query_and_put_it_where_the_lecture_has_it():
    explorer = widgets.query_explorer(reference.attention_scores, reference.softmax_columns, reference.weighted_sum)
    explorer.query_buttons.value = 3
    assert [s.value for s in explorer.sliders] == pytest.approx(CHAIN["Q"][:, 3])
    assert all("q^{4}" in s.description for s in explorer.sliders)
    assert bars(explorer.axes["output"]) == pytest.approx(CHAIN["O"][:, 3])
    explorer.sliders[0].value = 1.0
    assert bars(explorer.axes["weights"]) == pytest.approx(expected_columns([1.0, CHAIN["Q"][1, 3]], 3)[1])


def test_the_query_explorer_draws_what_the_given_functions_return_even_when_wrong():
    """It computes nothing itself: a softmax over rows (a classic mistake) shows up in the picture."""
    def softmax_rows(A):
        return reference.softmax_columns(A.T).T

    explorer = widgets.query_explorer(reference.attention_scores, softmax_rows, reference.weighted_sum)
    explorer.sliders[1].value = 1.0
    wrong = expected_columns([CHAIN["Q"][0, 0], 1.0], 0, softmax_columns=softmax_rows)[1]
    right = expected_columns([CHAIN["Q"][0, 0], 1.0], 0)[1]
    assert bars(explorer.axes["weights"]) == pytest.approx(wrong)
    assert not np.allclose(wrong, right)


# ---- a learner's function that raises or returns the wrong shape ------------------------------


def test_a_function_that_raises_is_named_in_the_picture_and_nothing_raises():
    def not_written(V, weights):
        raise NotImplementedError()

    explorer = widgets.weights_explorer(not_written)
    explorer.sliders[3].value = 0.2
    assert "output_one_query raised NotImplementedError" in texts(explorer.axes["output"])
    assert not explorer.axes["output"].containers
    assert bars(explorer.axes["weights"])[3] == pytest.approx(0.2)


def test_an_error_message_with_dollar_signs_still_draws():
    def costly(V, weights):
        raise ValueError("costs $5, or $x^2")

    explorer = widgets.weights_explorer(costly)
    assert explorer.png().startswith(PNG_SIGNATURE)
    assert "ValueError" in texts(explorer.axes["output"])


def test_a_result_of_the_wrong_shape_is_named_in_the_picture():
    explorer = widgets.query_explorer(lambda Q, K: Q.T @ K, reference.softmax_columns,
                                      lambda V, A_prime: A_prime @ V.T)  # O = A' Vᵀ: shape (N, d_v)
    assert "weighted_sum returned shape (4, 5)" in texts(explorer.axes["output"])
    assert len(bars(explorer.axes["scores"])) == 4


# ---- what the notebook shows: sliders and a picture, or the picture alone ---------------------


def test_display_shows_the_sliders_then_a_png_that_every_move_replaces(shown):
    explorer = widgets.weights_explorer(reference.output_one_query)
    explorer._ipython_display_()
    (sliders, kw_sliders), (picture, kw_picture) = shown["display"]
    assert WIDGET_VIEW in sliders[0] and sliders[0]["text/plain"] == say("widget.sliders_text")
    assert kw_picture["display_id"] and kw_picture["raw"]
    first = png_of(picture[0])
    explorer.sliders[0].value = 0.4
    (update, kw_update), = shown["update"]
    assert kw_update["display_id"] == kw_picture["display_id"]
    assert png_of(update[0]) != first
    assert "0.40" in update[0]["text/plain"]


@pytest.mark.parametrize("make", [
    lambda: widgets.weights_explorer(reference.output_one_query),
    lambda: widgets.query_explorer(reference.attention_scores, reference.softmax_columns, reference.weighted_sum),
], ids=["weights_explorer", "query_explorer"])
def test_without_ipywidgets_only_the_picture_and_one_line(make, shown, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # `import ipywidgets` now raises ImportError
    explorer = make()
    assert explorer.controls is None
    explorer._ipython_display_()
    assert capsys.readouterr().out == say("widget.needs_ipywidgets") + "\n"
    (picture, kw), = shown["display"]
    assert set(picture[0]) == {"image/png", "text/plain"} and kw["display_id"]
    png_of(picture[0])


def test_without_ipywidgets_the_picture_still_follows_calls(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    explorer = widgets.weights_explorer(reference.output_one_query, query=2)
    explorer.set_weight(1, 1.0)
    assert bars(explorer.axes["output"]) == pytest.approx(CHAIN["V"][:, 0])


def test_nothing_goes_to_stderr_and_nothing_warns(shown, capfd):
    def not_written(*args):
        raise NotImplementedError()

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for explorer in (widgets.weights_explorer(reference.output_one_query),
                         widgets.weights_explorer(not_written),
                         widgets.query_explorer(reference.attention_scores, reference.softmax_columns,
                                                reference.weighted_sum),
                         widgets.query_explorer(not_written, not_written, not_written)):
            explorer._ipython_display_()
            explorer.sliders[0].value = 0.9 if isinstance(explorer, widgets.WeightsExplorer) else -4.0
            explorer.query_buttons.value = 2
            explorer.png()
    assert capfd.readouterr().err == ""


# ---- no answer in the student release ---------------------------------------------------------


def test_the_widget_module_holds_no_solution_code():
    path = Path(widgets.__file__)
    with path.open("rb") as source:
        tokens = list(tokenize.tokenize(source.readline))
    operators = {t.string for t in tokens if t.type == tokenize.OP}
    names = {t.string for t in tokens if t.type == tokenize.NAME}
    assert "@" not in operators, "a matrix product belongs to the learner's functions"
    assert not names & {"exp", "expm1", "matmul", "dot", "einsum", "tensordot", "inner", "vdot", "reference"}
    text = path.read_text()
    for reference_file in Path(reference.__file__).parent.glob("*.py"):
        for line in reference_file.read_text().splitlines():
            code = line.split("#")[0].strip()
            if code.startswith("return ") and len(code) > 12:
                assert code not in text, f"{code!r} from {reference_file.name}"


# ---- notebook 04: the ungraded section after the exercises ------------------------------------


def test_notebook_04_shows_the_explorer_as_a_picture_even_without_widget_state():
    path = source_notebook("04_weighted_sum")
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "explore")
    assert "weights_explorer(output_one_query)" in cell.source
    assert not cell.metadata["nbgrader"]["grade"] and not cell.metadata["nbgrader"]["solution"]
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "explore")
    kinds = [sorted(output.get("data", {})) for output in cell.outputs]
    assert kinds == [["application/vnd.jupyter.widget-view+json", "text/plain"], ["image/png", "text/plain"]]
    assert base64.b64decode(cell.outputs[1]["data"]["image/png"]).startswith(PNG_SIGNATURE)
    stderr = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not stderr, stderr

    from nbconvert import HTMLExporter

    notebook.metadata.pop("widgets", None)  # a viewer with no widget state
    html, _ = HTMLExporter().from_notebook_node(notebook)
    explore = html[html.index("weights_explorer"):]
    assert "data:image/png;base64," in explore[:200_000]
    assert say("widget.sliders_text") in explore
