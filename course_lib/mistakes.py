"""The classic mistakes, by name, with what each means in the lecture's terms.

This module holds only words, no code that computes anything, so it ships in
the student release: the checkers use it to explain a wrong answer. The code
that reproduces each mistake (to recognise it) lives in
``course_lib.reference.mistaken`` and stays with the instructor.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """A named mistake: a short title and an explanation a student can act on."""

    key: str
    title: str
    explanation: str


_CATALOGUE = [
    Mistake("softmax_rows", "softmax over rows",
            "Softmax normalised each ROW of A. In the lecture each column of A holds one "
            "query's scores, so softmax runs down each COLUMN (axis=0) and every column of A' sums to 1."),
    Mistake("scores_transposed", "A = Qᵀ K (the transpose of A)",
            "You computed Qᵀ K, which is the transpose of A. The lecture stacks the keys as ROWS "
            "of Kᵀ and the queries as COLUMNS of Q: A = Kᵀ Q, so that A[j, i] = α_{i,j} and column i "
            "holds query i's scores."),
    Mistake("output_order", "O = A' V instead of O = V A'",
            "The weighted sum multiplies the values on the LEFT: O = V A'. Column i of O is V times "
            "column i of A', i.e. b^i = Σ_j α'_{i,j} v^j."),
    Mistake("output_transposed_values", "O = A' Vᵀ instead of O = V A'",
            "A' Vᵀ is the row convention (positions in rows). With vectors as columns the output is "
            "O = V A', of shape (d_v, N)."),
    Mistake("scaled_unasked", "scaled by √d_k when the exercise does not",
            "The lecture's layer has no 1/√d_k scaling: A = Kᵀ Q as it is. Scaling belongs to a later "
            "notebook that goes beyond the lecture."),
    Mistake("unscaled", "not scaled by √d_k",
            "This exercise divides the scores by √d_k before the softmax."),
    Mistake("softmax_overflow", "softmax overflows on large scores",
            "exp() of a large score (e.g. 1e4) is inf, and inf/inf is nan. Subtract each column's "
            "maximum before exp: the result is the same mathematically and never overflows."),
    Mistake("inputs_for_projections", "used the inputs a^i where q, k or v belong",
            "You used the input vectors a^i directly. Each a^i first goes through its weight matrix: "
            "q^i = W^q a^i, k^i = W^k a^i, v^i = W^v a^i."),
    Mistake("query_key_swapped", "query and key swapped",
            "You returned the key where the query belongs and the query where the key belongs: "
            "q^i = W^q a^i comes first, k^i = W^k a^i second."),
    Mistake("one_weight_for_both", "the same weight matrix for query and key",
            "Query and key come from different learned matrices: q^i = W^q a^i and k^i = W^k a^i."),
    Mistake("scores_not_weights", "returned A instead of A'",
            "You returned the raw scores A. The exercise asks for the attention weights A': softmax "
            "of each column of A."),
    Mistake("weights_not_scores", "returned A' instead of A (normalised too early)",
            "You applied softmax already. This step asks for the raw scores α_{i,j} = (q^i)ᵀ k^j; "
            "the normalisation comes later, as its own step."),
    Mistake("elementwise_not_summed", "multiplied entry by entry without adding up",
            "q * k multiplies the vectors entry by entry. The inner product adds those products up: "
            "α = Σ_m q[m] k[m] = qᵀ k, a single number."),
    Mistake("outer_product", "outer product instead of inner product",
            "q kᵀ (np.outer) is a d_k × d_k matrix. The attention score is the inner product qᵀ k, "
            "a single number."),
    Mistake("inputs_as_rows", "stacked the inputs as rows",
            "np.array(list_of_vectors) or np.stack(..., axis=0) puts each a^i in a ROW. The lecture's I has "
            "a^1 … a^N as its COLUMNS, shape (d_in, N): stack along axis=1."),
    Mistake("positions_in_rows", "one row per position (the other convention)",
            "Your result has one ROW per position, as in code that writes X W (PyTorch's convention). "
            "In this course a position is a COLUMN: Q = W^q I has shape (d_k, N)."),
    Mistake("weights_swapped", "weight matrices mixed up",
            "Each of Q, K, V has its own matrix: Q = W^q I, K = W^k I, V = W^v I, returned in that order."),
    Mistake("normalised_rows", "normalised over rows",
            "You normalised each ROW of A. Each column of A holds one query's scores, so each COLUMN is "
            "divided by its own sum (axis=0)."),
    Mistake("relu_not_normalised", "ReLU without normalising",
            "After ReLU, divide each column by its sum, so that one query's weights add up to 1 like "
            "softmax's do."),
    Mistake("empty_column_nan", "nan for a column with no positive score",
            "When every score in a column is ≤ 0, ReLU leaves only zeros and 0/0 is nan. Such a column "
            "has nothing to share out: leave it all zeros (divide only where the sum is positive)."),
    Mistake("weighted_not_summed", "weighted the values without adding them up",
            "weights[j] * v^j for every j is the right start; b^i is their SUM over j, one vector of "
            "shape (d_v,)."),
    Mistake("summed_over_value_entries", "added up along the wrong axis",
            "You added the weighted values along the entries of each v^j. The weighted sum runs over "
            "the positions j: b^i = Σ_j α'_{i,j} v^j, a vector of shape (d_v,)."),
    Mistake("weights_rows", "used row i of A' instead of column i",
            "Query i's weights α'_{i,1} … α'_{i,N} are COLUMN i of A' (the column that sums to 1). "
            "O = V A' uses columns; V A'ᵀ uses rows."),
    Mistake("counted_scores", "counted A as learned parameters",
            "A = Kᵀ Q (and A') is computed from the inputs, not learned: its N × N entries change with "
            "every input. Only W^q, W^k and W^v are learned."),
    Mistake("missing_value_weights", "forgot W^v",
            "The values have their own learned matrix W^v, of shape (d_v, d_in)."),
    Mistake("changed_inputs", "changed the caller's arrays in place",
            "Your function modified an array that was passed to it (for example with -= or /=, or by "
            "writing into it). Compute a new array instead and leave the inputs as they were."),
    Mistake("wrong_shape", "a result of the wrong shape",
            "The result does not have the shape the lecture's notation gives it."),
    Mistake("wrong_dtype", "a result of the wrong dtype",
            "The result should hold floating-point numbers (float64)."),
    Mistake("raised", "the function raised an exception", "Your function stopped with an error."),
    Mistake("not_written", "not written yet", "The function still raises NotImplementedError."),
    Mistake("not_finite", "nan or inf in the result",
            "The result contains nan or inf, which a correct answer never does on these inputs."),
    Mistake("wrong_values", "wrong values",
            "The result has the right shape but different numbers from the expected ones."),
]

MISTAKES = {mistake.key: mistake for mistake in _CATALOGUE}
