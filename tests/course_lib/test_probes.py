"""Do the probes (the student's function rerun on changed inputs) locate a mistake, and stay silent on a right one?"""

import numpy as np
import pytest

from course_lib import probes, shown_weights
from course_lib.checks._runner import first_failure
from course_lib.exercises import EXERCISES
from course_lib.numpy_errors import explain as explain_error
from course_lib.reference.answers import as_parts
from course_lib.reference.answers import _reference_function as reference_function
from course_lib.reference.build_check_data import regime_cases
from course_lib.relations import relate
from course_lib.stored_cases import load


def test_a_count_is_read_back_as_a_polynomial_in_the_sizes():
    rng = np.random.default_rng(3)
    points = rng.integers(2, 10, size=(60, 3)).astype(float)
    N, d_k, d_v = points.T
    fitted = probes.fit_polynomial(points, 2 * N * N * d_k + 2 * N * N * d_v - d_k)
    assert fitted == {(2, 1, 0): 2.0, (2, 0, 1): 2.0, (0, 1, 0): -1.0}
    assert probes.format_polynomial({(2, 0, 1): -2.0, (1, 0, 1): 2.0}, ["N", "d_k", "d_v"]) == "- 2 N² d_v + 2 N d_v"
    assert probes.fit_polynomial(points, np.sqrt(N)) is None


def _explained(key, written):
    """What the probes say about ``written`` on the first check case of the exercise ``key``."""
    exercise = EXERCISES[key]
    failure = first_failure(exercise, written)
    assert failure is not None
    return failure[1].relation, failure[1].message


@pytest.mark.parametrize("key, written, relation, words", [
    ("12_cost/attention_flops", lambda N, d_k, d_v: 2 * d_k * N * N, "relation.count_terms", "- 2 N² d_v"),
    ("12_cost/attention_flops", lambda N, d_k, d_v: 2 * d_k * N * N * 2 * d_v * N * N, "relation.count_growth",
     "in N yours grows like N⁴ and the right count like N²"),
    ("10_gradients/softmax_columns_backward", lambda A_prime, dA_prime: A_prime * (1 - A_prime) * dA_prime,
     "relation.gradient_terms", "wrong: how it depends on the other entries of its column"),
    ("10_gradients/softmax_columns_backward",
     lambda A_prime, dA_prime: A_prime * dA_prime / (A_prime * dA_prime).sum(axis=0, keepdims=True),
     "relation.gradient_not_linear", "doubling dA' must double dA"),
])
def test_a_probe_names_what_no_relation_sees(key, written, relation, words):
    found, message = _explained(key, written)
    assert found == relation
    assert words in message


def test_blockwise_attention_right_in_one_block_only():
    def per_block(Q, K, V, block_size):
        O = np.zeros((V.shape[0], Q.shape[1]))
        for start in range(0, Q.shape[1], block_size):
            S = K[:, start:start + block_size].T @ Q
            E = np.exp(S - S.max(axis=0))
            O += V[:, start:start + block_size] @ (E / E.sum(axis=0))
        return O
    assert _explained("12_cost/blockwise_attention", per_block)[0] == "relation.probe_several_blocks"


@pytest.mark.parametrize("key", ["07_multi_head/multi_head_attention", "10_gradients/softmax_columns_backward",
                                 "12_cost/blockwise_attention", "12_cost/attention_flops",
                                 "04_weighted_sum/weighted_sum_loop", "05_whole_layer/self_attention_loop",
                                 "09_row_convention/row_attention", "09_row_convention/torch_style_mha"])
def test_the_stored_probe_answers_are_the_reference_on_the_probes_arguments(key):
    """The judge rebuilds each probe's arguments from the stored case (``probe_args``): the reference's answer
    on them is the stored one, so a right function is never told it is wrong on a probe."""
    exercise = EXERCISES[key]
    reference = exercise.as_function(reference_function(exercise.name))
    for case in load(exercise.notebook)[exercise.label]:
        assert case["probes"], key
        for probe, stored in case["probes"].items():
            args = probes.probe_args(probe, case["args"], case["sizes"])
            got = as_parts(reference(*args.values()), len(exercise.results))
            assert all(np.allclose(g, s, rtol=1e-9, atol=1e-12) for g, s in zip(got, stored)), probe


def test_a_single_number_is_read_as_a_related_quantity():
    O, T = np.arange(6.0).reshape(2, 3), np.ones((2, 3))
    right = np.array(np.mean((O - T) ** 2))
    found = relate(np.array(np.sqrt(right)), right, "loss", "()", {}, {"O": O, "T": T})
    assert found == ("relation.scalar_family", {"quantity": "the square root of the right value"})
    found = relate(np.array(np.mean(np.abs(O - T))), right, "loss", "()", {}, {"O": O, "T": T})
    assert found == ("relation.scalar_family", {"quantity": "the mean of |O − T|"})


@pytest.mark.parametrize("message, operator", [
    ("ufunc 'bitwise_xor' not supported for the input types", "^"),
    ("unsupported operand type(s) for >>: 'float' and 'float'", ">>"),
    ("bad operand type for unary ~: 'float'", "~"),
])
def test_a_bit_operator_on_numbers_is_explained(message, operator):
    assert explain_error("TypeError", message, [], {}) == ("numpy.bit_operator", {"operator": operator})


# Properties of a right answer, asked of the student's function (doubled arguments, shown weights, biases).

def _softmax_rows(S):
    E = np.exp(S - S.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def _row_attention(weights_of):
    """row_attention with its softmax replaced by ``weights_of(scores)``."""
    def written(X, Wq, Wk, Wv):
        Q, K, V = X @ Wq.T, X @ Wk.T, X @ Wv.T
        return weights_of(Q @ K.T / np.sqrt(Q.shape[1])) @ V
    return written


@pytest.mark.parametrize("weights_of, relation, words", [
    (lambda S: np.exp(S - S.max(axis=-1, keepdims=True)), "relation.weights_not_normalised", "do not sum to 1"),
    (lambda S: (lambda E: E / E.sum(axis=0, keepdims=True))(np.exp(S - S.max(axis=-1, keepdims=True))),
     "relation.weights_other_axis", "sum to 1 in each of the columns instead of in each row"),
    (lambda S: _softmax_rows(S * 1.7), "relation.weights_scores_scaled", "multiplied by 1.7"),
    (lambda S: _softmax_rows(S - S.max(axis=0, keepdims=True)), "relation.weights_not_softmax", "not the softmax"),
])
def test_the_weights_inside_a_whole_layer_are_judged_on_inputs_that_show_them(weights_of, relation, words):
    found, message = _explained("09_row_convention/row_attention", _row_attention(weights_of))
    assert found == relation
    assert words in message and "inside row_attention" in message


def test_shown_weights_are_named_only_when_nothing_else_is_wrong():
    """Values from W^q (not W^v) with a right softmax: the weights are right, and the mistake is not in them."""
    def values_from_queries(X, Wq, Wk, Wv):
        Q, K = X @ Wq.T, X @ Wk.T
        return _softmax_rows(Q @ K.T / np.sqrt(Q.shape[1])) @ (X @ Wq.T)[:, :Wv.shape[0]]
    found, _ = _explained("09_row_convention/row_attention", values_from_queries)
    assert not found.startswith("relation.weights_")


@pytest.mark.parametrize("key", ["05_whole_layer/self_attention", "06_scaling_and_masking/masked_attention",
                                 "09_row_convention/row_attention", "09_row_convention/torch_style_mha"])
def test_inputs_that_show_the_weights_keep_the_cases_scores(key):
    """On ``showing_args`` the reference's result is its weights, and those weights rebuild its result on the case."""
    exercise = EXERCISES[key]
    reference = exercise.as_function(reference_function(exercise.name))
    case = load(exercise.notebook)[exercise.label][0]
    args = case["args"]
    weights = shown_weights.read(args, reference(*shown_weights.showing_args(args).values()))
    assert np.allclose(weights.sum(axis=shown_weights.query_axis(args)), 1.0)
    assert np.allclose(shown_weights.rebuilt(args, weights), case["expected"], rtol=1e-9, atol=1e-12)


def test_an_argument_that_is_not_multiplied_is_named_where_the_right_result_doubles_with_it():
    def added(V, weights):
        return sum(weights[j] + V[:, j] for j in range(V.shape[1]))
    found, message = _explained("04_weighted_sum/weighted_sum_loop", added)
    assert found == "relation.probe_not_proportional"
    assert "with V doubled" in message or "with weights doubled" in message


def test_no_proportion_is_asked_where_the_right_result_does_not_double():
    """Softmax does not double with A: a wrong softmax is never told that it should."""
    found, _ = _explained("03_all_scores/softmax_columns", lambda A: np.exp(A) / np.exp(A).sum())
    assert found != "relation.probe_not_proportional"


def _torch_with_bias(operation):
    def written(x, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, num_heads):
        projected = operation(x @ in_proj_weight.T, in_proj_bias)
        d_model = x.shape[-1]
        q, k, v = (projected[..., p * d_model:(p + 1) * d_model] for p in range(3))
        batch, N, _ = x.shape
        d_head = d_model // num_heads
        split = [t.reshape(batch, N, num_heads, d_head).transpose(0, 2, 1, 3) for t in (q, k, v)]
        heads = _softmax_rows(split[0] @ split[1].transpose(0, 1, 3, 2) / np.sqrt(d_head)) @ split[2]
        merged = heads.transpose(0, 2, 1, 3).reshape(batch, N, d_model)
        return merged @ out_proj_weight.T + out_proj_bias
    return written


@pytest.mark.parametrize("operation, relation", [(np.multiply, "relation.bias_multiplied"),
                                                 (np.divide, "relation.bias_divided")])
def test_a_bias_that_multiplies_or_divides_is_named(operation, relation):
    assert first_failure(EXERCISES["09_row_convention/torch_style_mha"], _torch_with_bias(np.add)) is None
    found, message = _explained("09_row_convention/torch_style_mha", _torch_with_bias(operation))
    assert found == relation
    assert "in_proj_bias all ones" in message


def test_the_check_asks_the_hidden_tests_large_scores():
    """exp(S + max) is softmax on small scores and overflows on large ones: the check's regime case catches it."""
    def overflowing(S):
        E = np.exp(S + S.max(axis=-1, keepdims=True))
        return E / E.sum(axis=-1, keepdims=True)
    exercise = EXERCISES["09_row_convention/row_attention"]
    labels = [case["label"] for case in load(exercise.notebook)[exercise.label]]
    assert [label for label, _ in [(c.label, a) for c, a in regime_cases(exercise)]] == labels[len(exercise.checks):]
    failure = first_failure(exercise, _row_attention(overflowing))
    assert failure is not None and failure[0] == labels[-1] and "entries of size about 100" in failure[0]
    assert failure[1].relation == "not_finite"


def test_no_regime_case_where_a_fixed_case_is_like_it():
    """The stable softmax's fixed cases have scores of 1e4 already, and sizes-only exercises have no entries."""
    assert regime_cases(EXERCISES["03_all_scores/softmax_columns:stable"]) == []
    assert regime_cases(EXERCISES["06_scaling_and_masking/causal_mask"]) == []
