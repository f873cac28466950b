"""Random inputs shared by every group of exercises: entries, sizes, and size drawers for regimes."""

import numpy as np


def normal(rng, *shape, scale=1.0):
    """Standard normal entries of the given shape, times ``scale``."""
    return scale * rng.standard_normal(shape)


def distinct_sizes(rng, names=("d_in", "d_k", "d_v", "N"), low=2, high=12):
    """Random sizes, all different from each other, so a transpose cannot pass unnoticed."""
    values = rng.choice(np.arange(low, high), size=len(names), replace=False)
    return {name: int(value) for name, value in zip(names, values)}


def size_args(*names):
    """A builder whose arguments are the named sizes themselves, as whole numbers."""
    def build(rng, sizes, scale=1.0):
        return {name: int(sizes[name]) for name in names}
    build.__doc__ = f"The sizes {', '.join(names)} as whole numbers."
    return build


def column_weights(rng, N, count=None):
    """Attention weights: columns positive and summing to 1, shape (N, N) (or (N, count))."""
    return rng.dirichlet(np.ones(N), size=count or N).T


# Size drawers for a ``Regime``: (rng, names) -> sizes.

def sizes_where(condition, high=12):
    """A size drawer: distinct random sizes, drawn again until ``condition(sizes)`` holds."""
    def draw(rng, names):
        while True:
            sizes = distinct_sizes(rng, names, high=high)
            if condition(sizes):
                return sizes
    return draw


def with_size(name, size, high=12):
    """A size drawer: distinct random sizes, then ``name`` set to ``size`` (e.g. a block of one key)."""
    def draw(rng, names):
        return {**distinct_sizes(rng, names, high=high), name: size}
    return draw
