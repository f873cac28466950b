"""Read numbers back as the lecture's symbols: every size of a case is different, so 6 can only be N.

Used by the judge to say shapes, factors and axes in the notation: a shape
(3, 6) becomes (d_k, N), a factor 0.577 becomes 1/√d_k.
"""

import itertools
import math

import numpy as np


def sizes_shown_by(args):
    """The whole numbers the arguments show: their shapes, the lengths of lists, and whole-number arguments."""
    shown = set()
    for value in (args or {}).values():
        for part in value if isinstance(value, list) else [value]:
            shape = np.shape(part)
            shown.update(shape or ([part] if isinstance(part, (int, np.integer)) and not isinstance(part, bool) else []))
        if isinstance(value, list):
            shown.add(len(value))
    return shown


def sizes_used(sizes, args, results=()):
    """The sizes of a case that its arguments (or the results' shapes) show: the ones a message may name."""
    shown = sizes_shown_by(args)
    for result in results:
        shown.update(np.shape(result))
    return {name: value for name, value in (sizes or {}).items() if value in shown}


def size_names(sizes):
    """{size: symbol} for the sizes of one case, and products of two sizes where no single size has that value."""
    names = {}
    for name, value in (sizes or {}).items():
        if isinstance(value, int) and value > 1:
            names.setdefault(value, name)
    for (first, a), (second, b) in itertools.combinations(list((sizes or {}).items()), 2):
        if isinstance(a, int) and isinstance(b, int) and a > 1 and b > 1:
            names.setdefault(a * b, f"{first} {second}")
    return names


def shape_in_symbols(shape, sizes):
    """"(d_k, N)" for (3, 6) when d_k = 3 and N = 6; a size no symbol has stays a number."""
    names = size_names(sizes)
    parts = [names.get(int(n), str(int(n))) for n in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def size_in_symbols(size, sizes):
    """"N = 6" for 6 when N = 6, else "6"."""
    name = size_names(sizes).get(int(size))
    return f"{name} = {int(size)}" if name else str(int(size))


def factor_candidates(sizes):
    """[(value, "√d_k"), ...]: the factors made of this case's sizes that a mistake could introduce."""
    candidates = []
    for name, value in (sizes or {}).items():
        if not isinstance(value, int) or value < 2:
            continue
        candidates += [(math.sqrt(value), f"√{name}"), (1 / math.sqrt(value), f"1/√{name}"),
                       (float(value), name), (1 / value, f"1/{name}")]
    if "h" in (sizes or {}) and "d_head" in sizes:  # d_model = h d_head in PyTorch's layer
        d_model = sizes["h"] * sizes["d_head"]
        candidates += [(math.sqrt(d_model), "√d_model"), (1 / math.sqrt(d_model), "1/√d_model")]
    if "h" in (sizes or {}) and "d_k" in sizes:
        d_model = sizes["h"] * sizes["d_k"]
        candidates += [(math.sqrt(d_model), "√(h d_k)"), (1 / math.sqrt(d_model), "1/√(h d_k)")]
    return candidates


def name_factor(factor, sizes, rtol=1e-6):
    """The symbols whose value is ``factor`` ("√d_k", or "√d_k = h" when two are), or "" when none is."""
    matches = [name for value, name in factor_candidates(sizes) if math.isclose(factor, value, rel_tol=rtol)]
    return " = ".join(dict.fromkeys(matches))
