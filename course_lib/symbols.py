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
    """{size: symbol} for the sizes of one case ("d_v or N" where two sizes are equal), and products of two sizes
    where no single size has that value."""
    names = {}
    for name, value in (sizes or {}).items():
        if isinstance(value, int) and value > 1:
            names[value] = f"{names[value]} or {name}" if value in names else name
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


CONSTANTS = ((2.0, "2"), (0.5, "1/2"))


def factor_candidates(sizes, whole_numbers=False):
    """[(value, kind, words)]: the factors made of this case's sizes that a mistake could introduce.

    kind "size": words is the symbol ("√d_k", "1/N"); kind "ratio": words is (wrong, right), a scaling by
    "wrong" where "right" belongs ("√N", "√d_k"). whole_numbers: the answer counts something, so no roots.
    """
    named = [(name, value) for name, value in (sizes or {}).items() if isinstance(value, int) and value >= 2]
    if "h" in (sizes or {}) and "d_head" in sizes:  # d_model = h d_head in PyTorch's layer
        named.append(("d_model", sizes["h"] * sizes["d_head"]))
    if "h" in (sizes or {}) and "d_k" in sizes:
        named.append(("h d_k", sizes["h"] * sizes["d_k"]))
    candidates = []
    for name, value in named:
        candidates += [(float(value), "size", name), (1 / value, "size", f"1/{name}")]
        if not whole_numbers:
            root = f"√({name})" if " " in name else f"√{name}"
            candidates += [(math.sqrt(value), "size", root), (1 / math.sqrt(value), "size", f"1/{root}")]
    if not whole_numbers:
        for (first, a), (second, b) in itertools.permutations(named, 2):
            candidates.append((math.sqrt(a / b), "ratio", (f"√{second}", f"√{first}")))
    return candidates


def name_factor(factor, sizes, whole_numbers=False, rtol=1e-6):
    """How a factor between a wrong result and the right one reads: ("constant", "2"), ("size", "√d_k = h"),
    ("ratio", (wrong, right)), or None when nothing of this case makes it."""
    for value, name in CONSTANTS:
        if math.isclose(factor, value, rel_tol=rtol):
            return "constant", name
    sizes_matching = [words for value, kind, words in factor_candidates(sizes, whole_numbers)
                      if kind == "size" and math.isclose(factor, value, rel_tol=rtol)]
    if sizes_matching:
        return "size", " = ".join(dict.fromkeys(sizes_matching))
    for value, kind, words in factor_candidates(sizes, whole_numbers):
        if kind == "ratio" and math.isclose(factor, value, rel_tol=rtol):
            return "ratio", words
    return None
