"""Mutants of the reference answers, made by Cosmic Ray's mutation operators from the current source.

For every graded exercise, the answer is its reference function (or class)
in ``course_lib/reference/`` and the module's own helpers that it calls and
that no other exercise grades (``_values_and_weights``, ``_softmax_last_axis``,
…). Each mutant is one change by one Cosmic Ray operator (``+`` for ``-``, ``<``
for ``<=``, a number plus one, a loop over nothing, …) at one place in one of
those functions, applied to the source as it is now, so the set never goes
stale. The order is the exercise table's, then the functions', then the
operators', then the place's: the same source gives the same mutants.

Left out, as no part of what a student writes: the argument checks (a
statement that only calls ``require_equal``, ``as_matrix``, ``as_vector`` or
``size_argument``, an ``if`` whose body only raises, a ``raise``, a loop of
such statements), the words of messages (f-strings), and the operators that need arguments (Cosmic Ray's
variable replacer and inserter, which also draw random numbers).

Test data for ``tests/autograder/test_mutants.py`` (no mutant earns a point)
and for ``named_share.py`` (how many instant-check messages name what happened).
"""

import ast
import copy
import functools
import importlib
import inspect
import multiprocessing
import sys
import textwrap
from dataclasses import dataclass

from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.mutating import mutate_code
from cosmic_ray.plugins import get_operator, operator_names

from course_lib.exercises import EXERCISES

from .equivalent_mutants import EQUIVALENT
from .hidden_points import STUDENTS, cases_with_answers, students_earning

REFERENCE_PACKAGE = "course_lib.reference"
ARGUMENT_CHECKS = frozenset({"require_equal", "as_matrix", "as_vector", "size_argument"})


@dataclass(frozen=True)
class Mutant:
    """One mutation of one function of an exercise's answer; ``key`` names it without line numbers."""

    exercise: str  # the key of the exercise it must fail (its variants are judged too, see ``exercises``)
    function: str  # the mutated function, e.g. "layer.SelfAttention.__call__"
    operator: str  # Cosmic Ray's operator name, e.g. "core/ReplaceBinaryOperator_Mul_Div"
    before: str  # the changed line(s) before and after the mutation, stripped of comments
    after: str
    ordinal: int  # 1 unless the same change of the same line happens more than once in the function
    module_source: str  # the whole module with the mutation applied
    lines: frozenset = None  # the module's lines of the changed statements (None: unknown, the lines moved)

    @property
    def key(self):
        """"<function>: <operator>: <line before> -> <line after>", the function led by the exercise's name
        when it is a helper (one helper may serve two exercises), "#2" after a repeated change."""
        operator = self.operator.removeprefix("core/")
        repeat = f" #{self.ordinal}" if self.ordinal > 1 else ""
        name = EXERCISES[self.exercise].name
        function = self.function if self.function.split(".")[1] == name else f"{name} <- {self.function}"
        return f"{function}: {operator}: {self.before} -> {self.after}{repeat}"

    @property
    def notebook(self):
        return EXERCISES[self.exercise].notebook

    @property
    def label(self):
        return f"mutant {self.key}"

    @property
    def exercises(self):
        """Every graded exercise of the mutated function: the exercise and its variants (softmax's stable one)."""
        name = EXERCISES[self.exercise].name
        return [exercise for exercise in EXERCISES.values() if exercise.name == name]

    def same_as_reference(self, exercise, student):
        """The numbers (0-based) of the student's hidden cases of ``exercise`` on which the reference never runs
        the mutated statement: there the mutant does exactly what the reference does, and passes as it does."""
        if self.lines is None:
            return frozenset()
        return frozenset(number for number, ran in enumerate(reference_lines(exercise.key, student))
                         if not ran & self.lines)

    def written(self):
        """The exercise's function (or class) as defined by the mutated module, as a student would hand it in."""
        module = _module_of(EXERCISES[self.exercise].name)
        namespace = {"__name__": f"{module.__name__}_mutant", "__package__": REFERENCE_PACKAGE}
        exec(compile(self.module_source, f"<mutant of {module.__name__}: {self.key}>", "exec"), namespace)
        return namespace[EXERCISES[self.exercise].name]


@functools.lru_cache(maxsize=None)
def reference_lines(exercise_key, student):
    """For each hidden case of one student, the lines of the exercise's reference module that the reference runs."""
    exercise = EXERCISES[exercise_key]
    filename = inspect.getsourcefile(_module_of(exercise.name))
    reference = exercise.as_function(getattr(importlib.import_module(REFERENCE_PACKAGE), exercise.name))
    found = []
    for case, _ in cases_with_answers(exercise_key, student):
        ran = set()

        def in_module(frame, event, arg):
            if event in ("call", "line"):
                ran.add(frame.f_lineno)
            return in_module

        def on_call(frame, event, arg):
            return in_module(frame, event, arg) if frame.f_code.co_filename == filename else None

        previous = sys.gettrace()
        sys.settrace(on_call)
        try:
            reference(*copy.deepcopy(case.args).values())
        finally:
            sys.settrace(previous)
        found.append(frozenset(ran))
    return tuple(found)


def _module_of(name):
    return inspect.getmodule(getattr(importlib.import_module(REFERENCE_PACKAGE), name))


def _definitions(tree):
    """{name: FunctionDef or ClassDef} of a module's top level."""
    return {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def _names_used(node):
    return {child.id for child in ast.walk(node) if isinstance(child, ast.Name)}


def answer_functions(exercise, tree):
    """The top-level definitions of the exercise's module that make up its answer: the function (or class)
    itself and, transitively, the module's functions it calls that are not another exercise's answer."""
    graded = {other.name for other in EXERCISES.values()}
    definitions = _definitions(tree)
    found, waiting = [], [exercise.name]
    while waiting:
        name = waiting.pop(0)
        if name in found:
            continue
        found.append(name)
        waiting += sorted(used for used in _names_used(definitions[name])
                          if used in definitions and used not in graded and used not in found)
    return [definitions[name] for name in found]


def _functions_of(definition):
    """(qualified suffix, FunctionDef) for a function, or for each method of a class."""
    if isinstance(definition, ast.ClassDef):
        return [(f"{definition.name}.{node.name}", node) for node in definition.body if isinstance(node, ast.FunctionDef)]
    return [(definition.name, definition)]


def _is_argument_check(statement):
    if isinstance(statement, ast.Raise):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        return isinstance(statement.value.func, ast.Name) and statement.value.func.id in ARGUMENT_CHECKS
    if isinstance(statement, ast.If):
        return not statement.orelse and all(isinstance(s, ast.Raise) for s in statement.body)
    if isinstance(statement, ast.For):
        return not statement.orelse and all(_is_argument_check(s) for s in statement.body)
    return False


def _char_column(lines, line, byte_column):
    return len(lines[line - 1].encode()[:byte_column].decode(errors="ignore"))


def _argument_check_spans(function_source):
    """((first line, column), (last line, column)) of each argument check in ``function_source`` (1-based lines,
    columns in characters): the statements of ``_is_argument_check`` and every call of an ``ARGUMENT_CHECKS`` helper."""
    lines = function_source.splitlines()
    spans = []
    for node in ast.walk(ast.parse(function_source)):
        if isinstance(node, ast.stmt) and _is_argument_check(node):
            spans.append(((node.lineno, 0), (node.end_lineno, len(lines[node.end_lineno - 1]))))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ARGUMENT_CHECKS:
            spans.append(((node.lineno, _char_column(lines, node.lineno, node.col_offset)),
                          (node.end_lineno, _char_column(lines, node.end_lineno, node.end_col_offset))))
    return spans


def _own_lines(statement):
    """The lines a statement runs itself: all of a simple statement, the header of a compound one."""
    body = getattr(statement, "body", None)
    last = body[0].lineno - 1 if isinstance(body, list) and body else statement.end_lineno
    return range(statement.lineno, max(last, statement.lineno) + 1)


def _statement_lines(function_source, changed):
    """The lines of the innermost statements that hold the ``changed`` lines: unless one of those lines
    runs, the mutated function does exactly what the reference does."""
    statements = [node for node in ast.walk(ast.parse(function_source)) if isinstance(node, ast.stmt)]
    found = set()
    for line in changed:
        holders = [node for node in statements if line in _own_lines(node)]
        found.update(_own_lines(max(holders, key=lambda node: node.lineno)) if holders else [line])
    return found


@functools.lru_cache(maxsize=1)
def _operators():
    """(name, operator) for every Cosmic Ray operator that takes no arguments, in Cosmic Ray's order."""
    chosen = []
    for name in operator_names():
        operator_class = get_operator(name)
        if not operator_class.arguments():
            chosen.append((name, operator_class()))
    return tuple(chosen)


def _without_comment(line):
    code = line.split("  #")[0] if "  #" in line else line
    return code.strip()


def _changed(before, after):
    """The changed lines of a function's source, as ("before", "after") text without comments."""
    old, new = before.splitlines(), after.splitlines()
    if len(old) == len(new):
        pairs = [(o, n) for o, n in zip(old, new) if o != n]
        return " / ".join(_without_comment(o) for o, _ in pairs), " / ".join(_without_comment(n) for _, n in pairs)
    return " / ".join(_without_comment(o) for o in old[1:]), " / ".join(_without_comment(n) for n in new[1:])


def _in_message_text(node):
    """Whether a parso node lies inside an f-string (the words of a message, not a computation)."""
    while node is not None:
        if node.type == "fstring":
            return True
        node = node.parent
    return False


def _changed_lines(before, after):
    old, new = before.splitlines(), after.splitlines()
    return [number for number, (o, n) in enumerate(zip(old, new), start=1) if o != n] if len(old) == len(new) else None


def _mutations(function_source):
    """(operator name, before, after, mutated source, changed line numbers or None) for each mutation of one
    function's (dedented) source, leaving out its argument checks and the words of its messages."""
    checks = _argument_check_spans(function_source)
    tree = get_ast(function_source)
    nodes = list(ast_nodes(tree))
    for name, operator in _operators():
        occurrence = 0
        for node in nodes:
            for start, _ in operator.mutation_positions(node):
                if not any(first <= start <= last for first, last in checks) and not _in_message_text(node):
                    mutated = mutate_code(function_source, operator, occurrence)
                    if mutated is not None and mutated != function_source:
                        yield name, *_changed(function_source, mutated), mutated, _changed_lines(function_source, mutated)
                occurrence += 1


def _mutants_of_module_function(exercise, module_source, suffix, node, module_name):
    lines = module_source.splitlines(keepends=True)
    start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
    end = node.end_lineno
    original = "".join(lines[start:end])
    indent = original[:len(original) - len(original.lstrip())]
    function_source = textwrap.dedent(original)
    seen = {}
    for operator, before, after, mutated, changed in _mutations(function_source):
        ordinal = seen[(operator, before, after)] = seen.get((operator, before, after), 0) + 1
        body = textwrap.indent(mutated, indent) if indent else mutated
        runs = frozenset(start + line for line in _statement_lines(function_source, changed)) if changed else None
        yield Mutant(exercise.key, f"{module_name}.{suffix}", operator, before, after, ordinal,
                     "".join(lines[:start]) + body + "".join(lines[end:]), runs)


@functools.lru_cache(maxsize=None)
def mutants_of(exercise_key):
    """The mutants of one exercise's answer (a variant has none of its own: it grades its function's)."""
    exercise = EXERCISES[exercise_key]
    if exercise.variant:
        return ()
    module = _module_of(exercise.name)
    source = inspect.getsource(module)
    tree = ast.parse(source)
    module_name = module.__name__.removeprefix(REFERENCE_PACKAGE + ".")
    found = []
    for definition in answer_functions(exercise, tree):
        for suffix, node in _functions_of(definition):
            found += _mutants_of_module_function(exercise, source, suffix, node, module_name)
    return tuple(found)


def all_mutants():
    """Every mutant of every graded exercise, in the exercise table's order."""
    return [mutant for key in EXERCISES for mutant in mutants_of(key)]


def graded_mutants():
    """The mutants that must fail their hidden test: all but the reviewed equivalent ones (``equivalent_mutants.py``)."""
    return [mutant for mutant in all_mutants() if mutant.key not in EQUIVALENT]


def _students_earning_one(index):
    mutant = all_mutants()[index]
    return mutant.key, students_earning(mutant.exercises, mutant.written(), as_reference=mutant.same_as_reference)


def students_earning_each(processes=2):
    """{mutant key: the students (of 200) for whom it passes every hidden test of its function}, for every mutant,
    judged in ``processes`` worker processes (forked after each student's hidden cases are drawn once)."""
    mutants = all_mutants()
    for key in {exercise.key for mutant in mutants for exercise in mutant.exercises}:
        for student in STUDENTS:
            cases_with_answers(key, student)
    pool = multiprocessing.get_context("fork").Pool(processes)
    try:
        return dict(pool.imap_unordered(_students_earning_one, range(len(mutants)), chunksize=4))
    finally:
        pool.close()
        pool.join()  # reaped, so that their CPU time counts among this process's children
