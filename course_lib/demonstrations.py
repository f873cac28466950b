"""Which demonstrations a grade leaves out: those that assign no name a cell that runs reads.

A demonstration (``course_lib.cells.is_demonstration``) is a given cell
before the first exercise that draws, prints or times. Its pictures and
tables bear on no grade. It can cost a submission most of a second,
counting the first use of matplotlib.pyplot, which the runner imports only
then. It is left out of a grade's run (the safe pipeline's, and the
learner's progress table's) when no later cell that runs reads, as a name of
the notebook, a name it assigns. The later cells that count are the given
cells, the student's solution cells, and the checks, which look up each
exercise's function by its name.

Python's own symbol tables (``symtable``) say which names a cell assigns and
which it reads. A function's parameters and its local variables are not
reads of the notebook's names, so a student's ``def f(Q, K)`` does not keep
a demonstration that assigns Q.

Some code cannot be read this way: code that does not parse (IPython's magics
included), or code that may reach names through their text (``globals()``,
``eval``, a frame's ``f_globals``, ``getattr``...). Then every demonstration
before it runs.
"""

import re
import symtable

# Words of code that may read any of the notebook's names, by text or through a frame; found anywhere in a cell
# (a comment or a string included, which only keeps a demonstration that could have been left out).
_READS_BY_TEXT = re.compile(r"\b(globals|locals|vars|dir|eval|exec|compile|getattr|get_ipython|__import__|__main__|"
                            r"__builtins__|builtins|__globals__|__dict__|f_globals|f_locals|f_back|tb_frame|"
                            r"sys|inspect|gc)\b|import\s*\*")


def _table(source):
    """The cell's symbol table, or None when it does not parse as Python (or nests too deep for the parser)."""
    try:
        return symtable.symtable(source, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _scopes(table):
    yield table
    for child in table.get_children():
        yield from _scopes(child)


def names_assigned(source):
    """The notebook names the cell assigns (at its top level, or in a function through ``global``); None when that
    cannot be told."""
    table = _table(source)
    if table is None or _READS_BY_TEXT.search(source):
        return None
    assigned = {symbol.get_name() for symbol in table.get_symbols() if symbol.is_assigned() or symbol.is_imported()}
    for scope in _scopes(table):
        if scope is not table:
            assigned |= {symbol.get_name() for symbol in scope.get_symbols()
                         if symbol.is_declared_global() and symbol.is_assigned()}
    return assigned


def names_read(source):
    """The notebook names the cell reads (at its top level, or in any function, class or comprehension as a global);
    None when the cell may read any name."""
    table = _table(source)
    if table is None or _READS_BY_TEXT.search(source):
        return None
    read = set()
    for scope in _scopes(table):
        for symbol in scope.get_symbols():
            top_level = scope is table or scope.get_type() == "class" and not symbol.is_assigned()
            if symbol.is_referenced() and (top_level or symbol.is_global()):
                read.add(symbol.get_name())
    return read


def cells_to_run(sources, demonstration, looked_up):
    """The indices of ``sources`` (the code of the cells a grade runs, in order) that run: every one but the
    demonstrations (``demonstration(index)``) that assign no name that a later cell that runs, or a check, reads.

    ``looked_up``: the names the checks look up after the cells (each exercise's function).
    """
    needed, any_name, kept = set(looked_up), False, []
    for index in reversed(range(len(sources))):
        if demonstration(index) and not any_name:
            assigned = names_assigned(sources[index])
            if assigned is not None and not assigned & needed:
                continue
        read = names_read(sources[index])
        any_name = any_name or read is None
        needed |= read or set()
        kept.append(index)
    return kept[::-1]
