"""The words of the classic mistakes, by name: what each means in the lecture's terms (English).

Data owned by ``course_lib.messages``, the one home of what a student reads:
each mistake's title and explanation are its messages ``mistake.<key>.title``
and ``mistake.<key>.explanation``, translated with the other messages; read
them through ``course_lib.messages.mistake(key)``. They are plain text, not
templates (no fields; braces such as α_{i,j} are the notation's). This module
holds only words, so it ships in the student release; the code that
reproduces each mistake (to recognise it) lives in ``course_lib.reference.mistaken``
and stays with the instructor.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """A named mistake: a short title and an explanation a student can act on."""

    key: str
    title: str
    explanation: str


ENGLISH = [
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
            "The lecture's layer has no 1/√d_k scaling: A = Kᵀ Q as it is. Scaling goes beyond the "
            "lecture (notebook 06), and this exercise does not ask for it."),
    Mistake("unscaled", "not scaled by √d_k",
            "This exercise divides the scores by √d_k before the softmax: the square root of the length of the "
            "vectors in each inner product (for a head, the head's own size d_head)."),
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
    Mistake("layer_without_softmax", "O = V A instead of O = V A' (the softmax left out)",
            "Your layer weighted the values with the raw scores A. The weighted sum uses the attention weights: "
            "A' = softmax_columns(A), then O = V A', so that each output b^i is a weighted average of the values."),
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
    Mistake("empty_column_nan", "a column with no positive score gives nan",
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
    # Beyond the lecture: scaling and masking (notebook 06)
    Mistake("scaled_by_d_k", "divided by d_k instead of √d_k",
            "The scores are divided by the SQUARE ROOT of d_k: A / √d_k. An inner product of two random "
            "vectors of length d_k has a spread (standard deviation) of about √d_k, so dividing by √d_k brings "
            "it back to about 1; dividing by d_k shrinks the scores too much and flattens the softmax."),
    Mistake("mask_wrong_triangle", "the mask on the wrong triangle (transposed)",
            "The mask was used transposed. In this course mask[j, i] answers: may query i (column i) attend "
            "to key j (row j)? It lines up with A entry by entry, so a given mask is used as it is, never "
            "mask.T. For the causal mask that is j ≤ i: the entries on and ABOVE the diagonal (np.triu) are "
            "kept; the strictly lower triangle, j > i, holds the future and is masked."),
    Mistake("mask_excludes_self", "a position may not attend to itself",
            "A causal mask lets query i attend to key j when j ≤ i: itself included, so the diagonal stays "
            "allowed (np.triu with k=0, not k=1)."),
    Mistake("window_one_too_many", "the window holds one key too many",
            "A window of size w lets query i see w keys: itself and the w - 1 keys just before it, "
            "j = i - w + 1, …, i, so i - w < j ≤ i. Yours also lets it see key i - w, one key further back."),
    Mistake("window_both_sides", "the window looks ahead as well as back",
            "The sliding window is still causal: query i may see key j only when j ≤ i. Yours keeps the keys "
            "within w of i on both sides, |i - j| < w, so query i also sees keys after it, the future."),
    Mistake("mask_on_queries", "padding masked on the queries instead of the keys",
            "Padding removes KEYS: no query may attend to a padded position j, so mask[j, i] = j < length "
            "(whole ROWS j ≥ length are False). You masked the columns, i.e. the padded queries."),
    Mistake("mask_after_softmax", "the mask applied after the softmax",
            "Zeroing entries after the softmax leaves columns that no longer sum to 1. Mask first (a masked "
            "score takes no part: weight 0), then normalise each column over its allowed entries only."),
    Mistake("masked_column_nan", "a fully masked column gives nan",
            "Filling masked scores with -inf works until a whole column is masked: exp(-inf - (-inf)) is nan. "
            "A query with nothing to attend to gets all-zero weights; compute the softmax over the allowed "
            "entries and leave such a column at 0."),
    Mistake("mask_inverted", "True and False swapped in the mask",
            "In this course's masks True means \"may attend\" and False means \"masked\". You kept the "
            "masked entries and removed the allowed ones."),
    # Multi-head attention (notebook 07)
    Mistake("scaled_by_d_model", "scaled by √d_model instead of the head size",
            "Each head computes its own scores from vectors of the head's size, so each head divides by the "
            "square root of ITS size (d_k, or d_head = d_model / h), not by √d_model = √(h d_k)."),
    Mistake("heads_interleaved", "heads concatenated in the wrong order (rows interleaved)",
            "The heads' outputs go one after the other: all of head 1's features, then all of head 2's, and so "
            "on. With positions in columns these are rows (np.concatenate(list(heads), axis=0) or "
            "heads.reshape(h * d_v, N)); with positions in rows, features r·d_head … (r+1)·d_head - 1 of the last "
            "axis belong to head r. Yours mix the heads, which is what a reshape over the axes in the wrong order "
            "gives; W^o then mixes the wrong numbers."),
    Mistake("heads_reversed", "heads concatenated in the wrong order (last head first)",
            "Head 1's output goes on top, then head 2's, and so on: W^o's columns are ordered the same way."),
    Mistake("split_interleaved", "the heads' rows taken every h-th row (interleaved)",
            "Head 1's weights are the TOP d_k rows of W, head 2's the next d_k rows, and so on: rows "
            "(r-1)·d_k … r·d_k - 1 belong to head r, because row block r of W times I is row block r of "
            "W I = [Q^1; …; Q^h]. W.reshape(h, d_k, d_in) keeps that order; a reshape to (d_k, h, d_in) "
            "followed by a transpose deals the rows out to the heads one by one instead."),
    Mistake("split_reversed", "the heads split in the wrong order (last head first)",
            "The top block of rows of W is head 1's W^{q,1}, as in concat_heads, where head 1's rows are on top."),
    Mistake("heads_side_by_side", "heads placed side by side instead of stacked",
            "With positions in columns, the heads' outputs are stacked vertically, (h d_v, N): column i still "
            "belongs to position i. Side by side (axis=1) would make h N columns."),
    Mistake("missing_output_weights", "W^o left out",
            "After stacking the heads, the layer mixes them with its own learned matrix: O = W^o [O^1; …; O^h]. "
            "W^o (d_out × h d_v) has parameters of its own."),
    Mistake("counted_one_head", "counted the weights of one head only",
            "Every head has its own W^q, W^k and W^v: h (2 d_k + d_v) d_in of them, plus W^o's d_out h d_v."),
    # Positions (notebook 08)
    Mistake("sin_cos_swapped", "sin and cos swapped",
            "Row 2m holds sin(i / 10000^(2m/d_model)) and row 2m+1 the cos of the same angle (rows counted "
            "from 0, as numpy does)."),
    Mistake("positions_from_one", "positions counted from 1",
            "The encoding numbers positions from 0: the first column is the encoding of position 0, where every "
            "sin is 0 and every cos is 1."),
    Mistake("permuted_rows", "permuted the rows instead of the columns",
            "A position is a COLUMN of I, so reordering the positions reorders columns: I[:, order]."),
    Mistake("inverse_permutation", "the inverse permutation",
            "Position i of the result holds the old position order[i]: I[:, order]. You placed old position i "
            "at position order[i], which is the inverse reordering."),
    Mistake("positions_not_added", "positions not added",
            "The layer's input is I + P: the position encodings are added to the inputs before Q, K and V."),
    # The row convention (notebook 09)
    Mistake("convention_mixed", "the two conventions mixed up",
            "With positions in ROWS (X = Iᵀ), each ROW of the scores holds one query's scores, so the softmax "
            "runs along each row (axis=-1): the transpose of the column convention, not the same axis."),
    Mistake("row_scores_transposed", "K_rows Q_rowsᵀ instead of Q_rows K_rowsᵀ",
            "With positions in rows, each query is a ROW and so is its row of scores: scores = Q_rows K_rowsᵀ, "
            "so that scores[i, j] = α_{i,j}. K_rows Q_rowsᵀ is the column convention's A = Kᵀ Q again."),
    Mistake("missing_biases", "the biases left out",
            "nn.MultiheadAttention adds a bias after each projection (in_proj_bias for q, k, v; out_proj_bias "
            "at the end); its output includes them."),
    # Gradients (notebook 10)
    Mistake("jacobian_rows", "the softmax's Jacobian applied over rows",
            "Each column of A' is the softmax of its own column of A, so the backward pass works column by "
            "column: dA[:, i] = (diag(a) - a aᵀ) dA'[:, i] with a = A'[:, i]; the sums run down each column (axis=0)."),
    Mistake("dK_missing_transpose", "a missing transpose in dK",
            "From A = Kᵀ Q: dK = Q dAᵀ (d_k × N). Without the transpose, Q dA mixes the queries' columns where "
            "the keys' belong."),
    Mistake("dQ_missing_transpose", "a wrong transpose in dQ",
            "From A = Kᵀ Q: dQ = K dA (d_k × N), with no transpose on dA."),
    Mistake("forgot_softmax_backward", "the softmax skipped in the backward pass",
            "dA' is the gradient with respect to the weights A'; the chain goes through the softmax before it "
            "reaches A: dA = A' ⊙ (dA' - 1 (1ᵀ (A' ⊙ dA'))), column by column."),
    Mistake("dI_missing_terms", "dI missing a path",
            "I feeds Q, K and V, so its gradient adds three paths: dI = W^qᵀ dQ + W^kᵀ dK + W^vᵀ dV."),
    Mistake("step_too_large", "a step too large for the gradient check",
            "With a large step h, central differences carry an error of order h²: the check then disagrees "
            "with a right gradient. Use h around 1e-5 in float64."),
    Mistake("step_too_small", "a step too small for the gradient check",
            "With a tiny step h, L(W + h) - L(W - h) loses its digits to rounding (about 1e-16 |L| / h): "
            "use h around 1e-5 in float64."),
    Mistake("one_sided_difference", "a one-sided difference",
            "(L(W + h) - L(W)) / h has an error of order h; the central difference "
            "(L(W + h) - L(W - h)) / 2h has an error of order h² and is the one a gradient check uses."),
    # Training (notebook 11)
    Mistake("mse_not_averaged", "the squared errors summed, not averaged",
            "The loss is the MEAN of the squared errors over all entries of O; dO = 2 (O - T) / (number of entries)."),
    Mistake("dO_missing_factor_2", "the 2 missing from dO",
            "The derivative of (o - t)² is 2 (o - t): dO = 2 (O - T) / (number of entries)."),
    Mistake("ascent_not_descent", "stepped up the gradient",
            "Gradient DESCENT subtracts: W ← W - learning_rate · dW. Adding makes the loss grow."),
    Mistake("weight_on_marker_row", "read a column of A' instead of a row",
            "The weight query i gives to key j is A'[j, i]: how much each query attends to the marked key "
            "is ROW marker of A' (one entry per query), A'[marker, :]."),
    # Cost (notebook 12)
    Mistake("counted_multiplies_only", "counted only the multiplications",
            "A product of a (p × n) and an (n × r) matrix does p n r multiplications and about as many "
            "additions: 2 p n r floating-point operations."),
    Mistake("forgot_rescale", "forgot to rescale the earlier sums",
            "When a new block raises the running maximum from m to m_new, what was summed so far was "
            "computed with exp(· - m): multiply the running sum and the running weighted sum by exp(m - m_new) "
            "before adding the new block."),
    Mistake("exp_count_without_c", "left out the rescaling factors",
            "Every call of online_softmax_step evaluates exp twice: E = exp(scores - m_new), one per entry of the "
            "tile, and c = exp(m - m_new), one per query of the block. Count the c's too: how many steps does one "
            "query take part in?"),
    Mistake("exp_count_c_per_entry", "counted a factor c for every entry of a tile",
            "c = exp(m - m_new) has one entry per query of the block, not one per entry of the tile: it rescales "
            "a query's whole running sum at once. A query gets one c for each block of keys."),
    Mistake("exp_count_floor_blocks", "rounded the number of blocks down",
            "When N is not a multiple of block_size, the last block is shorter but still a block, with its own "
            "step and its own c: there are ⌈N / block_size⌉ blocks of keys, -(-N // block_size) in Python, "
            "not N // block_size."),
    Mistake("exp_count_c_per_tile", "counted one factor c per tile",
            "c = exp(m - m_new) is a vector with one entry per query of the block: a tile of a block of n_q "
            "queries needs n_q of them, not one."),
    # The capstone (notebook 13)
    Mistake("cross_entropy_summed", "the loss summed over the positions, not averaged",
            "The loss is the MEAN over the N positions, -(1/N) Σ_i log Ŷ[y_i, i], so that it does not grow "
            "with the length of the window; its gradient carries the same 1/N: dlogits = (Ŷ - Y) / N."),
    Mistake("logits_softmax_rows", "the logits' softmax over rows",
            "Column i of the logits scores every character that may follow position i, so the softmax runs "
            "down each COLUMN (axis=0): every column of Ŷ sums to 1, one distribution per position."),
    Mistake("dlogits_sign_flipped", "the sign of dlogits flipped",
            "The gradient of -log Ŷ[y, i] with respect to column i of the logits is Ŷ[:, i] minus the one-hot "
            "column of y: dlogits = (Ŷ - Y) / N, not (Y - Ŷ) / N. Raising the right character's logit lowers "
            "the loss, so its entry of dlogits is negative."),
    Mistake("log_of_underflowed_softmax", "log of a softmax that underflowed to 0",
            "With logits of size 1000 a probability can be smaller than the smallest float: exp() gives 0 and "
            "log(0) = -inf. Compute log Ŷ directly, log Ŷ = z - max(z) - log Σ exp(z - max(z)) for each column "
            "z: the exp never overflows and the log never sees 0."),
    Mistake("no_causal_mask", "no causal mask: each position sees the future",
            "Without the causal mask query i also attends to the keys after it, j > i, and so sees the very "
            "character it has to predict. Apply the mask before the softmax: mask[j, i] keeps j ≤ i (np.triu), "
            "and the masked entries get weight 0."),
    Mistake("no_residual", "the residual I + O left out",
            "The output layer reads H = I + O, not O alone: the residual keeps each position's own character "
            "and position, and the layer adds what it gathered from the earlier ones. logits = W^out (I + V A')."),
    Mistake("targets_not_shifted", "the targets not shifted by one",
            "Each position must predict the NEXT character: the inputs are ids[:-1] and the targets ids[1:]. "
            "With the same characters as inputs and targets, the model only learns to copy its input."),
    Mistake("targets_shifted_back", "the inputs and the targets swapped",
            "The inputs are the first N characters, ids[:-1], and the targets the last N, ids[1:]: position i "
            "predicts the character after it, not the one before."),
    Mistake("residual_gradient_missing", "the residual's gradient left out",
            "H = I + O, so the gradient reaches I on two paths: straight through the residual (dH itself) and "
            "through the layer (the dI of the attention's backward pass). dI = dH + dI_layer, then dE = dI Xᵀ."),
    Mistake("changed_inputs", "changed the caller's arrays in place",
            "Your function modified an array that was passed to it (for example with -= or /=, or by "
            "writing into it). Compute a new array instead and leave the inputs as they were."),
    Mistake("wrong_shape", "a result of the wrong shape",
            "The result does not have the shape the lecture's notation gives it."),
    Mistake("wrong_dtype", "a result of the wrong dtype",
            "The result should hold floating-point numbers (float64)."),
    Mistake("raised", "the function raised an exception", "Your function stopped with an error."),
    Mistake("not_written", "not written yet", "The function still raises NotImplementedError."),
    Mistake("not_finite", "the result holds nan or inf",
            "The result contains nan or inf, which a correct answer never does on these inputs."),
    Mistake("wrong_values", "wrong values",
            "The result has the right shape but different numbers from the expected ones."),
]
