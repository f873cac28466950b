"""Does the judge name how a wrong result relates to the right one, in symbols, and stay silent when no relation
holds?"""

import numpy as np
import pytest

from course_lib import shown_weights
from course_lib.relations import relate, relate_shapes

rng = np.random.default_rng(7)
SIZES = {"d_in": 5, "d_k": 7, "d_v": 3, "N": 6}
A_PRIME = rng.dirichlet(np.ones(6), size=6).T  # columns sum to 1
O = rng.standard_normal((3, 6))


def key(got, wanted, formula="(N, N)", args=None, rows=False):
    found = relate(np.asarray(got, dtype=float), wanted, "X", formula, SIZES, args or {}, rows)
    return (found or ("", {}))[0], (found or ("", {}))[1]


def with_entries(wanted, where):
    got = wanted.copy()
    got[where] += 1.0
    return got


@pytest.mark.parametrize("got, expected_key", [
    (A_PRIME.T, "relation.transposed"),
    (A_PRIME / 2.0, "relation.factor_constant"),
    (A_PRIME / 6.0, "relation.factor_named"),
    (-A_PRIME, "relation.negated"),
    (A_PRIME * 1.37, "relation.factor"),
    (A_PRIME.astype(np.float32).astype(float) * (1 + 3e-6), "relation.precision"),
    (np.trunc(A_PRIME * 10), "relation.columns_not_normalised"),  # not a rounding of A': only "not normalised" holds
    (with_entries(A_PRIME, np.eye(6, dtype=bool)), "relation.diagonal"),
    (with_entries(A_PRIME, np.triu(np.ones((6, 6), dtype=bool), 1)), "relation.upper_triangle"),
    (with_entries(A_PRIME, np.tril(np.ones((6, 6), dtype=bool), -1)), "relation.lower_triangle"),
    (with_entries(A_PRIME, (slice(None), slice(4, None))), "relation.last_columns"),
    (with_entries(A_PRIME, (slice(None), [1, 3])), "relation.some_columns"),
    (A_PRIME[:, [1, 0, 2, 3, 4, 5]], "relation.permuted"),
    (np.exp(A_PRIME), "relation.columns_not_normalised"),
    (np.full((6, 6), 1 / 36), "relation.matrix_sums_to_one"),
    (np.trunc(A_PRIME), "relation.truncated"),
])
def test_a_relation_is_named(got, expected_key):
    found, _ = key(got, A_PRIME)
    assert found == (expected_key or "")


def test_a_factor_is_named_by_the_symbol_it_equals():
    found, params = key(O / np.sqrt(SIZES["d_k"]), O, "(d_v, N)")
    assert found == "relation.factor_named" and params["symbols"] == "1/√d_k"


def test_rows_that_sum_to_one_are_named_in_either_convention():
    assert key(A_PRIME.T[:, ::-1][:, ::-1] * 1, A_PRIME)[0] == "relation.transposed"
    rows = A_PRIME.T.copy()
    rows[0, :] = rows[0, ::-1]  # no longer a transpose, rows still sum to 1
    assert key(rows, A_PRIME)[0] == "relation.rows_sum_to_one"
    assert key(A_PRIME, A_PRIME.T.copy() * 1, rows=True)[0] == "relation.transposed"


def test_a_shift_by_one_position_is_named():
    got = np.roll(O, 1, axis=1)
    got[:, 0] = 0.0
    assert key(got, O, "(d_v, N)")[0] == "relation.shifted_later"


def test_all_zeros_is_named():
    assert key(np.zeros((3, 6)), O * 3, "(d_v, N)")[0] == "relation.zeros"


def test_a_ratio_of_two_sizes_is_named_as_one_scaling_where_another_belongs():
    found, params = key(O * np.sqrt(SIZES["d_k"] / SIZES["N"]), O, "(d_v, N)")
    assert found == "relation.factor_ratio" and (params["wrong"], params["right"]) == ("√N", "√d_k")


def test_a_scalar_gets_no_factor_that_is_only_a_coincidence():
    assert key(np.array(3.7), np.array(1.3), "()")[0] == ""
    assert key(np.array(1.3 / 3), np.array(1.3), "()", )[0] == "relation.factor_named"


def test_whole_numbers_and_truncation_are_named():
    wanted = O * 3
    assert key(np.trunc(wanted), wanted, "(d_v, N)")[0] == "relation.truncated"


def test_an_argument_returned_unchanged_and_a_wrong_product_are_named():
    Q, K = rng.standard_normal((7, 6)), rng.standard_normal((7, 6))
    wanted = K.T @ Q
    assert key(K.T @ K, wanted, args={"Q": Q, "K": K})[0] == "relation.product_of_arguments"
    assert key(np.zeros((7, 6)) + Q, Q * 2, "(d_k, N)", args={"Q": Q})[0] == "relation.factor_constant"
    assert key(Q, Q + 1, "(d_k, N)", args={"Q": Q})[0] == "relation.an_argument"


def test_unrelated_numbers_get_no_relation():
    assert key(rng.standard_normal((6, 6)), A_PRIME)[0] == ""
    assert key(rng.standard_normal((3, 6)), O, "(d_v, N)")[0] == ""


def test_shape_relations():
    assert relate_shapes(O.T.copy(), O, "O", "(d_v, N)", SIZES, {})[0] == "relation.transposed_shape"
    assert relate_shapes(O[0][:, None], O[0], "b", "(d_v,)", SIZES, {})[0] == "relation.vector_as_matrix"
    Q, K = rng.standard_normal((7, 6)), rng.standard_normal((7, 6))
    assert relate_shapes(Q * K, K.T @ Q, "A", "(N, N)", SIZES, {"Q": Q, "K": K})[0] == "relation.elementwise"


def _column_softmax(A):
    E = np.exp(A - A.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


_LAYER = {"I": np.ones((3, 5)), "Wq": np.ones((2, 3)), "Wk": np.ones((2, 3)), "Wv": np.ones((4, 3))}
_SCORES = np.random.default_rng(5).standard_normal((5, 5))


@pytest.mark.parametrize("mine, key, fields", [
    (np.exp(_SCORES), "relation.weights_not_normalised", {"kind": "column"}),
    (_column_softmax(_SCORES.T).T, "relation.weights_other_axis", {"kind": "column", "word": "rows"}),
    (_column_softmax(2 * _SCORES), "relation.weights_scores_scaled", {"factor": "2"}),
    (_column_softmax(_SCORES / np.sqrt(5)), "relation.weights_scores_scaled", {"factor": "1/√N"}),
    (_column_softmax(_SCORES - _SCORES.max(axis=1, keepdims=True)), "relation.weights_not_softmax", {}),
])
def test_attention_weights_are_judged_against_the_right_ones(mine, key, fields):
    found = shown_weights.relation(mine, _column_softmax(_SCORES), _LAYER, {"N": 5, "d_in": 3, "d_k": 2, "d_v": 4})
    assert found[0] == key
    assert fields.items() <= found[1].items()


def test_right_weights_get_no_relation_and_positions_in_rows_sum_along_rows():
    right = _column_softmax(_SCORES)
    assert shown_weights.relation(right.copy(), right, _LAYER, {"N": 5}) is None
    rows = {"X": np.ones((5, 3)), "Wq": np.ones((2, 3)), "Wk": np.ones((2, 3)), "Wv": np.ones((4, 3))}
    found = shown_weights.relation(right, right.T, rows, {"N": 5})
    assert found == ("relation.weights_other_axis", {"kind": "row", "kinds": "rows", "word": "columns"})


def test_an_argument_with_its_rows_reordered_is_named_only_when_it_is_so():
    I = rng.standard_normal((5, 4))
    right = I[:, [2, 0, 3, 1]]
    assert key(I[[1, 0, 2, 3, 4]], right, "(d_in, N)", {"I": I})[0] == "relation.argument_rows_reordered"
    assert key(I[[1, 0, 2, 3, 4]] + 1e-3, right, "(d_in, N)", {"I": I})[0] != "relation.argument_rows_reordered"
    assert key(I, right, "(d_in, N)", {"I": I})[0] != "relation.argument_rows_reordered"
