"""Shape checks shared by the reference answers.

Each helper turns its argument into a float64 array (without touching the
caller's object) and raises ``ValueError`` naming the shapes and the relation
that failed, in the course's notation.
"""

import numbers

import numpy as np


def as_vector(name, x):
    """Return ``x`` as a float64 vector of shape (d,), or raise ValueError."""
    array = np.asarray(x, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be a vector of shape (d,), got shape {array.shape}"
        )
    return array


def as_matrix(name, x):
    """Return ``x`` as a float64 matrix of shape (rows, columns), or raise ValueError."""
    array = np.asarray(x, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a matrix (2-D array), got shape {array.shape}"
        )
    return array


def require_equal(size_a, size_b, relation, **shapes):
    """Raise ValueError unless ``size_a == size_b``.

    ``relation`` says in words which sizes must agree, e.g.
    "columns of W^q == rows of I (d_in)"; ``shapes`` names the arrays involved.
    """
    if size_a != size_b:
        described = ", ".join(f"{name} {tuple(shape)}" for name, shape in shapes.items())
        raise ValueError(f"shapes do not fit: {relation} fails ({size_a} != {size_b}); got {described}")


def size_argument(name, value, minimum=1):
    """Return ``value`` as a Python int, or raise ValueError unless it is an int >= ``minimum``.

    For sizes given as arguments, such as N, length, d_model and num_heads.
    ``True`` and ``4.0`` are refused: a size is an int.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)
