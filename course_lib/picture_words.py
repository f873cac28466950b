"""The words in the course's pictures and widgets, as templates (English): data owned by ``course_lib.messages``.

``course_lib.plots`` and ``course_lib.widgets`` say them with
``course_lib.messages.say``, so they are translated with every other
message. Formulas are fields ({formula}, {query}, {matrix}: mathtext made
by the code), so a template holds words only and a translation keeps the
notation as it is.
"""

PICTURES = {
    # course_lib.plots
    "plot.query_axis": "query (column)",
    "plot.key_axis": "key (row)",
    "plot.cannot_multiply": "cannot multiply {left} {left_shape} by {right} {right_shape}: {columns} != {rows}",

    # course_lib.widgets
    "widget.needs_ipywidgets": ("The interactive version needs ipywidgets in a live notebook "
                                "(pip install ipywidgets); below is the picture for the starting values."),
    "widget.sliders_text": "[sliders: interactive in a live notebook with ipywidgets]",
    "widget.raised": "{name} raised {type}",
    "widget.wrong_shape": "{name} returned shape {got},\nexpected {wanted}",
    "widget.not_finite": "{name} returned inf or nan",
    "widget.needs_scores": "needs the scores",
    "widget.needs_weights": "needs the weights",
    "widget.query_buttons": "query",
    "widget.entry": "entry {number}",
    "widget.entry_of": "entry {number} of {vector}",
    "widget.weights_column": "column {i} of {matrix}\n(sum {total:.2f})",
    "widget.weights_suptitle": "Query {i}'s weights mix the values: {formula} (your output_one_query)",
    "widget.weights_text": "b^{i} = V A'[:, {column}] for the weights {weights}",
    "widget.plane": "{query} and the keys ({size})",
    "widget.column_of": "column {i} of {matrix}\n{formula}",
    "widget.query_suptitle": ("Move {query}: its scores on the keys change, the softmax of the column turns them "
                              "into weights, and {output} follows"),
    "widget.query_text": "q^{i} = ({entries}): column {i} of A, A' and O",
}
