"""Interactive pictures: move one column of the chain and watch the rest follow.

Two explorers on the course's example (``examples.lecture_chain()``: d_k = 2,
d_v = 5, N = 4). Both compute nothing of the layer themselves: every score,
weight and output comes from the functions the learner passes in, so the
student release holds no answer.

- ``weights_explorer(output_one_query)`` (notebook 04): sliders hold one
  column of A', query i's weights α'_{i,1} … α'_{i,N}. Moving one rescales the
  others so that the column still sums to 1; the picture redraws the values
  v^j, shaded by their weights, and b^i = V A'_{:,i} from ``output_one_query``.
- ``query_explorer(attention_scores, softmax_columns, weighted_sum)``
  (after notebook 03): two sliders move the query q^i in the plane of the
  keys; the picture redraws column i of A = Kᵀ Q (the scores α_{i,j}), column
  i of A' (the weights α'_{i,j}) and b^i, column i of O = V A'.

Each explorer shows itself when it is the last expression of a cell (or is
passed to ``display``): the sliders, then the picture as an ordinary PNG output
that every slider move replaces. A notebook viewer, nbconvert's HTML and
nbgrader's feedback therefore show the picture for the starting values even
without widgets. Without ipywidgets, only the picture is shown, with one line
saying so.
"""

import base64
import io
import uuid

import numpy as np
from IPython.display import display, update_display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .examples import lecture_chain
from .fonts import use_language_font
from .messages import say

Q_RANGE = 5.0  # each entry of the query moves in [-Q_RANGE, Q_RANGE]
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _ipywidgets():
    """The ipywidgets module, or None when it cannot be imported."""
    try:
        import ipywidgets
    except ImportError:
        return None
    return ipywidgets


def _call(name, function, args, shape):
    """Run a learner's function: (result as floats, None), or (None, one line saying what went wrong)."""
    try:
        result = np.asarray(function(*args), dtype=float)
    except Exception as error:  # the learner's code: say what happened in the picture, never raise
        reason = say("widget.raised", name=name, type=type(error).__name__)
        message = str(error)[:60].replace("$", r"\$")  # a "$" would start mathtext in the picture
        return None, reason + (f":\n{message}" if message else "")
    if result.shape != shape:
        return None, say("widget.wrong_shape", name=name, got=result.shape, wanted=shape)
    if not np.all(np.isfinite(result)):
        return None, say("widget.not_finite", name=name)
    return result, None


def _column_bars(ax, values, labels, color, limits, reason=None, annotate=True, alphas=None):
    """Draw a column vector as horizontal bars, first entry on top (the lecture's vectors are columns)."""
    rows = np.arange(len(labels))
    ax.set_yticks(rows, labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    low, high = limits
    if values is not None:
        low, high = min(low, values.min()), max(high, values.max())
    ax.set_xlim(low, high)
    ax.axvline(0, color="black", linewidth=0.8)
    if values is None:
        ax.text(0.5, 0.5, reason, transform=ax.transAxes, ha="center", va="center",
                fontsize=8, color="tab:red", wrap=True)
        return
    bars = ax.barh(rows, values, color=color)
    if alphas is not None:
        for bar, alpha in zip(bars, alphas):
            bar.set_alpha(alpha)
    if annotate:
        for row, value in zip(rows, values):
            ax.text(value, row, f" {value:.2f}", va="center", ha="left" if value >= 0 else "right", fontsize=8)


def _arrow(ax, tip, label, color, width):
    """An arrow from the origin to ``tip``, labelled just beyond its tip."""
    ax.annotate("", xy=tip, xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": color, "linewidth": width})
    length = np.hypot(*tip)
    direction = tip / length if length > 1e-9 else np.array([0.0, 1.0])
    ax.annotate(label, xy=tip, xytext=8 * direction, textcoords="offset points", color=color,
                ha="left" if direction[0] >= -0.3 else "right", va="bottom" if direction[1] >= -0.3 else "top",
                fontsize=11)


def _query_buttons(widgets, N, selected):
    """Buttons q¹ … q^N choosing which query (0-based value) the explorer shows."""
    return widgets.ToggleButtons(
        options=[(f"q{str(i + 1).translate(SUPERSCRIPT)}", i) for i in range(N)], value=selected,
        description=say("widget.query_buttons"), style={"button_width": "3.5em"})


class _Explorer:
    """A figure redrawn from the learner's functions, sliders that move its input, and their display."""

    def __init__(self, figsize):
        use_language_font()
        self.figure = Figure(figsize=figsize, dpi=100)
        FigureCanvasAgg(self.figure)
        self.axes = {}
        self.data = {}
        self.controls = None
        self._syncing = False
        self._shown = False
        self._display_id = f"course-lib-explorer-{uuid.uuid4().hex}"

    def png(self):
        """The current picture as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def _picture(self):
        return {"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": self._describe()}

    def _redraw(self):
        self._draw()
        if self._shown:
            update_display(self._picture(), raw=True, display_id=self._display_id)

    def _ipython_display_(self):
        if self.controls is None:
            print(say("widget.needs_ipywidgets"))
        else:
            bundle = self.controls._repr_mimebundle_() or {}
            bundle["text/plain"] = say("widget.sliders_text")
            display(bundle, raw=True)
        display(self._picture(), raw=True, display_id=self._display_id)
        self._shown = True


class WeightsExplorer(_Explorer):
    """Sliders on one column of A' and the output b^i = V A'_{:,i} they give. See ``weights_explorer``."""

    def __init__(self, output_one_query, query=1):
        super().__init__(figsize=(12, 3.6))
        chain = lecture_chain()
        self.V, self.A_prime = chain["V"], chain["A_prime"]
        self.output_one_query = output_one_query
        self.query = query - 1
        self.weights = self.A_prime[:, self.query].copy()
        d_v, N = self.V.shape
        grid = self.figure.add_gridspec(1, N + 2, width_ratios=[1.4] + [1] * N + [1.3], wspace=0.5)
        self.axes["weights"] = self.figure.add_subplot(grid[0])
        self.axes["values"] = [self.figure.add_subplot(grid[1 + j]) for j in range(N)]
        self.axes["output"] = self.figure.add_subplot(grid[N + 1])
        self.figure.subplots_adjust(left=0.05, right=0.98, top=0.74, bottom=0.16)
        widgets = _ipywidgets()
        if widgets is not None:
            self._build_controls(widgets)
        self._draw()

    def _build_controls(self, widgets):
        N = self.V.shape[1]
        self.query_buttons = _query_buttons(widgets, N, self.query)
        self.sliders = [widgets.FloatSlider(value=float(self.weights[j]), min=0.0, max=1.0, step=0.01,
                                            readout_format=".2f", continuous_update=True,
                                            style={"description_width": "5em"})
                        for j in range(N)]
        self._label_sliders()
        self.query_buttons.observe(self._on_query, names="value")
        for j, slider in enumerate(self.sliders):
            slider.observe(lambda change, j=j: self._on_slider(j, change["new"]), names="value")
        self.controls = widgets.VBox([self.query_buttons, *self.sliders])

    def _label_sliders(self):
        for j, slider in enumerate(self.sliders):
            slider.description = rf"$\alpha'_{{{self.query + 1},{j + 1}}}$"

    def _show_weights_on_sliders(self):
        self._syncing = True
        try:
            for slider, weight in zip(self.sliders, self.weights):
                slider.value = float(weight)
        finally:
            self._syncing = False

    def _on_query(self, change):
        self.set_query(change["new"] + 1)

    def _on_slider(self, j, value):
        if not self._syncing:
            self.set_weight(j + 1, value)

    def set_query(self, query):
        """Start again from column ``query`` (1 … N, the lecture's counting) of the example's A'."""
        self.query = query - 1
        self.weights = self.A_prime[:, self.query].copy()
        if self.controls is not None:
            self._label_sliders()
            self._show_weights_on_sliders()
            if self.query_buttons.value != self.query:
                self.query_buttons.value = self.query
        self._redraw()

    def set_weight(self, key, value):
        """Set α'_{i,key} (key 1 … N) and rescale the other weights so that the column sums to 1."""
        j = key - 1
        value = min(max(float(value), 0.0), 1.0)
        others = np.arange(len(self.weights)) != j
        rest = self.weights[others].sum()
        weights = self.weights.copy()
        weights[j] = value
        if rest > 1e-12:
            weights[others] *= (1.0 - value) / rest
        else:
            weights[others] = (1.0 - value) / others.sum()
        self.weights = weights
        if self.controls is not None:
            self._show_weights_on_sliders()
        self._redraw()

    def _describe(self):
        return say("widget.weights_text", i=self.query + 1, column=self.query,
                   weights=", ".join(f"{w:.2f}" for w in self.weights))

    def _draw(self):
        d_v, N = self.V.shape
        i = self.query + 1
        b, reason = _call("output_one_query", self.output_one_query, (self.V.copy(), self.weights.copy()), (d_v,))
        self.data = {"weights": self.weights.copy(), "output": b}
        keys = [f"$k^{{{j + 1}}}$" for j in range(N)]
        entries = [say("widget.entry", number=m + 1) for m in range(d_v)]
        value_limits = (min(0.0, self.V.min()), self.V.max() * 1.15)

        ax = self.axes["weights"]
        ax.clear()
        _column_bars(ax, self.weights, keys, "tab:orange", (0.0, 1.25))
        ax.set_title(say("widget.weights_column", i=i, matrix="$A'$", total=self.weights.sum()), fontsize=10)
        ax.set_xlabel(rf"$\alpha'_{{{i},j}}$")
        for j, ax in enumerate(self.axes["values"]):
            ax.clear()
            _column_bars(ax, self.V[:, j], entries if j == 0 else [""] * d_v, "tab:blue", value_limits,
                         annotate=False, alphas=[0.15 + 0.85 * self.weights[j]] * d_v)
            sign = "+" if j < N - 1 else "="
            ax.set_title(rf"${self.weights[j]:.2f} \times v^{{{j + 1}}}$  {sign}", fontsize=10)
        ax = self.axes["output"]
        ax.clear()
        _column_bars(ax, b, [""] * d_v, "tab:green", value_limits, reason)
        ax.set_title(rf"$b^{{{i}}} = V\,A'_{{:,{i}}}$", fontsize=10)
        formula = rf"$b^{{{i}}} = \alpha'_{{{i},1}} v^1 + \dots + \alpha'_{{{i},{N}}} v^{N}$"
        self.figure.suptitle(say("widget.weights_suptitle", i=i, formula=formula), fontsize=11)


class QueryExplorer(_Explorer):
    """Sliders on one query q^i and its column of A, A' and O. See ``query_explorer``."""

    def __init__(self, attention_scores, softmax_columns, weighted_sum, query=1):
        super().__init__(figsize=(13, 4.2))
        chain = lecture_chain()
        self.Q, self.K, self.V = chain["Q"], chain["K"], chain["V"]
        self.functions = {"attention_scores": attention_scores, "softmax_columns": softmax_columns,
                          "weighted_sum": weighted_sum}
        self.query = query - 1
        self.q = self.Q[:, self.query].copy()
        # |(q)ᵀ k^j| is at most Q_RANGE times the largest sum of |entries| of a key: a fixed axis for the scores
        self.score_limit = Q_RANGE * np.abs(self.K).sum(axis=0).max()
        grid = self.figure.add_gridspec(1, 4, width_ratios=[1.5, 1, 1, 1], wspace=0.45)
        for n, name in enumerate(("plane", "scores", "weights", "output")):
            self.axes[name] = self.figure.add_subplot(grid[n])
        self.figure.subplots_adjust(left=0.03, right=0.98, top=0.78, bottom=0.08)
        widgets = _ipywidgets()
        if widgets is not None:
            self._build_controls(widgets)
        self._draw()

    def _build_controls(self, widgets):
        N = self.Q.shape[1]
        self.query_buttons = _query_buttons(widgets, N, self.query)
        self.sliders = [widgets.FloatSlider(value=float(self.q[m]), min=-Q_RANGE, max=Q_RANGE, step=0.1,
                                            readout_format=".1f", continuous_update=True,
                                            style={"description_width": "7em"})
                        for m in range(len(self.q))]
        self._label_sliders()
        self.query_buttons.observe(lambda change: self.set_query(change["new"] + 1), names="value")
        for m, slider in enumerate(self.sliders):
            slider.observe(lambda change, m=m: self._on_slider(m, change["new"]), names="value")
        self.controls = widgets.VBox([self.query_buttons, *self.sliders])

    def _label_sliders(self):
        for m, slider in enumerate(self.sliders):
            slider.description = say("widget.entry_of", number=m + 1, vector=f"$q^{{{self.query + 1}}}$")

    def _on_slider(self, m, value):
        if not self._syncing:
            q = self.q.copy()
            q[m] = value
            self.set_q(q)

    def set_query(self, query):
        """Watch query ``query`` (1 … N) and put it back where the example has it, q^i = W^q a^i."""
        self.query = query - 1
        if self.controls is not None:
            self._label_sliders()
            if self.query_buttons.value != self.query:
                self.query_buttons.value = self.query
        self.set_q(self.Q[:, self.query])

    def set_q(self, q):
        """Move the watched query to ``q`` (d_k numbers); the other queries stay where they are."""
        self.q = np.clip(np.asarray(q, dtype=float), -Q_RANGE, Q_RANGE)
        if self.controls is not None:
            self._syncing = True
            try:
                for slider, entry in zip(self.sliders, self.q):
                    slider.value = float(entry)
            finally:
                self._syncing = False
        self._redraw()

    def _describe(self):
        i = self.query + 1
        return say("widget.query_text", i=i, entries=", ".join(f"{x:.1f}" for x in self.q))

    def _draw(self):
        d_v, N = self.V.shape
        i = self.query
        Q = self.Q.copy()
        Q[:, i] = self.q
        f = self.functions
        A, reason_A = _call("attention_scores", f["attention_scores"], (Q, self.K.copy()), (N, N))
        A_prime, reason_W = (None, say("widget.needs_scores")) if A is None else \
            _call("softmax_columns", f["softmax_columns"], (A.copy(),), (N, N))
        O, reason_O = (None, say("widget.needs_weights")) if A_prime is None else \
            _call("weighted_sum", f["weighted_sum"], (self.V.copy(), A_prime.copy()), (d_v, N))
        scores, weights, b = (None if M is None else M[:, i] for M in (A, A_prime, O))
        self.data = {"q": self.q.copy(), "scores": scores, "weights": weights, "output": b}
        keys = [f"$k^{{{j + 1}}}$" for j in range(N)]

        ax = self.axes["plane"]
        ax.clear()
        for j in range(N):
            _arrow(ax, self.K[:, j], f"$k^{{{j + 1}}}$", "tab:gray", 1.2)
        _arrow(ax, self.q, f"$q^{{{i + 1}}}$", "tab:red", 2.0)
        ax.set_xlim(-Q_RANGE - 0.5, Q_RANGE + 0.5)
        ax.set_ylim(-Q_RANGE - 0.5, Q_RANGE + 0.5)
        ax.set_aspect("equal")
        ax.axhline(0, color="black", linewidth=0.5)
        ax.axvline(0, color="black", linewidth=0.5)
        ax.set_title(say("widget.plane", query=f"$q^{{{i + 1}}}$", size="$d_k = 2$"), fontsize=10)

        ax = self.axes["scores"]
        ax.clear()
        _column_bars(ax, scores, keys, "tab:purple", (-self.score_limit, self.score_limit), reason_A)
        ax.set_title(say("widget.column_of", i=i + 1, matrix="$A = K^\\top Q$",
                         formula=rf"$\alpha_{{{i + 1},j}} = (q^{{{i + 1}}})^\top k^j$"), fontsize=10)
        ax = self.axes["weights"]
        ax.clear()
        _column_bars(ax, weights, keys, "tab:orange", (0.0, 1.3), reason_W)
        ax.set_title(say("widget.column_of", i=i + 1, matrix="$A'$ (softmax)", formula=rf"$\alpha'_{{{i + 1},j}}$"),
                     fontsize=10)
        ax = self.axes["output"]
        ax.clear()
        _column_bars(ax, b, [say("widget.entry", number=m + 1) for m in range(d_v)], "tab:green",
                     (min(0.0, self.V.min()), self.V.max() * 1.2), reason_O)
        ax.set_title(say("widget.column_of", i=i + 1, matrix="$O = V A'$", formula=rf"$b^{{{i + 1}}}$"), fontsize=10)
        self.figure.suptitle(say("widget.query_suptitle", query=f"$q^{{{i + 1}}}$",
                                 output=rf"$b^{{{i + 1}}} = V\,A'_{{:,{i + 1}}}$"), fontsize=11)


def weights_explorer(output_one_query, query=1):
    """Sliders on column i of A' (query i's weights, summing to 1) and the output b^i they give.

    Notebook 04. ``output_one_query(V, weights)`` is the learner's own
    b = V weights, with V (d_v, N) = (5, 4) and weights (N,) = (4,); it is
    called on every move. ``query`` (1 … 4) picks the column the sliders start
    from, the example's A'. Moving one weight rescales the others so that the
    column still sums to 1, as a column of A' does.

    Returns a ``WeightsExplorer``: last in a cell (or passed to ``display``) it
    shows the sliders and a picture that follows them; the picture alone when
    widgets are unavailable.
    """
    return WeightsExplorer(output_one_query, query)


def query_explorer(attention_scores, softmax_columns, weighted_sum, query=1):
    """Sliders on query q^i (its d_k = 2 entries) and its column of A = Kᵀ Q, A' and O = V A'.

    After notebook 03. The learner's own functions are called on every move:
    ``attention_scores(Q, K)`` -> A (N, N), ``softmax_columns(A)`` -> A' (N, N),
    ``weighted_sum(V, A')`` -> O (d_v, N), on the course's example with
    column i of Q replaced by the moved q^i. ``query`` (1 … 4) picks i.

    Returns a ``QueryExplorer``: last in a cell (or passed to ``display``) it
    shows the sliders and a picture that follows them; the picture alone when
    widgets are unavailable.
    """
    return QueryExplorer(attention_scores, softmax_columns, weighted_sum, query)
