"""Do the probes (the student's function rerun on changed inputs) locate a mistake, and stay silent on a right one?"""

import numpy as np
import pytest

from course_lib import probes
from course_lib.checks._runner import first_failure
from course_lib.exercises import EXERCISES
from course_lib.numpy_errors import explain as explain_error
from course_lib.reference.answers import as_parts
from course_lib.reference.answers import _reference_function as reference_function
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
