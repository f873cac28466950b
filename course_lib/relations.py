"""How a wrong result relates to the right one, for any exercise: the judge's second way to name a mistake.

The course's list of named mistakes (``course_lib.mistake_words``) recognises a
wrong answer by recomputing it. The relations here need no list: they look
at the student's array beside the right one (transposed? a constant factor
away? right except on the diagonal? its rows sum to 1?) and say what they
see in the lecture's symbols. Each relation is tried only where it can be
told apart: the sizes of every case differ, so a transpose or a factor √d_k
cannot hide.

``relate`` returns (message id, parameters) for ``course_lib.messages``, or None.
"""

import numpy as np

from .messages import say
from .symbols import name_factor, shape_in_symbols

POSITIONS = ("N", "n_q", "n_k")  # sizes that count positions (all of them, a block's queries, its keys)
RTOL = 1e-6  # looser than the judge's own tolerance: a relation holds up to the rounding it adds


def _near(a, b, rtol=RTOL):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-300)
    return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=1e-9 * scale)


def _entries_near(a, b, rtol=RTOL):
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-300)
    return np.isclose(a, b, rtol=rtol, atol=1e-9 * scale)


def _indices(values):
    values = [int(v) for v in values]
    if len(values) > 6:
        return ", ".join(str(v) for v in values[:5]) + f", … ({len(values)} in all)"
    return ", ".join(str(v) for v in values)


def axis_words(formula, rows_are_positions=False):
    """(what a row is, what a column is) in the lecture's terms, for a result's shape formula."""
    inside = formula[formula.find("(") + 1:formula.find(")")] if "(" in formula else formula
    dims = [d.strip() for d in inside.split(",")[:2]]
    if len(dims) < 2:
        return "entry", "entry"
    if dims[0] == dims[1] == "N":
        return ("query", "key") if rows_are_positions else ("key", "query")
    row = "position" if dims[0] in POSITIONS else "feature"
    column = "position" if dims[1] in POSITIONS else "feature"
    return row, column


def relate_shapes(got, wanted, name, formula, sizes, args):
    """A relation that explains a result of the wrong shape, or None."""
    if got.ndim == 2 and wanted.ndim == 2 and got.shape == wanted.shape[::-1] and _near(got, wanted.T):
        return "relation.transposed_shape", {"shape": shape_in_symbols(got.shape, sizes)}
    if wanted.ndim == 1 and got.shape in ((wanted.size, 1), (1, wanted.size)) and _near(got.ravel(), wanted):
        return "relation.vector_as_matrix", {}
    return _elementwise(got, wanted, args)


def _elementwise(got, wanted, args, sizes=None):
    """Whether ``got`` is an entry-by-entry product of two of the arguments (where a matrix product belongs)."""
    arrays = {key: np.asarray(value, dtype=float) for key, value in (args or {}).items()
              if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim >= 1}
    for first, a in arrays.items():
        for second, b in arrays.items():
            if first >= second:
                continue
            for left, right, left_name, right_name in ((a, b, first, second), (a.T, b, f"{first}.T", second),
                                                        (a, b.T, first, f"{second}.T")):
                try:
                    product = left * right
                except ValueError:
                    continue
                if product.shape == got.shape and _near(got, product):
                    return "relation.elementwise", {"left": left_name, "right": right_name}
    return None


def relate(got, wanted, name, formula, sizes, args, rows_are_positions=False):
    """A relation between a wrong result and the right one of the same shape, or None.

    got, wanted: float arrays of the same shape; name, formula: the result part (e.g. "A'", "(N, N)");
    sizes: {symbol: size} of the case; args: the arguments the function got.
    """
    if not (np.all(np.isfinite(got)) and np.all(np.isfinite(wanted))) or wanted.size == 0:
        return None
    scale = float(np.max(np.abs(wanted)))
    if scale == 0:
        return None
    if got.size == 1:
        for finder in (_truncated, _precision, _factor):
            found = finder(got, wanted, formula, sizes, rows_are_positions)
            if found:
                return found
        return _product_of_arguments(got, wanted, args, sizes) or _scalar_family(got, wanted, args, sizes)
    for finder in (_truncated, _zeros, _precision, _transposed, _factor, _normalisation, _shifted,
                   _permuted, _structure, _not_normalised, _normalised_other_weights, _constant):
        found = finder(got, wanted, formula, sizes, rows_are_positions)
        if found:
            return found
    for finder in (_elementwise, _an_argument, _rows_of_argument_reordered, _product_of_arguments, _slice_of_argument,
                   _sum_of_argument, _offset):
        found = finder(got, wanted, args, sizes)
        if found:
            return found
    return None


def _float_arguments(args, ndim=None):
    return {key: np.asarray(value, dtype=float) for key, value in (args or {}).items()
            if isinstance(value, np.ndarray) and value.dtype.kind == "f" and (ndim is None or value.ndim == ndim)}


def _an_argument(got, wanted, args, sizes=None):
    """Whether the result is one of the arguments, unchanged (or transposed)."""
    for key, value in _float_arguments(args).items():
        if value.shape == got.shape and _near(got, value):
            return "relation.an_argument", {"argument": key}
    return None


def _rows_of_argument_reordered(got, wanted, args, sizes=None):
    """Whether the result is a matrix argument with its rows in another order (where the right result is not):
    features moved where positions, the columns, belong to move."""
    if got.ndim != 2 or got.shape[0] < 2:
        return None
    for key, value in _float_arguments(args, ndim=2).items():
        if value.shape != got.shape or _near(got, value) or _near(wanted, got):
            continue
        order = []
        for row in got:
            matches = [index for index, other in enumerate(value) if _near(row, other)]
            if not matches:
                break
            order.append(matches[0])
        else:
            if sorted(order) == list(range(len(order))):
                return "relation.argument_rows_reordered", {"argument": key}
    return None


def _product_of_arguments(got, wanted, args, sizes=None):
    """Whether the result is a product of two arguments, but not the right one (Kᵀ K where Kᵀ Q belongs, q·q)."""
    arrays = _float_arguments(args)
    for first, a in arrays.items():
        for second, b in arrays.items():
            pairs = [(a, b, f"{first} @ {second}")]
            if a.ndim == 2:
                pairs.append((a.T, b, f"{first}.T @ {second}"))
            if b.ndim == 2:
                pairs.append((a, b.T, f"{first} @ {second}.T"))
            if a.ndim == b.ndim == 2:
                pairs.append((a.T, b.T, f"{first}.T @ {second}.T"))
            for left, right, text in pairs:
                if left.ndim > 2 or right.ndim > 2 or left.shape[-1] != right.shape[0]:
                    continue
                product = left @ right
                if np.shape(product) != got.shape or not np.any(product):
                    continue
                if _near(got, product):
                    return "relation.product_of_arguments", {"product": text}
                factor = float(np.sum(got * product) / np.sum(product * product))
                named = name_factor(factor, sizes) if _near(got, factor * product) else None
                if named and named[0] in ("constant", "size"):
                    return "relation.product_of_arguments_scaled", {"product": text, "factor": named[1]}
    return None



def _sum_of_argument(got, wanted, args, sizes=None):
    """Whether the result is an argument summed (or averaged) along one axis."""
    for key, value in _float_arguments(args).items():
        for axis in range(value.ndim):
            for how, reduced in (("sum", value.sum(axis=axis)), ("mean", value.mean(axis=axis))):
                if reduced.shape == got.shape and _near(got, reduced):
                    return "relation.reduced_argument", {"argument": key, "how": how, "axis": axis}
    return None


def _slice_of_argument(got, wanted, args, sizes=None):
    """Whether a 1-D result is one row or one column of a 2-D argument (the wrong one)."""
    if got.ndim != 1:
        return None
    for key, value in _float_arguments(args, ndim=2).items():
        for axis, kind in ((0, "row"), (1, "column")):
            slabs = value if axis == 0 else value.T
            for index, slab in enumerate(slabs):
                if slab.shape == got.shape and _near(got, slab):
                    return "relation.slice_of_argument", {"argument": key, "kind": kind, "index": index}
    return None


def _zeros(got, wanted, *context):
    if not np.any(got):
        return "relation.zeros", {}
    return None


def _truncated(got, wanted, *context):
    if np.all(wanted == np.round(wanted)) or not np.all(got == np.round(got)):
        return None
    for how, rounded in (("int()", np.trunc(wanted)), ("round()", np.round(wanted)), ("floor()", np.floor(wanted))):
        if np.array_equal(got, rounded):
            return "relation.truncated", {"how": how}
    if np.all(np.abs(got - wanted) <= 1.0):
        return "relation.whole_numbers", {}
    return None


def _precision(got, wanted, *context):
    gap = float(np.max(np.abs(got - wanted))) / float(np.max(np.abs(wanted)))
    if gap < 1e-4:
        return "relation.precision", {"digits": max(int(-np.log10(gap)), 1)}
    return None


def _transposed(got, wanted, *context):
    if got.ndim == 2 and got.shape[0] == got.shape[1] > 1 and not _near(wanted, wanted.T) and _near(got, wanted.T):
        return "relation.transposed", {}
    return None


def _factor(got, wanted, formula, sizes, rows_are_positions):
    factor = float(np.sum(got * wanted) / np.sum(wanted * wanted))
    if abs(factor - 1) < 1e-6 or not _near(got, factor * wanted):
        return None
    if abs(factor + 1) < 1e-6:
        return "relation.negated", {}
    whole = bool(np.all(wanted == np.round(wanted)))
    named = name_factor(factor, sizes, whole_numbers=whole)
    shown = f"{factor:.4g}"
    if named and named[0] == "constant":
        return "relation.factor_constant", {"factor": named[1]}
    if named and named[0] == "size":
        return "relation.factor_named", {"factor": shown, "symbols": named[1]}
    if named:
        wrong, right = named[1]
        return "relation.factor_ratio", {"factor": shown, "wrong": wrong, "right": right}
    if got.size == 1:
        return None  # two numbers always have a factor between them: it says nothing
    return "relation.factor", {"factor": shown}


def _offset(got, wanted, args=None, sizes=None):
    """Every entry a·(the right value) + b with one a and one b ≠ 0: a number added (or subtracted) where the
    formula has none, e.g. A + √d_k where A / √d_k belongs (a = √d_k, b = √d_k)."""
    if got.size < 3 or np.allclose(wanted, wanted.flat[0]):
        return None
    design = np.stack([wanted.ravel(), np.ones(wanted.size)], axis=1)
    (slope, shift), *_ = np.linalg.lstsq(design, got.ravel(), rcond=None)
    scale = max(1.0, float(np.max(np.abs(wanted))))
    if abs(shift) < 1e-9 * scale or not np.allclose(slope * wanted + shift, got, rtol=1e-9, atol=1e-9 * scale):
        return None
    offset = _named_number(abs(shift), sizes)
    if abs(slope - 1) < 1e-9:
        return ("relation.offset_added" if shift > 0 else "relation.offset_subtracted"), {"offset": offset}
    return ("relation.affine_added" if shift > 0 else "relation.affine_subtracted"), {
        "factor": _named_number(slope, sizes), "offset": offset}


def _named_number(value, sizes):
    """A number as the lecture's symbols say it (√d_k, 2, 1/N), or as digits."""
    if abs(value - round(value)) < 1e-9 and abs(value) < 1e6:
        return str(int(round(value)))
    named = name_factor(value, sizes) if value > 0 else None
    return named[1] if named and named[0] in ("constant", "size") else f"{value:.4g}"


def _sums_to_one(array, axis=None):
    return bool(np.all(array >= -1e-12) and np.allclose(array.sum(axis=axis), 1.0, rtol=1e-6, atol=1e-9))


def _any_sums_to_one(array):
    """Whether any column or any row of a matrix sums to 1."""
    return bool(np.any(np.isclose(array.sum(axis=0), 1.0)) or np.any(np.isclose(array.sum(axis=1), 1.0)))


def _normalisation(got, wanted, formula, sizes, rows_are_positions):
    if got.ndim == 2 and got.shape[0] == got.shape[1] > 1:
        wanted_axis = 1 if rows_are_positions else 0
        wanted_sums = _sums_to_one(wanted, axis=wanted_axis)
        other = 1 - wanted_axis
        if wanted_sums and _sums_to_one(got, axis=other) and not _sums_to_one(got, axis=wanted_axis):
            return ("relation.rows_sum_to_one" if other == 1 else "relation.columns_sum_to_one"), {}
        if wanted_sums and _sums_to_one(got):
            return "relation.matrix_sums_to_one", {}
        if not _any_sums_to_one(wanted) and (_sums_to_one(got, axis=0) or _sums_to_one(got, axis=1)):
            return "relation.normalised_unasked", {}
    if got.ndim == 1 and got.size > 1 and not _sums_to_one(wanted) and _sums_to_one(got):
        return "relation.normalised_unasked", {}
    return None


def _constant(got, wanted, formula, sizes, rows_are_positions):
    """Every entry the same number where the right ones differ: one value spread over a whole result."""
    if got.size > 2 and np.allclose(got, got.flat[0]) and not np.allclose(wanted, wanted.flat[0]):
        return "relation.constant", {}
    return None


def _not_normalised(got, wanted, formula, sizes, rows_are_positions):
    """Weights that are never negative but whose columns (rows, with positions in rows) do not sum to 1."""
    if got.ndim != 2 or got.shape[0] != got.shape[1] or np.any(got < 0):
        return None
    axis = 1 if rows_are_positions else 0
    if _sums_to_one(wanted, axis=axis) and not _sums_to_one(got, axis=axis):
        return ("relation.rows_not_normalised" if rows_are_positions else "relation.columns_not_normalised"), {}
    return None


def _normalised_other_weights(got, wanted, formula, sizes, rows_are_positions):
    """Columns that sum to 1 wherever the right ones do, with other numbers: the division is right, not what it divides."""
    if got.ndim != 2 or got.shape[0] != got.shape[1] or np.any(got < -1e-12):
        return None
    axis = 1 if rows_are_positions else 0
    normalised = np.isclose(wanted.sum(axis=axis), 1.0)
    if normalised.any() and np.allclose(got.sum(axis=axis)[normalised], 1.0):
        return ("relation.rows_other_weights" if rows_are_positions else "relation.columns_other_weights"), {}
    return None


_PLURAL = {"entry": "entries", "row": "rows", "column": "columns"}


def _shifted(got, wanted, formula, sizes, rows_are_positions):
    for axis in range(got.ndim - 1, -1, -1):
        n = got.shape[axis]
        if n < 3:
            continue
        ahead = [slice(None)] * got.ndim
        behind = [slice(None)] * got.ndim
        ahead[axis], behind[axis] = slice(1, None), slice(None, -1)
        for direction, mine, theirs in (("later", tuple(ahead), tuple(behind)), ("earlier", tuple(behind), tuple(ahead))):
            if _near(got[mine], wanted[theirs]) and not _near(wanted[mine], wanted[theirs]):
                kind = ("entry" if got.ndim == 1 else ("column", "row")[axis == 0]) if got.ndim <= 2 else f"axis-{axis} slice"
                key = "relation.shifted_later" if direction == "later" else "relation.shifted_earlier"
                return key, {"kind": kind}
    return None


def _first_axis_word(formula):
    first = formula.strip("()").split(",")[0].strip()
    return {"h": "head", "batch": "batch entry"}.get(first, "slice")


def _permuted(got, wanted, formula, sizes, rows_are_positions):
    if got.ndim == 3:
        return _permuted_slices(got, wanted, formula)
    if got.ndim > 2:
        return None
    for axis in ((1, 0) if got.ndim == 2 else (0,)):
        mine = np.moveaxis(got, axis, 0)
        theirs = np.moveaxis(wanted, axis, 0)
        if len(mine) < 2:
            continue
        order = []
        for slab in mine:
            matches = [j for j, other in enumerate(theirs) if _near(slab, other)]
            if len(matches) != 1:
                break
            order.append(matches[0])
        else:
            if sorted(order) == list(range(len(order))) and order != list(range(len(order))):
                moved = next(i for i, j in enumerate(order) if i != j)
                kind = "entry" if got.ndim == 1 else ("row", "column")[axis]
                return "relation.permuted", {"kind": kind, "kinds": _PLURAL[kind], "index": moved,
                                             "holds": order[moved]}
    return None


def _permuted_slices(got, wanted, formula):
    order = []
    for slab in got:
        matches = [j for j, other in enumerate(wanted) if _near(slab, other)]
        if len(matches) != 1:
            return None
        order.append(matches[0])
    if sorted(order) == list(range(len(order))) and order != list(range(len(order))):
        moved = next(i for i, j in enumerate(order) if i != j)
        word = _first_axis_word(formula)
        return "relation.permuted", {"kind": word, "kinds": plural(word), "index": moved, "holds": order[moved]}
    return None


def _structure(got, wanted, formula, sizes, rows_are_positions):
    """Right in part of the array and wrong in the rest: some columns, the diagonal, a triangle, some rows."""
    if got.ndim == 3:
        right_slices = [bool(_near(mine, theirs)) for mine, theirs in zip(got, wanted)]
        if any(right_slices) and not all(right_slices):
            wrong = [i for i, right in enumerate(right_slices) if not right]
            word = _first_axis_word(formula)
            return "relation.some_slices", {"wrong": _indices(wrong), "right_count": right_slices.count(True),
                                            "count": len(right_slices), "word": word, "words": plural(word)}
        return None
    right = _entries_near(got, wanted)
    if got.ndim == 1:
        wrong = np.flatnonzero(~right)
        if 0 < wrong.size < got.size:
            return "relation.some_entries", {"wrong": _indices(wrong), "right_count": int(right.sum()),
                                             "count": got.size}
        return None
    if got.ndim != 2:
        return None
    row_word, column_word = axis_words(formula, rows_are_positions)
    wrong = ~right
    columns_wrong = np.flatnonzero(wrong.any(axis=0))
    rows_wrong = np.flatnonzero(wrong.any(axis=1))
    n_rows, n_columns = got.shape
    if got.shape[0] == got.shape[1] > 2:
        diagonal = np.eye(n_rows, dtype=bool)
        upper = np.triu(np.ones_like(diagonal), 1)   # [j, i] with j < i
        lower = np.tril(np.ones_like(diagonal), -1)  # [j, i] with j > i
        if wrong.any() and not (wrong & ~diagonal).any():
            return "relation.diagonal", {"row": row_word, "column": column_word}
        for region, key in ((upper, "relation.upper_triangle"), (lower, "relation.lower_triangle"),
                            (upper | diagonal, "relation.upper_triangle_and_diagonal"),
                            (lower | diagonal, "relation.lower_triangle_and_diagonal")):
            if wrong.any() and not (wrong & ~region).any() and wrong.sum() >= max(2, region.sum() // 2):
                return key, {"row": row_word, "column": column_word}
    if 0 < columns_wrong.size < n_columns and (columns_wrong.size <= rows_wrong.size or rows_wrong.size == n_rows):
        return _part("column", columns_wrong, n_columns, column_word)
    if 0 < rows_wrong.size < n_rows:
        return _part("row", rows_wrong, n_rows, row_word)
    return None


_PART_IDS = {"column": ("relation.last_column", "relation.last_columns", "relation.some_columns"),
             "row": ("relation.last_row", "relation.last_rows", "relation.some_rows")}


def plural(word):
    return {"query": "queries", "entry": "entries", "batch entry": "batch entries"}.get(word, word + "s")


def _part(kind, wrong, count, word):
    """Which rows or columns are wrong: the last one, the last few (a block), or a list."""
    last_id, last_ids, some_ids = _PART_IDS[kind]
    first = int(wrong[0])
    words = {"word": word, "words": plural(word)}
    if list(wrong) == list(range(first, count)) and first > 0:
        if first == count - 1:
            return last_id, {"last": count - 1, **words}
        return last_ids, {"first": first, "last": count - 1, "count": count - first, **words}
    return some_ids, {"wrong": _indices(wrong), "right_count": count - wrong.size, "count": count, **words}


def _bases(args):
    """(words, array): the arrays a single number is made from: each argument, and for two of one shape their
    difference and entry-by-entry product, plain, in absolute value and squared."""
    arrays = [(key.replace("_prime", "'"), value) for key, value in _float_arguments(args).items()]
    plain = list(arrays)
    for (first, a), (second, b) in ((x, y) for i, x in enumerate(arrays) for y in arrays[i + 1:]):
        if a.shape == b.shape:
            plain += [(f"({first} − {second})", a - b), (f"{first} ∘ {second}", a * b)]
    for words, array in plain:
        bare = words.strip("()")
        yield bare, array
        yield f"|{bare}|", np.abs(array)
        yield f"{words}²", array * array


def _scalar_candidates(wanted, args):
    """(words, value): the numbers a single result could be mistaken for: reductions of the bases, their
    square roots and squares, and the right value's own."""
    right = float(wanted.ravel()[0])
    candidates = [(say("quantity.sqrt", of=say("quantity.right_value")), np.sqrt(right) if right >= 0 else None),
                  (say("quantity.square", of=say("quantity.right_value")), right * right)]
    for words, array in _bases(args):
        reductions = [("quantity.sum", array.sum()), ("quantity.mean", array.mean()), ("quantity.max", array.max())]
        if array.ndim == 1 and array.size > 2:
            reductions += [("quantity.sum_but_first", array[1:].sum()), ("quantity.sum_but_last", array[:-1].sum())]
        for key, value in reductions:
            reduced = say(key, of=words)
            candidates += [(reduced, value), (say("quantity.square", of=reduced), value * value)]
            if value >= 0:
                candidates.append((say("quantity.sqrt", of=reduced), np.sqrt(value)))
    return candidates


def _scalar_family(got, wanted, args, sizes=None):
    """Whether a single number is another number made from the same inputs (√ of the mean, a sum for a mean, …)."""
    value = float(got.ravel()[0])
    right = float(wanted.ravel()[0])
    for words, candidate in _scalar_candidates(wanted, args):
        if candidate is None or np.isclose(candidate, right, rtol=1e-9, atol=0):
            continue
        if np.isclose(value, candidate, rtol=1e-9, atol=1e-12):
            return "relation.scalar_family", {"quantity": words}
    return None
