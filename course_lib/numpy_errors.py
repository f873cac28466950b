"""numpy's error messages in the course's words: the sizes they print read back as symbols.

"matmul: Input operand 1 has a mismatch in its core dimension 0 … (size 3 is
different from 5)" becomes "the left matrix has d_in = 5 columns and the right
one d_k = 3 rows". Every size of a case is different, so each number names
one symbol. ``explain`` returns (message id, parameters) for
``course_lib.messages``, or None when the error is not one it knows.
"""

import re

import numpy as np

from .symbols import shape_in_symbols, size_in_symbols

_MATMUL = re.compile(r"matmul: Input operand 1 has a mismatch in its core dimension 0.*\(size (\d+) is different from (\d+)\)")
_DOT = re.compile(r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned")
_BROADCAST = re.compile(r"could not be broadcast together with (?:remapped )?shapes")
_SHAPE = re.compile(r"\(([\d, ]*)\)|\[([\d, ]*)\]")
_INDEX = re.compile(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)")
_AXIS = re.compile(r"axis (-?\d+) is out of bounds for array of dimension (\d+)")
_RESHAPE = re.compile(r"cannot reshape array of size (\d+) into shape \(([\d, -]*)\)")
_BIT_UFUNC = re.compile(r"ufunc '(right_shift|left_shift|bitwise_or|bitwise_and|bitwise_xor|invert)' not supported")
_BIT_OPERAND = re.compile(r"unsupported operand type\(s\) for (>>|<<|\||&|\^):|bad operand type for unary (~)")
_BIT_SYMBOLS = {"right_shift": ">>", "left_shift": "<<", "bitwise_or": "|", "bitwise_and": "&", "bitwise_xor": "^",
                "invert": "~"}
_ASSIGN = re.compile(r"could not broadcast input array from shape \(([\d, ]*)\) into shape \(([\d, ]*)\)")


def _shape(text):
    return tuple(int(n) for n in text.replace(" ", "").split(",") if n)


def _fits(left, right):
    return len(left) >= 1 and len(right) >= 1 and left[-1] == right[0 if len(right) == 1 else -2]


def _product(left, right, sizes):
    """The words for a matrix product of two shapes that do not fit, with the order that would."""
    params = {"left": shape_in_symbols(left, sizes), "right": shape_in_symbols(right, sizes),
              "inner_left": size_in_symbols(left[-1], sizes),
              "inner_right": size_in_symbols(right[0 if len(right) == 1 else -2], sizes)}
    if _fits(right, left):
        return "numpy.matmul_other_order", params
    if len(left) == 2 and _fits(left[::-1], right):
        return "numpy.matmul_transpose_left", params
    if len(right) == 2 and _fits(left, right[::-1]):
        return "numpy.matmul_transpose_right", params
    return "numpy.matmul_shapes", params


def explain(error_type, message, operand_shapes, sizes):
    """(message id, parameters) for a numpy error, or None."""
    shapes = [tuple(shape) for shape in operand_shapes or []]
    found = _MATMUL.search(message)
    if found:
        if len(shapes) == 2 and len(shapes[0]) >= 1 and len(shapes[1]) >= 1:
            return _product(shapes[0], shapes[1], sizes)
        rows, columns = int(found.group(1)), int(found.group(2))
        return "numpy.matmul_sizes", {"columns": size_in_symbols(columns, sizes), "rows": size_in_symbols(rows, sizes)}
    found = _DOT.search(message)
    if found:
        return _product(_shape(found.group(1)), _shape(found.group(2)), sizes)
    if _BROADCAST.search(message):
        listed = [_shape(a or b) for a, b in _SHAPE.findall(message.split("shapes", 1)[1])]
        if len(listed) >= 2:
            return "numpy.broadcast", {"shapes": " and ".join(shape_in_symbols(s, sizes) for s in listed[:3])}
    found = _INDEX.search(message)
    if found:
        index, axis, size = (int(g) for g in found.groups())
        return "numpy.index", {"index": index, "axis": axis, "size": size_in_symbols(size, sizes), "last": size - 1}
    found = _AXIS.search(message)
    if found:
        axis, dimensions = int(found.group(1)), int(found.group(2))
        return "numpy.axis", {"axis": axis, "ndim": dimensions, "last": dimensions - 1}
    found = _RESHAPE.search(message)
    if found:
        size = int(found.group(1))
        shape = _shape(found.group(2).replace("-1", ""))
        return "numpy.reshape", {"size": size, "shape": shape_in_symbols(shape, sizes),
                                 "wanted": int(np.prod(shape)) if shape else 0}
    found = _BIT_UFUNC.search(message) or _BIT_OPERAND.search(message)
    if found:
        operator = next(group for group in found.groups() if group)
        return "numpy.bit_operator", {"operator": _BIT_SYMBOLS.get(operator, operator)}
    found = _ASSIGN.search(message)
    if found:
        return "numpy.assign_shape", {"got": shape_in_symbols(_shape(found.group(1)), sizes),
                                      "place": shape_in_symbols(_shape(found.group(2)), sizes)}
    if "repeated axis in transpose" in message:
        return "numpy.transpose_axes", {}
    if error_type == "IndexError" and "tuple index out of range" in message:
        return "numpy.shape_index", {}
    if error_type == "TypeError" and ("slice indices must be integers" in message or "an integer is required" in message
                                      or "cannot be interpreted as an integer" in message):
        return "numpy.whole_number", {}
    if error_type == "IndexError" and "list index out of range" in message:
        return "numpy.list_index", {}
    if "inhomogeneous" in message or "setting an array element with a sequence" in message:
        return "numpy.ragged", {}
    if error_type == "TypeError" and "unsupported operand type(s) for @" in message:
        return "numpy.matmul_lists", {}
    return None
