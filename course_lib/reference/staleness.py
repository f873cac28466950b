"""Is a stored document still what its builder makes? Compared by meaning, never as text.

Two CPUs round the last bits of a BLAS product differently (another kernel
sums in another order), so stored check data rebuilt on another machine
differs from the file in the last digits without being stale. Two JSON
documents mean the same when they have the same keys, the same list
lengths, the same strings, integers and booleans, nan and inf in the same
places, and floating-point arrays close: for the stored array y and the
rebuilt array x, element by element,

    |x - y| ≤ RTOL · max|y| + 10 · noise    (numbers below the smallest normal float count as 0)

where noise is how far x moves when every input of its case is moved by a
few units in the last place, as another machine's rounding would move it
(``nudged``). A product of well-scaled matrices moves by about 1e-16 of its
size and is held to RTOL = 1e-12, a hundred thousand times finer than any
check compares (``course_lib.diagnosis.RTOL`` is 1e-7); a finite difference,
whose last digits are rounding noise amplified by 1/h, may move as far as
that noise does. A changed case, a changed reference answer or a missing
exercise moves far more, and is reported.
"""

import math

import numpy as np

RTOL = 1e-12
NOISE_MARGIN = 10
NUDGE_ULPS = 4


def nudged(value, rng, ulps=NUDGE_ULPS):
    """``value`` with every float moved by up to ``ulps`` units in the last place, at random.

    Works on arguments (arrays, lists, tuples, dicts of them) and on JSON
    documents (Python floats inside lists and dicts); integers, booleans and
    strings are left as they are.
    """
    if isinstance(value, np.ndarray):
        if not np.issubdtype(value.dtype, np.floating):
            return value
        steps = rng.integers(-ulps, ulps + 1, size=value.shape)
        return np.where(np.isfinite(value), value + steps * np.spacing(value), value).astype(value.dtype)
    if isinstance(value, (float, np.floating)):
        return float(nudged(np.array([value], dtype=np.float64), rng, ulps)[0]) if math.isfinite(value) else value
    if isinstance(value, dict):
        return {key: nudged(item, rng, ulps) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(nudged(item, rng, ulps) for item in value)
    return value


def _is_float_array(node):
    return isinstance(node, dict) and set(node) == {"shape", "data"}


def _float_array_difference(path, stored, rebuilt, noise):
    if stored["shape"] != rebuilt["shape"] or len(stored["data"]) != len(rebuilt["data"]):
        return f"{path}: shape {stored['shape']} stored, {rebuilt['shape']} rebuilt"
    y, x = np.array(stored["data"], dtype=np.float64), np.array(rebuilt["data"], dtype=np.float64)
    if not np.array_equal(np.isfinite(y), np.isfinite(x)) or not np.array_equal(y[~np.isfinite(y)], x[~np.isfinite(x)],
                                                                                equal_nan=True):
        return f"{path}: nan or inf in other places"
    finite = np.isfinite(y)
    if not finite.any():
        return ""
    slack = 0.0
    if noise is not None and _is_float_array(noise) and noise["shape"] == rebuilt["shape"]:
        moved = np.array(noise["data"], dtype=np.float64)
        if np.array_equal(np.isfinite(moved), finite):
            slack = NOISE_MARGIN * float(np.max(np.abs(moved[finite] - x[finite])))
    gap = np.abs(x[finite] - y[finite])
    allowed = RTOL * float(np.max(np.abs(y[finite]))) + slack + np.finfo(np.float64).tiny  # subnormals are zeros
    worst = int(np.argmax(gap))
    if gap[worst] > allowed:
        return f"{path}: {y[finite][worst]!r} stored, {x[finite][worst]!r} rebuilt (allowed difference {allowed:.3g})"
    return ""


def differences(stored, rebuilt, noise=None, path=""):
    """Where ``rebuilt`` means something else than ``stored``: a list of 'path: what differs' lines.

    noise: the same document rebuilt from nudged inputs, or None to hold every
    float array to RTOL alone (data whose inputs cannot be nudged, e.g. a run
    of PyTorch from a seed).
    """
    if _is_float_array(stored) and _is_float_array(rebuilt):
        found = _float_array_difference(path, stored, rebuilt, noise)
        return [found] if found else []
    if isinstance(stored, dict) and isinstance(rebuilt, dict):
        lines = [f"{path}/{key}: stored only" for key in stored if key not in rebuilt]
        lines += [f"{path}/{key}: rebuilt only" for key in rebuilt if key not in stored]
        for key in stored:
            if key in rebuilt:
                below = noise.get(key) if isinstance(noise, dict) else None
                lines += differences(stored[key], rebuilt[key], below, f"{path}/{key}")
        return lines
    if isinstance(stored, list) and isinstance(rebuilt, list):
        if len(stored) != len(rebuilt):
            return [f"{path}: {len(stored)} items stored, {len(rebuilt)} rebuilt"]
        below = noise if isinstance(noise, list) and len(noise) == len(rebuilt) else [None] * len(rebuilt)
        return [line for index, (s, r, n) in enumerate(zip(stored, rebuilt, below))
                for line in differences(s, r, n, f"{path}[{index}]")]
    if isinstance(stored, float) and isinstance(rebuilt, float) and type(stored) is type(rebuilt):
        return _scalar_difference(path, stored, rebuilt, noise)
    if type(stored) is not type(rebuilt) or stored != rebuilt:
        return [f"{path}: {stored!r} stored, {rebuilt!r} rebuilt"]
    return []


def _scalar_difference(path, stored, rebuilt, noise):
    as_array = lambda number: {"shape": [], "data": [number]}  # noqa: E731
    moved = as_array(noise) if isinstance(noise, float) else None
    found = _float_array_difference(path, as_array(stored), as_array(rebuilt), moved)
    return [found] if found else []
