"""The mutants of the reference answers that compute the same function, each read and given its reason.

Keyed by ``Mutant.key`` (the function, Cosmic Ray's operator, the line before
and after: no line numbers). "The same function" means on every input the
exercise asks for: a mutant that differs only on an input the exercise
rules out (an empty block of keys, an order that is not ints) says so.
``tests/autograder/test_mutants.py`` fails when an entry is no longer made (the
source changed: read it again) and when a listed mutant fails its hidden test
for some student after all (it was not equivalent).
"""

EQUIVALENT = {
    "softmax.softmax_columns: ReplaceTrueWithFalse: shifted = A - A.max(axis=0, keepdims=True) -> shifted = A - A.max(axis=0, keepdims=False)":
        "A is 2-D (as_matrix): the (N,) column maxima or sums broadcast as the row (1, N), as with keepdims=True",
    "softmax.softmax_columns: ReplaceTrueWithFalse: return weights / weights.sum(axis=0, keepdims=True) -> return weights / weights.sum(axis=0, keepdims=False)":
        "A is 2-D (as_matrix): the (N,) column maxima or sums broadcast as the row (1, N), as with keepdims=True",
    "softmax.relu_columns: ReplaceComparisonOperator_Gt_NotEq: return np.divide(R, sums, out=np.zeros_like(R), where=sums > 0) -> return np.divide(R, sums, out=np.zeros_like(R), where=sums != 0)":
        "the sums of ReLU outputs are never negative: sums != 0 is sums > 0",
    "softmax.relu_columns: ReplaceTrueWithFalse: sums = R.sum(axis=0, keepdims=True) -> sums = R.sum(axis=0, keepdims=False)":
        "A is 2-D: the (N,) column sums broadcast as the row (1, N), as with keepdims=True",
    "masking.masked_softmax_columns: ReplaceComparisonOperator_Gt_NotEq: return np.divide(weights, sums, out=np.zeros_like(A), where=sums > 0) -> return np.divide(weights, sums, out=np.zeros_like(A), where=sums != 0)":
        "sums of exponentials are never negative: sums != 0 is sums > 0",
    "masking.masked_softmax_columns: ReplaceTrueWithFalse: allowed = mask.any(axis=0, keepdims=True) -> allowed = mask.any(axis=0, keepdims=False)":
        "A and mask are 2-D: the (N,) column result broadcasts as the row (1, N), as with keepdims=True",
    "masking.masked_softmax_columns: ReplaceTrueWithFalse: top = np.max(A, axis=0, where=mask, initial=-np.inf, keepdims=True) -> top = np.max(A, axis=0, where=mask, initial=-np.inf, keepdims=False)":
        "A and mask are 2-D: the (N,) column result broadcasts as the row (1, N), as with keepdims=True",
    "masking.masked_softmax_columns: ReplaceTrueWithFalse: sums = weights.sum(axis=0, keepdims=True) -> sums = weights.sum(axis=0, keepdims=False)":
        "A and mask are 2-D: the (N,) column result broadcasts as the row (1, N), as with keepdims=True",
    "masking.masked_softmax_columns: NumberReplacer: allowed = mask.any(axis=0, keepdims=True) -> allowed = mask.any(axis= 1, keepdims=True)":
        "rows instead of columns: an allowed entry's row allows something, so every allowed entry still gets its column's maximum; masked entries are never used",
    "masking.masked_softmax_columns: NumberReplacer: allowed = mask.any(axis=0, keepdims=True) -> allowed = mask.any(axis= -1, keepdims=True)":
        "rows instead of columns: an allowed entry's row allows something, so every allowed entry still gets its column's maximum; masked entries are never used",
    "masking.masked_softmax_columns: NumberReplacer: top = np.where(allowed, top, 0.0) -> top = np.where(allowed, top, 1.0)":
        "the stand-in maximum only fills columns where nothing is allowed, whose weights are all masked to 0 whatever it is",
    "masking.masked_softmax_columns: NumberReplacer: top = np.where(allowed, top, 0.0) -> top = np.where(allowed, top, -1.0)":
        "the stand-in maximum only fills columns where nothing is allowed, whose weights are all masked to 0 whatever it is",
    "positions.sinusoidal_encoding: ReplaceBinaryOperator_Sub_BitXor: two_m = rows - rows % 2 -> two_m = rows ^ rows % 2":
        "r ^ (r % 2) clears the lowest bit of r, as r - r % 2 does",
    "positions.sinusoidal_encoding: ReplaceComparisonOperator_Eq_LtE: return np.where(rows[:, None] % 2 == 0, np.sin(angles), np.cos(angles)) -> return np.where(rows[:, None] % 2 <= 0, np.sin(angles), np.cos(angles))":
        "r % 2 is 0 or 1, so <= 0 is == 0",
    "positions.permute_positions: ReplaceComparisonOperator_Eq_NotEq: is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0 -> is_int = np.issubdtype(order.dtype, np.integer) or order.size != 0":
        "evaluated only for an order that is not ints (`or` stops at an int dtype): it changes which invalid orders are refused, never a valid order's result",
    "positions.permute_positions: ReplaceComparisonOperator_Eq_Lt: is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0 -> is_int = np.issubdtype(order.dtype, np.integer) or order.size < 0":
        "evaluated only for an order that is not ints (`or` stops at an int dtype): it changes which invalid orders are refused, never a valid order's result",
    "positions.permute_positions: ReplaceComparisonOperator_Eq_LtE: is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0 -> is_int = np.issubdtype(order.dtype, np.integer) or order.size <= 0":
        "evaluated only for an order that is not ints (`or` stops at an int dtype): it changes which invalid orders are refused, never a valid order's result",
    "positions.permute_positions: ReplaceComparisonOperator_Eq_Gt: is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0 -> is_int = np.issubdtype(order.dtype, np.integer) or order.size > 0":
        "evaluated only for an order that is not ints (`or` stops at an int dtype): it changes which invalid orders are refused, never a valid order's result",
    "positions.permute_positions: ReplaceComparisonOperator_Eq_GtE: is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0 -> is_int = np.issubdtype(order.dtype, np.integer) or order.size >= 0":
        "evaluated only for an order that is not ints (`or` stops at an int dtype): it changes which invalid orders are refused, never a valid order's result",
    "positions.permute_positions: NumberReplacer: is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0 -> is_int = np.issubdtype(order.dtype, np.integer) or order.size == 1":
        "evaluated only for an order that is not ints (`or` stops at an int dtype): it changes which invalid orders are refused, never a valid order's result",
    "positions.permute_positions: NumberReplacer: is_int = np.issubdtype(order.dtype, np.integer) or order.size == 0 -> is_int = np.issubdtype(order.dtype, np.integer) or order.size == -1":
        "evaluated only for an order that is not ints (`or` stops at an int dtype): it changes which invalid orders are refused, never a valid order's result",
    "row_attention <- rows._softmax_last_axis: ReplaceUnaryOperator_USub_UAdd: weights = np.exp(S - S.max(axis=-1, keepdims=True)) -> weights = np.exp(S - S.max(axis=+1, keepdims=True))":
        "row_attention's scores are a matrix: axis 1 is its last axis, axis -1",
    "row_attention <- rows._softmax_last_axis: ReplaceUnaryOperator_USub_UAdd: return weights / weights.sum(axis=-1, keepdims=True) -> return weights / weights.sum(axis=+1, keepdims=True)":
        "row_attention's scores are a matrix: axis 1 is its last axis, axis -1",
    "row_attention <- rows._softmax_last_axis: ReplaceUnaryOperator_Delete_USub: weights = np.exp(S - S.max(axis=-1, keepdims=True)) -> weights = np.exp(S - S.max(axis=1, keepdims=True))":
        "row_attention's scores are a matrix: axis 1 is its last axis, axis -1",
    "row_attention <- rows._softmax_last_axis: ReplaceUnaryOperator_Delete_USub: return weights / weights.sum(axis=-1, keepdims=True) -> return weights / weights.sum(axis=1, keepdims=True)":
        "row_attention's scores are a matrix: axis 1 is its last axis, axis -1",
    "gradients.softmax_columns_backward: ReplaceTrueWithFalse: column_dots = (A_prime * dA_prime).sum(axis=0, keepdims=True) -> column_dots = (A_prime * dA_prime).sum(axis=0, keepdims=False)":
        "A' is 2-D: the (N,) column dots broadcast as the row (1, N), as with keepdims=True",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_Add: numeric[index] = (plus - base) / step -> numeric[index] = (plus + base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_Mul: numeric[index] = (plus - base) / step -> numeric[index] = (plus * base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_Div: numeric[index] = (plus - base) / step -> numeric[index] = (plus / base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_FloorDiv: numeric[index] = (plus - base) / step -> numeric[index] = (plus // base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_Mod: numeric[index] = (plus - base) / step -> numeric[index] = (plus % base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_Pow: numeric[index] = (plus - base) / step -> numeric[index] = (plus ** base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_RShift: numeric[index] = (plus - base) / step -> numeric[index] = (plus >> base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_LShift: numeric[index] = (plus - base) / step -> numeric[index] = (plus << base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_BitOr: numeric[index] = (plus - base) / step -> numeric[index] = (plus | base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_BitAnd: numeric[index] = (plus - base) / step -> numeric[index] = (plus & base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Sub_BitXor: numeric[index] = (plus - base) / step -> numeric[index] = (plus ^ base) / step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_Add: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) + step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_Sub: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) - step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_Mul: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) * step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_FloorDiv: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) // step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_Mod: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) % step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_Pow: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) ** step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_RShift: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) >> step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_LShift: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) << step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_BitOr: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) | step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_BitAnd: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) & step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: ReplaceBinaryOperator_Div_BitXor: numeric[index] = (plus - base) / step -> numeric[index] = (plus - base) ^ step":
        "dead code: the forward difference's line, and numerical_gradient always asks for the central one (central=True)",
    "numerical_gradient <- gradients.finite_difference_gradient: AddNot: base = None if central else loss(Wq) -> base = None if not central else loss(Wq)":
        "computes the unused L(W^q) as well: with central=True only the central difference is read",
    "blockwise.online_softmax_step: ReplaceComparisonOperator_Eq_Lt: if scores.shape[0] == 0: -> if scores.shape[0] < 0:":
        "differs only for an empty block of keys (n_k = 0), which the exercise never gives: blockwise attention's blocks are never empty",
    "blockwise.online_softmax_step: ReplaceComparisonOperator_Eq_LtE: if scores.shape[0] == 0: -> if scores.shape[0] <= 0:":
        "a block's number of keys is never negative: <= 0 is == 0",
    "blockwise.online_softmax_step: NumberReplacer: n_q = m.shape[0] -> n_q = m.shape[ -1]":
        "m is a vector (as_vector): its axis -1 is axis 0",
    "blockwise.online_softmax_step: NumberReplacer: if scores.shape[0] == 0: -> if scores.shape[ 1] == 0:":
        "differs only for an empty block (n_k = 0 or n_q = 0), which the exercise never gives: blockwise attention's blocks are never empty",
    "blockwise.online_softmax_step: NumberReplacer: if scores.shape[0] == 0: -> if scores.shape[ -1] == 0:":
        "differs only for an empty block (n_k = 0 or n_q = 0), which the exercise never gives: blockwise attention's blocks are never empty",
    "blockwise.online_softmax_step: NumberReplacer: if scores.shape[0] == 0: -> if scores.shape[0] == -1:":
        "differs only for an empty block (n_k = 0 or n_q = 0), which the exercise never gives: blockwise attention's blocks are never empty",
    "masking.sliding_window_mask: ReplaceBinaryOperator_BitAnd_Mul: return (key <= query) & (key > query - window) -> return (key <= query) * (key > query - window)":
        "both sides are boolean arrays, and numpy's * of two boolean arrays is their logical and, still boolean",
    "capstone.cross_entropy_columns: ReplaceTrueWithFalse: shifted = logits - logits.max(axis=0, keepdims=True) -> shifted = logits - logits.max(axis=0, keepdims=False)":
        "logits is 2-D (as_matrix): the (N,) column maxima or sums broadcast as the row (1, N), as with keepdims=True",
    "capstone.cross_entropy_columns: ReplaceTrueWithFalse: log_P = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True)) -> log_P = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=False))":
        "logits is 2-D (as_matrix): the (N,) column maxima or sums broadcast as the row (1, N), as with keepdims=True",
}
