"""Probes: the student's function rerun on inputs changed on purpose, to find which part of it is wrong.

A wrong result that relates to the right one in no simple way (``course_lib.relations``)
can still be located by asking the function other questions: is it right
with one head? with all keys in one block? does it notice when the last
column of K changes? how does its count grow with each size? how does its
gradient answer a single 1 in dA'? Each question is a probe, named by a key
and built from the case's own arguments by ``probe_args``, the same way for
every exercise of a kind (no entry per exercise). The right answers to the
probes are computed ahead of time with the reference answers
(``course_lib.reference.build_check_data`` stores them beside each case), so
the student release needs no reference to ask them; ``explain`` compares the
student's answers with them and says what it found, in the lecture's symbols.

Used by the instant checks, which can rerun the student's function.
"""

import itertools

import numpy as np

from . import shown_weights
from .messages import say
from .symbols import CONSTANTS, factor_candidates, name_factor

COUNT_PROBES = 160        # size sets a count is asked for: more than the monomials it is fitted with
COUNT_SIZES = (2, 10)     # each size drawn from 2 … 9
COUNT_DEGREE = 4          # counts are polynomials of total degree ≤ 4 in the sizes, each size squared at most
RTOL = 1e-7
PERTURBATION = (-1.7, 0.3)  # a changed column: x ↦ -1.7 x + 0.3, never the same numbers


def _float_matrix(value):
    return isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim == 2 and value.shape[1] > 1


def _whole_number(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def is_count(args, expected):
    """Whether the exercise counts something from sizes: every argument a whole number, one whole-number result."""
    return (bool(args) and all(_whole_number(v) for v in args.values()) and len(expected) == 1
            and np.ndim(expected[0]) == 0 and float(expected[0]) == round(float(expected[0])))


def upstream_gradients(args, expected):
    """The arguments that are an upstream gradient (dA', dO, …) of the shape of a result part."""
    shapes = [np.shape(part) for part in expected]
    return [name for name, value in args.items() if name.startswith("d") and isinstance(value, np.ndarray)
            and value.dtype.kind == "f" and value.shape in shapes]


def probe_keys(args, expected, sizes):
    """The probes that make sense for one case: their keys, in the order ``explain`` reads them."""
    sizes = sizes or {}
    if is_count(args, expected):
        return [f"sizes:{n}" for n in range(COUNT_PROBES)]
    if all(np.ndim(part) == 0 for part in expected):
        return []
    keys = [f"unit:{name}:{index}" for name in upstream_gradients(args, expected)
            for index in range(args[name].size)]
    keys += [f"last_column:{name}" for name, value in args.items() if _float_matrix(value)]
    keys += [f"doubled:{name}" for name, value in args.items()
             if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim >= 1]
    if len(expected) == 1 and shown_weights.layout(args):
        keys.append("weights_shown")
    if sizes.get("h", 0) > 1 and _one_head(args, sizes) is not None:
        keys.append("one_head")
    block = _block_argument(args, sizes)
    if block:
        keys.append("one_block")
        if _even_block(sizes):
            keys.append("even_blocks")
    return keys


def _block_argument(args, sizes):
    """The argument that is the block size, when the case has blocks."""
    block = sizes.get("block")
    return next((name for name, value in args.items() if _whole_number(value) and value == block), None) \
        if block and block < sizes.get("N", 0) else None


def _even_block(sizes):
    """A block size that divides N into at least two full blocks, or None."""
    N = sizes.get("N", 0)
    return next((b for b in range(N // 2, 1, -1) if N % b == 0), None)


def _one_head(args, sizes):
    """The arguments cut to the first head: (h, …) stacks to their first slice, W^o to its first d_v columns,
    a head count to 1; None when nothing has a head axis."""
    h, d_v = sizes["h"], sizes.get("d_v")
    changed, cut = dict(args), False
    for name, value in args.items():
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim == 3 and value.shape[0] == h:
            changed[name], cut = value[:1].copy(), True
        elif d_v and _float_matrix(value) and value.shape[1] == h * d_v:
            changed[name], cut = value[:, :d_v].copy(), True
        elif _whole_number(value) and value == h and name in ("h", "num_heads"):
            changed[name], cut = 1, True
    return changed if cut else None


def _count_sizes(number, names):
    rng = np.random.default_rng(1000 + number)
    return {name: int(rng.integers(*COUNT_SIZES)) for name in names}


def probe_args(key, args, sizes):
    """The arguments of the probe ``key`` for a case with these arguments and sizes."""
    kind, _, rest = key.partition(":")
    if kind == "sizes":
        return _count_sizes(int(rest), list(args))
    if kind == "unit":
        name, index = rest.rsplit(":", 1)
        unit = np.zeros_like(args[name])
        unit.flat[int(index)] = 1.0
        return {**args, name: unit}
    if kind == "last_column":
        changed = args[rest].copy()
        changed[:, -1] = PERTURBATION[0] * changed[:, -1] + PERTURBATION[1]
        return {**args, rest: changed}
    if kind == "zeroed":
        return {**args, rest: np.zeros_like(args[rest])}
    if kind == "doubled":
        return {**args, rest: 2 * args[rest]}
    if kind == "weights_shown":
        return shown_weights.showing_args(args)
    if kind == "one_head":
        return _one_head(args, sizes)
    if kind in ("one_block", "even_blocks"):
        block = _block_argument(args, sizes)
        return {**args, block: sizes["N"] if kind == "one_block" else _even_block(sizes)}
    raise KeyError(key)


def _close(got, wanted):
    return len(got) == len(wanted) and all(
        np.shape(g) == np.shape(w) and np.allclose(np.asarray(g, dtype=float), np.asarray(w, dtype=float),
                                                   rtol=RTOL, atol=1e-9) for g, w in zip(got, wanted))


def explain(probes, ask, args, sizes, arrays, expected, results):
    """(message id, parameters) for what the probes locate, or None.

    probes: {key: the right parts on that probe}; ask(args) -> the student's parts on those arguments, or
    None when the function fails there; arrays, expected: the student's and the right parts on the case.
    """
    for finder in (_gradient_terms, _ignored_column, _several_heads, _several_blocks, _count_terms, _right_without):
        found = finder(probes or {}, ask, args, sizes, arrays, expected, results)
        if found:
            return found
    found = _scaled_argument(ask, args, sizes, expected)
    if found:
        return found
    for finder in (_bias_as_factor, _weights_inside, _not_proportional):
        found = finder(probes or {}, ask, args, sizes, arrays, expected, results)
        if found:
            return found
    return None


def _scaled_argument(ask, args, sizes, expected):
    """Whether the function is right once one argument is divided by a factor made of the sizes: it scales what
    that argument goes into (the scores, when it is W^q) by that factor. Needs no stored answers."""
    if all(np.ndim(part) == 0 for part in expected):
        return None
    factors = [(value, kind, words) for value, kind, words in factor_candidates(sizes)]
    factors += [(value, "constant", words) for value, words in CONSTANTS]
    for name, value in args.items():
        if not (isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim >= 2):
            continue
        for factor, kind, words in factors:
            got = ask({**args, name: value / factor})
            if got is None or not _close(got, expected):
                continue
            if kind == "ratio":
                return "relation.probe_scaled_ratio", {"argument": results_name(name), "wrong": words[0],
                                                       "right": words[1]}
            inverse = name_factor(1 / factor, sizes)
            return "relation.probe_scaled", {"argument": results_name(name), "factor": words,
                                             "inverse": inverse[1] if inverse else f"1/({words})"}
    return None


def _answers(probes, prefix, ask, args, sizes):
    """{key: (the student's parts, the right parts)} for the probes whose key starts with ``prefix``."""
    found = {}
    for key, right in probes.items():
        if key.startswith(prefix):
            found[key] = (ask(probe_args(key, args, sizes)), right)
    return found


# Gradients: how each entry of the result answers a 1 in one entry of the upstream gradient.

# The message of each group of entries.
GROUPS = {"itself": "probe.group_itself", "same_column": "probe.group_same_column",
          "same_row": "probe.group_same_row", "elsewhere": "probe.group_elsewhere"}


def _group(out_index, in_index):
    (j, i), (r, c) = out_index, in_index
    if (j, i) == (r, c):
        return "itself"
    return "same_column" if i == c else ("same_row" if j == r else "elsewhere")


def _gradient_terms(probes, ask, args, sizes, arrays, expected, results):
    for upstream in upstream_gradients(args, expected):
        part = next(p for p, e in enumerate(expected) if np.shape(e) == args[upstream].shape)
        doubled = ask({**args, upstream: 2 * args[upstream]})
        if doubled is not None and np.all(np.isfinite(doubled[part])) and np.all(np.isfinite(arrays[part])) \
                and not np.allclose(doubled[part], 2 * arrays[part], rtol=1e-6, atol=1e-9):
            return "relation.gradient_not_linear", {"upstream": results_name(upstream), "name": results[part][0]}
    names = {key.split(":")[1] for key in probes if key.startswith("unit:")}
    for upstream in sorted(names):
        answers = _answers(probes, f"unit:{upstream}:", ask, args, sizes)
        part = next(p for p, e in enumerate(expected) if np.shape(e) == args[upstream].shape)
        if any(got is None for got, _ in answers.values()):
            return None
        responses = {int(key.rsplit(":", 1)[1]): (np.asarray(got[part], dtype=float), np.asarray(right[part], dtype=float))
                     for key, (got, right) in answers.items()}
        if not all(np.all(np.isfinite(got)) and got.shape == right.shape for got, right in responses.values()):
            return None
        shape = args[upstream].shape
        combined = sum(args[upstream].flat[index] * got for index, (got, _) in responses.items())
        if not np.allclose(combined, arrays[part], rtol=1e-6, atol=1e-9 * max(1.0, np.abs(arrays[part]).max())):
            return "relation.gradient_not_linear", {"upstream": results_name(upstream), "name": results[part][0]}
        if len(shape) != 2:
            return None
        wrong = set()
        for index, (got, right) in responses.items():
            bad = ~np.isclose(got, right, rtol=1e-6, atol=1e-9)
            for out_index in zip(*np.nonzero(bad)):
                wrong.add(_group(tuple(int(i) for i in out_index), np.unravel_index(index, shape)))
        if not wrong:
            return None
        right_groups = [g for g in GROUPS if g not in wrong and _group_exists(g, shape)]
        return "relation.gradient_terms", {
            "upstream": results_name(upstream), "name": results[part][0],
            "wrong": "; ".join(say(GROUPS[g]) for g in GROUPS if g in wrong),
            "right": "; ".join(say(GROUPS[g]) for g in right_groups) or say("probe.group_none")}
    return None


def _group_exists(group, shape):
    return group == "itself" or (group == "same_column" and shape[0] > 1) or (group == "same_row" and shape[1] > 1) \
        or (group == "elsewhere" and min(shape) > 1)




def results_name(argument):
    """An argument's name as the notebooks write it: dA_prime is dA', Wq is W^q."""
    if len(argument) == 2 and argument[0] == "W":
        return f"W^{argument[1]}"
    return argument.replace("_prime", "'")


# Which part of the input the function never reads.

def _ignored_column(probes, ask, args, sizes, arrays, expected, results):
    for key, (got, right) in _answers(probes, "last_column:", ask, args, sizes).items():
        if got is None:
            continue
        if _close(got, arrays) and not _close(right, expected):
            name = key.split(":", 1)[1]
            return "relation.probe_ignores_column", {"argument": results_name(name), "last": args[name].shape[1] - 1}
    return None


def _several_heads(probes, ask, args, sizes, arrays, expected, results):
    answers = _answers(probes, "one_head", ask, args, sizes)
    for got, right in answers.values():
        if got is not None and _close(got, right):
            return "relation.probe_several_heads", {"h": sizes["h"]}
    return None


def _several_blocks(probes, ask, args, sizes, arrays, expected, results):
    answers = _answers(probes, "one_block", ask, args, sizes)
    for got, right in answers.values():
        if got is not None and _close(got, right):
            return "relation.probe_several_blocks", {"N": sizes["N"], "block": sizes["block"]}
    return None


# Counts: the student's formula, read back as a polynomial in the sizes.

def _monomials(count):
    return [powers for powers in itertools.product(range(3), repeat=count) if sum(powers) <= COUNT_DEGREE]


def fit_polynomial(points, values):
    """{powers: coefficient} of the polynomial through (points, values), coefficients whole or half; None if none."""
    basis = _monomials(points.shape[1])
    matrix = np.array([[np.prod(point ** np.array(powers)) for powers in basis] for point in points], dtype=float)
    coefficients, *_ = np.linalg.lstsq(matrix, values, rcond=None)
    rounded = np.round(coefficients * 2) / 2
    if not np.allclose(matrix @ rounded, values, rtol=1e-9, atol=1e-6):
        return None
    return {powers: float(c) for powers, c in zip(basis, rounded) if c != 0}


def format_polynomial(polynomial, names):
    """"+ 2 d_v N² - d_k d_in": the terms of a polynomial, highest degree first, each with its sign."""
    superscripts = {1: "", 2: "²", 3: "³", 4: "⁴"}
    terms = []
    for powers, coefficient in sorted(polynomial.items(), key=lambda item: (-sum(item[0]), item[0])):
        factors = " ".join(f"{name}{superscripts[p]}" for name, p in zip(names, powers) if p)
        size = abs(coefficient)
        shown = f"{size:g}" if size != 1 or not factors else ""
        terms.append(f"{'-' if coefficient < 0 else '+'} {' '.join(x for x in (shown, factors) if x)}")
    return " ".join(terms)


def _count_terms(probes, ask, args, sizes, arrays, expected, results):
    answers = _answers(probes, "sizes:", ask, args, sizes)
    if not answers or any(got is None or np.ndim(got[0]) != 0 for got, _ in answers.values()):
        return None
    names = list(args)
    points = np.array([[probe_args(key, args, sizes)[n] for n in names] for key in answers], dtype=float)
    mine = fit_polynomial(points, np.array([float(got[0]) for got, _ in answers.values()]))
    right = fit_polynomial(points, np.array([float(r[0]) for _, r in answers.values()]))
    if right is None:
        return None
    if mine is None:
        return _count_growth(ask, args, names, right)
    difference = {p: mine.get(p, 0.0) - right.get(p, 0.0) for p in set(mine) | set(right)}
    difference = {p: c for p, c in difference.items() if c != 0}
    if not difference:
        return None
    return "relation.count_terms", {"difference": format_polynomial(difference, names), "symbols": ", ".join(names)}


GROWTH_SIZES = (100, 200, 400)  # a size doubled twice, far from 0, so the highest power of it shows
HIGHEST_POWER = 8


def _growth(ask, args, name):
    """How the function's count grows with one size, the others as in the case: its power (2 for N²), the same
    for both doublings, or None when the count does not grow like a power of it (a bit shift grows faster)."""
    counts = []
    for size in GROWTH_SIZES:
        answer = ask({**args, name: size})
        if answer is None or np.ndim(answer[0]) or not float(answer[0]) > 0:
            return None
        counts.append(float(answer[0]))
    powers = {round(float(np.log2(high / low)), 1) for low, high in zip(counts, counts[1:])}
    power = powers.pop() if len(powers) == 1 else None
    if power is None or abs(power - round(power)) > 0.1 or abs(power) > HIGHEST_POWER:
        return None
    return int(round(power))


def _count_growth(ask, args, names, right):
    """(message id, parameters) for a count that is no polynomial in the sizes: in which sizes it grows otherwise."""
    differs = []
    for position, name in enumerate(names):
        wanted = max((powers[position] for powers in right), default=0)
        power = _growth(ask, args, name)
        if power != wanted:
            differs.append(say("relation.count_growth_size", size=name, right=_power(name, wanted),
                               yours=_power(name, power) if power is not None else say("relation.count_no_power",
                                                                                          size=name)))
    if not differs:
        return None
    return "relation.count_growth", {"symbols": ", ".join(names), "sizes": "; ".join(differs)}


def _power(name, power):
    superscripts = {2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸"}
    if power == 0:
        return "1"
    if power < 0:
        return f"1/{_power(name, -power)}"
    return name + superscripts.get(power, f"^{power}" if power != 1 else "")


def zeroed_answers(mistakes):
    """{"zeroed:<bias>": the right parts with that bias all zeros}, from the stored misread arguments
    (``course_lib.reference.answers.changed_arguments``): probes whose answers are stored already. Biases only:
    they are added, so the rest stays as it was; with weights or inputs all zeros, too much becomes right."""
    prefix = "argument:zeroed:"
    return {f"zeroed:{key[len(prefix):]}": parts for key, parts in (mistakes or {}).items()
            if key.startswith(prefix) and key.endswith("bias")}


def _right_without(probes, ask, args, sizes, arrays, expected, results):
    """Whether the function is right once one argument is all zeros: the mistake is in how that argument enters."""
    for key, (got, right) in _answers(probes, "zeroed:", ask, args, sizes).items():
        if got is not None and _close(got, right):
            return "relation.probe_right_without", {"argument": results_name(key.split(":", 1)[1])}
    return None


# Properties every right answer has, asked of the student's function.

def _scaled_parts(parts, factor):
    return [factor * np.asarray(part, dtype=float) for part in parts]


def _not_proportional(probes, ask, args, sizes, arrays, expected, results):
    """Whether the right result doubles with an argument (O = V A' with V, b = V α' with α') and the student's does
    not: the argument enters the student's code by something other than a product."""
    for key, right in probes.items():
        if not key.startswith("doubled:") or not _close(right, _scaled_parts(expected, 2.0)):
            continue
        got = ask(probe_args(key, args, sizes))
        if got is None or not all(np.all(np.isfinite(part)) for part in got):
            continue
        if not _close(got, _scaled_parts(arrays, 2.0)):
            return "relation.probe_not_proportional", {"argument": results_name(key.split(":", 1)[1])}
    return None


def _bias_as_factor(probes, ask, args, sizes, arrays, expected, results):
    """Whether the function, given a bias of all ones, gives the right result for a bias of all zeros: it multiplies
    (or divides) by the bias where the bias is added. Its weight (``<x>_weight`` beside ``<x>_bias``) tells which."""
    for name, value in args.items():
        right_without = probes.get(f"zeroed:{name}")
        if right_without is None or not (isinstance(value, np.ndarray) and value.dtype.kind == "f"):
            continue
        ones = np.ones_like(value)
        got = ask({**args, name: ones})
        if got is None or not _close(got, right_without):
            continue
        key = "relation.bias_as_factor"
        weight = name[:-len("bias")] + "weight" if name.endswith("bias") else None
        if weight in args:
            doubled_bias = ask({**args, name: 2 * ones})
            for factor, found in ((2.0, "relation.bias_multiplied"), (0.5, "relation.bias_divided")):
                scaled = ask({**args, weight: factor * args[weight], name: ones})
                if doubled_bias is not None and scaled is not None and _close(doubled_bias, scaled):
                    key = found
                    break
        return key, {"argument": results_name(name)}
    return None


def _weights_inside(probes, ask, args, sizes, arrays, expected, results):
    """For a whole layer: whether the student's result is the right weighted sum of the values with the student's
    own attention weights (asked on inputs that show them, ``course_lib.shown_weights``), and how those differ."""
    right = probes.get("weights_shown")
    if right is None or len(expected) != 1:
        return None
    got = ask(probe_args("weights_shown", args, sizes))
    if got is None:
        return None
    mine, wanted = shown_weights.read(args, got[0]), shown_weights.read(args, right[0])
    if mine is None or wanted is None or not np.all(np.isfinite(mine)):
        return None
    rebuilt = shown_weights.rebuilt(args, mine)
    if not _close([rebuilt], [arrays[0]]):
        return None  # something besides the weights is wrong too
    found = shown_weights.relation(mine, wanted, args, sizes)
    if found is None:
        return None
    key, params = found
    return key, {**params, "function": getattr(ask, "name", "") or say("probe.your_function")}
