"""Does a notebook of any JSON shape, depth, type, encoding and Unicode get a grade row with a status,
while the batch goes on and every honest student in it gets full marks?

Hypothesis builds the submissions from the release (fixed seed, a fixed
number of batches, no shrinking: bounded time in CI):

- structure: the unanswered release with one node of its JSON replaced by any
  JSON value (null, numbers, text with lone surrogates and controls, lists
  and objects, nested up to thousands of levels), or a key dropped: it must
  earn nothing;
- bytes: the unanswered release re-encoded (UTF-16, UTF-32, Latin-1, a BOM),
  cut short or with stray bytes: it must earn nothing;
- text: the honest answers with any text (surrogates, terminal escapes,
  bidirectional overrides) printed and in a comment: full marks, since
  printing or commenting never costs a point.

Each batch mixes one honest submission in; at the end every student's
feedback is generated and checked for the instructor's solutions.
"""

import html
import json

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from autograder import nbgrader_steps
from autograder.adversarial import ASSIGNMENT
from autograder.safe.batch import grade_assignment

BATCHES = 6
PER_BATCH = 6

ODD_CHARACTERS = st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Co"])
TEXT = st.text(st.one_of(st.characters(), ODD_CHARACTERS), max_size=40)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True, allow_infinity=True), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


def _nodes(document):
    """(container, key) of every place in the document where a value sits."""
    stack, places = [document], []
    while stack:
        item = stack.pop()
        children = item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else []
        for key, child in children:
            places.append((item, key))
            stack.append(child)
    return places


@st.composite
def structure(draw, blank):
    document = json.loads(json.dumps(blank))
    places = _nodes(document)
    container, key = places[draw(st.integers(0, len(places) - 1))]
    action = draw(st.sampled_from(["replace", "nest", "drop"]))
    if action == "drop" and isinstance(container, dict):
        del container[key]
    elif action == "nest":
        depth = draw(st.sampled_from([2, 30, 70, 900, 5000]))
        text = json.dumps(document)
        return text.replace('"cells": [', '"cells": ' + "[" * depth + "[", 1).replace(
            '"metadata": {', '"metadata": {"deep": ' + "[" * depth + "]" * depth + ", ", 1).encode()
    else:
        container[key] = draw(VALUES)
    return json.dumps(document).encode()


@st.composite
def raw_bytes(draw, blank):
    text = json.dumps(blank, ensure_ascii=False).replace("Write", "Wrïte €")
    kind = draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "bom", "cut", "stray"]))
    if kind in ("utf-16", "utf-32", "latin-1"):
        return text.encode(kind, "replace")
    data = text.encode()
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    at = draw(st.integers(0, len(data)))
    if kind == "cut":
        return data[:at]
    return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]


@st.composite
def odd_text_in_code(draw, answered):
    document = json.loads(json.dumps(answered))
    text = draw(TEXT)
    comment = "".join(char for char in text if char not in "\r\n\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    cell = next(c for c in document["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "inner_product")
    cell["source"] = "".join(cell["source"]) + f"\nprint({ascii(text)})\n# {comment}\n"
    return json.dumps(document).encode()


def submissions(course):
    """(kind, bytes of the notebook)."""
    return st.one_of(st.tuples(st.just("structure"), structure(course.blank)),
                     st.tuples(st.just("bytes"), raw_bytes(course.blank)),
                     st.tuples(st.just("text"), odd_text_in_code(course.answered)))


def test_any_notebook_gets_a_status_and_no_batch_stops(fuzz_course, leaks_in):
    course = fuzz_course
    counter = iter(range(BATCHES * 100))
    fuzzed = {}

    @settings(max_examples=BATCHES, derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(st.data())
    def grade_a_batch(data):
        batch = next(counter)
        drawn = data.draw(st.lists(submissions(course), min_size=PER_BATCH, max_size=PER_BATCH))
        students = []
        for number, (kind, raw) in enumerate(drawn):
            student = f"fuzz-{batch}-{number}-{kind}"
            folder = course.root / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            (folder / f"{ASSIGNMENT}.ipynb").write_bytes(raw)
            students.append((student, kind))
        honest = f"honest-{batch}"
        course.honest(honest)
        graded, _ = grade_assignment(course.root, ASSIGNMENT, budget=15, log=lambda line: None)
        assert graded == PER_BATCH + 1
        assert course.points(honest) == course.full_marks
        for student, kind in students:
            earned = course.points(student)
            assert earned == (course.full_marks if kind == "text" else 0), (student, course.graded(student)["cells"])
            fuzzed[student] = kind

    grade_a_batch()
    assert len(fuzzed) == BATCHES * PER_BATCH
    gradebook = course.gradebook()
    assert set(fuzzed) <= set(gradebook)
    nbgrader_steps.run(course.root, "generate_feedback", ASSIGNMENT)
    for student in [*fuzzed, *(f"honest-{batch}" for batch in range(BATCHES))]:
        page = html.unescape((course.root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text())
        assert not leaks_in(page, ASSIGNMENT) and "HIDDEN TESTS" not in page, student
