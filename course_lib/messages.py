"""Every sentence the library shows a student, as a template with named parameters: one catalogue to translate.

The instant checks, the hidden tests and the grading pipeline's verdicts all
take their words from here, ``say(id, **fields)``; so do the pictures and
widgets (``PICTURES``, from ``picture_words``), and the classic mistakes'
titles and explanations (``mistake(key)``, from ``mistake_words``). The
English text is the source. A translation keeps the ids and the parameter
names: {name} is the result's symbol or the function's name, {formula} a
shape in the notation. Translations are gettext catalogues compiled into
``course_lib/locale/<language>/LC_MESSAGES/course_lib.mo`` (they ship with
the library), one entry per id: its context is the id and its msgid the
English, so an entry made for older English is not used. The language is
``course_lib.language.current()``; English needs no catalogue.
"""

import gettext
import re
from functools import lru_cache
from pathlib import Path

from . import language as _language
from .mistake_words import ENGLISH as _MISTAKES_IN_ENGLISH
from .mistake_words import Mistake
from .picture_words import PICTURES

MESSAGES = {
    # The instant check (course_lib.checks)
    "check.passed": "✓ {name} is right on all {count} check cases.",
    "check.failed_heading": "✗ {name} is not right yet",
    "check.failed": "With {case}: {explanation}",
    "check.not_callable_heading": "✗ {name}: not a function",
    "check.not_callable": "Pass the function itself, e.g. check_{name}({name}), not {type}.",
    "check.offer_reference": "When you want to compare with the reference answer: course_lib.show_reference(\"{name}\")",
    "reference.try_first": ("The reference answer of {name} is shown once its check has run in this kernel, passed "
                            "or failed: write {name}, run its check cell, then ask again. To read it without "
                            "trying first: course_lib.show_reference(\"{name}\", confirm=True)"),

    # A written question's model answer (course_lib.show_model_answer)
    "written.model_answer": "A model answer to {question} (compare it with yours; a grader reads yours with the rubric):",
    "written.answer_first": ("Write your own answer first: in the cell under the question, replace {stub} with a "
                             "few sentences of your own, save the notebook, then ask again."),
    "written.unknown": "No written question of the course is named {question} (the name is the question cell's grade_id, e.g. written_score_symmetry).",
    "written.release": "This copy of the course has no model answers: your instructor hands them out after grading.",

    # The hidden test and the grading pipeline's verdicts
    "hidden.passed": "✓ {name} passes the hidden tests ({count} random cases).",
    "hidden.failed_heading": "✗ hidden test of {name} failed",
    "hidden.failed": "{case}: {explanation}",
    "hidden.not_callable": "{name} is not a function or class.",
    "hidden.case": "Random case {number} of {total} ({sizes})",
    "hidden.case_with_entries": "Random case {number} of {total} ({sizes}, entries of size about {scale:g})",
    "hidden.case_entries_only": "Random case {number} of {total} (entries of size about {scale:g})",
    "safe.passed": "Right on all {count} hidden random cases.",
    "safe.missing": "{missing}: define {name} in its solution cell, and keep its name.",
    "safe.not_defined": "{name} is not defined",
    "safe.cases_mismatch": "The recorded results do not match the hidden test's cases.",
    "safe.unreadable_value": "The recorded result of your function could not be read as numbers.",
    "safe.unreadable_results": "The recorded results for this exercise were unreadable.",
    "safe.tampering": "Grading stopped trusting this notebook: {what}. An instructor will review it.",
    "safe.tampered_cell": "cell {cell} changed {changed}",
    "safe.timed_out": ("The notebook used up its time budget of {budget:g} s before this exercise was "
                       "checked: look for an endless loop or very slow code."),
    "safe.process_ended": ("The notebook's process ended (exit code {code}) before this exercise was "
                           "checked: os._exit, a crash, or more memory than allowed."),
    "safe.never_checked": "This exercise was never checked: a cell before it kept the checks from running.",
    "safe.stopped_memory": ("The notebook was stopped before this exercise was checked: together its processes "
                            "used more than the {limit} of memory one submission may use. Look for a very large "
                            "array (an N × N matrix for a huge N, a copy in every loop step)."),
    "safe.stopped_cpu": ("The notebook was stopped before this exercise was checked: it used up its {limit:g} s "
                         "of processor time. Look for an endless loop, or work started in several processes."),
    "safe.stopped_disk": ("The notebook was stopped before this exercise was checked: it wrote more than the "
                          "{limit} of files one submission may write."),
    "safe.receipt_unreadable": "{name} in your submission was not read ({why}); nbgrader's submit writes it.",
    # the {why} of safe.receipt_unreadable, when the file could be opened
    "safe.receipt_not_text": "it is not plain text",
    "safe.receipt_no_time": "it holds no time",
    "safe.receipt_not_hex": "it is not a hex key",
    "safe.grading_notes": "**Grading notes**",
    "safe.verdict": "{mark} {status} ({points:g}/{max_points:g}): {reason}",
    "safe.graded_by_hand": ("✎ graded by hand ({points:g}/{max_points:g}); the automatic check had found: "
                            "{status} ({auto_points:g}/{max_points:g}): {reason}"),
    "safe.instructor_comment": "✎ your instructor's comment: {comment}",
    "safe.output_dropped": "[... {count} more characters of output were not kept]",
    "safe.written_waiting": "Your written answer waits for a grader, who reads it with the question's rubric.",
    "safe.written_blank": "No answer was written in the cell under this question; a grader will see it empty.",
    "safe.grader_failed": "The grader failed on this submission while {step}; an instructor will look at it.",
    "safe.grader_timed_out": ("The grader stopped working on this submission after {seconds:g} s while {step} "
                              "(the time limit of one step); an instructor will look at it."),
    "safe.fingerprint_failed": ("The grader could not tell whether this submission changed since it was last "
                                "graded (taking its fingerprint failed); it was graded now and will be graded "
                                "again on the next run."),
    "safe.step.fingerprint": "taking its fingerprint",
    "safe.step.read": "reading the submission",
    "safe.step.parse": "parsing its notebook",
    "safe.step.build": "building its job",
    "safe.step.run": "running it in the sandbox",
    "safe.step.results": "reading what the sandbox recorded",
    "safe.step.judge": "judging it",
    "safe.step.feedback": "writing its feedback notebook",
    "safe.step.gradebook": "storing its grade in the gradebook",
    "safe.step.result": "writing its result file",
    "safe.inherited": ("{name} calls your {helper}, which failed its own hidden test: fix {helper} first, "
                       "then {name} may be right as it is. {explanation}"),
    # Reading a submission as untrusted data (the safe pipeline's answers, untrusted_files and untrusted_json
    # modules, and the collect step's list of what it left out); {kind} is one of FILE_KINDS, said as a word
    "safe.read.entry_ignored": "{name} is {kind}; it was ignored (only regular files are read).",
    "safe.read.not_collected": "{name} was not collected from your submission ({kind}): only regular files are.",
    "safe.read.notebook_renamed": "The notebook was renamed to {name}; it was graded as {expected}.",
    "safe.read.no_notebook": "No notebook named {expected} in the submission (found: {found}).",
    "safe.read.no_notebook_at_all": "No notebook named {expected} in the submission (found: no notebook at all).",
    "safe.read.unreadable": "The submission could not be read ({error}: {detail}).",
    "safe.read.folder_refused": "{name} is not a folder that can be read ({kind}).",
    "safe.read.too_many_entries": "The folder holds more than {limit:,} files; it was not read.",
    "safe.read.file_refused": "{name} was not read: it is {kind}.",
    "safe.read.file_too_large": "{name} was not read: it has {size:,} bytes, more than the {limit:,} allowed.",
    "safe.read.file_grew": "{name} was not read: it grew past the {limit:,} bytes allowed.",
    "safe.read.empty_file": "{name} is an empty file.",
    "safe.read.json_too_deep": "{name} is not readable JSON: it is nested too deeply.",
    "safe.read.json_unreadable": "{name} is not readable JSON ({error}: {detail}).",
    "safe.read.json_nested": "{name} is not readable JSON: it is nested more than {limit} levels deep.",
    "safe.read.not_an_object": "{name} is not a notebook: its JSON is not an object.",
    "safe.read.not_format_4": ("{name} is not a notebook of format 4 (its nbformat is {version}): "
                               "open it in Jupyter and save it again."),
    "safe.read.cells_not_a_list": "{name} is not a notebook: its 'cells' is not a list.",
    "safe.read.cell_not_an_object": "{name}, cell {number} is not an object.",
    "safe.read.cell_type_not_text": "{name}, cell {number}: its cell_type is not text.",
    "safe.read.metadata_not_an_object": "{name}, cell {number}: its metadata is not an object.",
    "safe.read.nbgrader_not_an_object": "{name}, cell {number}: its nbgrader metadata is not an object.",
    "safe.read.grade_id_not_text": "{name}, cell {number}: its nbgrader grade_id is not text.",
    "safe.read.source_not_text": "{name}, cell {number}: its source is neither text nor a list of lines of text.",
    "safe.read.cell_edited": "Cell {cell} was edited; the instructor's version was used.",
    "safe.read.cell_repeated": "Cell {cell} appears more than once; the first one was graded.",
    "safe.read.solution_missing": "Solution cell {cell} is missing from the notebook; it was graded as unanswered.",

    # What happened when the function ran (course_lib.diagnosis)
    "judge.not_written": ("The function is not written yet: it still raises NotImplementedError. "
                          "Replace that line with your code."),
    "judge.raised": "Your function raised {type}: {message}.",
    "judge.raised_at": "Your function raised {type}: {message}. The error happened at: `{line}`.",
    "judge.in_course_words": "In the course's words: {explanation}",
    "judge.timed_out": ("Your function was still running after {seconds:g} s on this small input, so the check "
                        "stopped it (the notebook keeps working): look for a loop that never ends, e.g. a while "
                        "loop whose condition never changes or an index that is never increased."),
    "judge.returned_none": "Your function returned None: is the `return` statement missing?",
    "judge.part_count": "Return {count} results, as a tuple ({names}); got {type}.",
    "judge.not_numbers": "{name} should be numbers, got {type}.",
    "judge.not_an_array": ("{name} should be a numpy array of shape {formula}; yours is a Python {type}. "
                           "Build it with numpy (np.array(...) around a list, or numpy operations all the way), "
                           "so that it has a shape and a dtype."),
    "judge.unreadable": "your function returned {what}, not an array of numbers.",
    "judge.wrong_shape": "{name} should have shape {formula} = {wanted}, but yours has shape {got}.",
    "judge.wrong_shape_symbols": ("{name} should have shape {formula} = {wanted}, but yours has shape {got}, "
                                  "that is {symbols}."),
    "judge.hint_vector": ("In this course a vector is a 1-D array of shape (n,), read as a column;"
                          " a 2-D array of shape (n, 1) is a matrix. Use a 1-D result."),
    "judge.hint_transposed_shape": ("That is the transposed shape: rows and columns are swapped (check which side "
                                    "of a product each matrix goes on, and that each position is a column)."),
    "judge.hint_scalar": "A score is a single number.",
    "judge.mistake": "{title}. {explanation}",
    "judge.mistake_detail": "{title}. {explanation} {detail}",
    "judge.changed": "Changed: {names}.",
    "judge.also_changed": "Also, your function changed its inputs: {names}.",
    "judge.dtype_mask": "{name} has dtype {dtype}; a mask holds True and False (dtype bool).",
    "judge.dtype_integer": "{name} has dtype {dtype}; it counts something, so it should be a whole number (int).",
    "judge.dtype_float": "{name} has dtype {dtype}; it should be float64.",
    "judge.difference_at": "The largest difference is in {name}{index}.",
    "judge.difference_values": "The largest difference is in {name}{index}: expected {expected}, got {got}.",
    "judge.not_finite_where": "{name} holds {what} at {where} (counted from 0).",
    "judge.inherited": ("{name} calls your {helper} (notebook {notebook}), and {helper} is not right yet: fix it "
                        "first, then check {name} again; it may be right as it is. What the check of {helper} "
                        "says: {explanation}"),

    # Relations between a wrong result and the right one (course_lib.relations)
    "relation.transposed_shape": ("{name} should have shape {formula}, but yours is the right answer transposed, "
                                  "shape {shape}: rows and columns are swapped. Check which side of each product a "
                                  "matrix goes on and every .T: in this course each position is a column."),
    "relation.vector_as_matrix": ("{name} should have shape {formula} = {wanted}, but yours has shape {got}, with "
                                  "the right numbers. In this course a vector is a 1-D array of shape (n,), read as "
                                  "a column; a 2-D array of shape (n, 1) is a matrix. Use a 1-D result."),
    "relation.elementwise": ("{name} equals {left} * {right}: an entry-by-entry product, where this step needs a "
                             "matrix product (@) or an inner product that adds the products up."),
    "relation.zeros": ("{name} is all zeros: nothing was written into it (a loop that never ran, or an array "
                       "created and never filled)."),
    "relation.truncated": ("{name} holds whole numbers: the right values cut with {how}. Something turned floats "
                           "into integers, e.g. an array made with dtype=int, or with np.zeros_like of an integer "
                           "array, that you then wrote floats into."),
    "relation.whole_numbers": ("{name} holds only whole numbers where the right values have decimals: an integer "
                               "array somewhere (dtype=int, or an array built from whole numbers) rounds what is "
                               "written into it."),
    "relation.precision": ("{name} agrees with the right values only to about {digits} significant digits, where "
                           "float64 keeps about 15: something is computed in low precision (float32 or float16 "
                           "somewhere: a dtype= argument, np.float32(...)) or with a rounded constant. Compute in "
                           "float64 all the way."),
    "relation.transposed": ("{name} is the transpose of the right one: your entry [j, i] is the right entry [i, j]. "
                            "Check the order of each product and every .T: in this course A = Kᵀ Q, so "
                            "A[j, i] = α_{{i,j}} and column i belongs to query i."),
    "relation.factor_named": ("Every entry of {name} is {factor} times the right value, and {factor} = {symbols}: "
                              "look for a scaling by {symbols} that the exercise does not have, or one it has that "
                              "you left out or applied twice."),
    "relation.negated": ("{name} has the right numbers with the opposite sign: check the order of a subtraction "
                         "and each minus sign (gradient descent subtracts the gradient)."),
    "relation.factor_constant": ("Every entry of {name} is {factor} times the right value: look for a stray factor "
                                 "{factor}, e.g. in a derivative, a difference divided by h where 2h belongs, or a "
                                 "sum counted twice."),
    "relation.factor_ratio": ("Every entry of {name} is {factor} times the right value, and {factor} = {right}/{wrong}: "
                              "a scaling by {wrong} where {right} belongs (you divided by {wrong} instead of {right})."),
    "relation.factor": ("Every entry of {name} is {factor} times the right value: the right numbers up to a "
                        "constant factor. Look for a scaling the exercise does not have, one left out, or a mean "
                        "where a sum belongs."),
    "relation.rows_sum_to_one": ("Each ROW of {name} sums to 1, but in this course each COLUMN should: column i "
                                 "holds query i's scores, so normalise down each column (axis=0)."),
    "relation.columns_sum_to_one": ("Each COLUMN of {name} sums to 1, but with positions in rows each ROW should: "
                                    "normalise along each row (axis=-1)."),
    "relation.matrix_sums_to_one": ("The whole of {name} sums to 1: you normalised over all entries at once. Each "
                                    "column is normalised on its own (a sum with axis=0, keepdims=True)."),
    "relation.columns_not_normalised": ("The columns of {name} should each sum to 1 (column i holds query i's "
                                        "weights), but yours do not: divide each column by its own sum "
                                        "(axis=0, keepdims=True)."),
    "relation.rows_not_normalised": ("The rows of {name} should each sum to 1 (with positions in rows, row i holds "
                                     "query i's weights), but yours do not: divide each row by its own sum "
                                     "(axis=-1, keepdims=True)."),
    "relation.columns_other_weights": ("Each column of {name} sums to 1 where it should, so the normalisation is "
                                       "right, but the weights are not: check what you normalise (exp of each score "
                                       "minus its column's maximum for softmax, max(score, 0) for ReLU) and that a "
                                       "mask is used as given, mask[j, i] for key j and query i."),
    "relation.rows_other_weights": ("Each row of {name} sums to 1 where it should, so the normalisation is right, "
                                    "but the weights are not: check what you normalise (exp of each score minus its "
                                    "row's maximum for softmax) and that every score is the right one."),
    "relation.reduced_argument": ("{name} is the {how} of your input {argument} along axis {axis}: check what is "
                                  "summed. A weighted sum multiplies each value by its weight first, "
                                  "b = Σ_j α'_j v^j."),
    "relation.argument_reversed": ("{name} is what the right computation gives with {argument} in reverse order "
                                   "(its positions counted backwards): check the order in which you go through "
                                   "{argument} (a loop running backwards, or [::-1])."),
    "relation.argument_shifted": ("{name} is what the right computation gives with {argument} shifted by one "
                                  "position (entry j - 1 used where entry j belongs): look for an index off by one, "
                                  "e.g. {argument}[j - 1]."),
    "relation.argument_first_left_out": ("{name} is what the right computation gives with the first position of "
                                         "{argument} left out: does a loop start at 1 instead of 0?"),
    "relation.argument_last_left_out": ("{name} is what the right computation gives with the last position of "
                                        "{argument} left out: does a loop stop one step early (range(N - 1))?"),
    "relation.argument_zeroed": ("{name} is what the right computation gives without {argument} (as if it were all "
                                 "zeros): {argument} is not used; add it where it belongs."),
    "relation.argument_transposed": ("{name} is what the right computation gives with {argument} transposed: use "
                                     "{argument} as it is given (a mask's entry [j, i] is key j and query i)."),
    "relation.argument_inverted": ("{name} is what the right computation gives with True and False of {argument} "
                                   "swapped: True means \"may attend\"."),
    "relation.argument_plus_one": ("{name} is what the right computation gives with {argument} one larger: look "
                                   "for an off-by-one in how you use {argument} (a + 1, or counting from 1)."),
    "relation.argument_minus_one": ("{name} is what the right computation gives with {argument} one smaller: look "
                                    "for an off-by-one in how you use {argument} (a - 1, or range(1, ...))."),
    "relation.argument_one": ("{name} is what the right computation gives with {argument} = 1: check that your "
                              "code uses {argument} (e.g. splits into {argument} heads)."),
    "relation.product_of_arguments_scaled": ("{name} equals {product} times {factor}, which is not what this step "
                                             "computes: check which arrays go into the product."),
    "relation.constant": ("Every entry of {name} is the same number, where the right entries differ: one value "
                          "(a sum or a mean over everything) was spread over the whole result; compute one entry "
                          "per position."),
    "relation.an_argument": ("{name} is your input {argument}, unchanged: the function returns its argument instead "
                             "of computing (or updating) the result."),
    "relation.product_of_arguments": ("{name} equals {product}, which is not what this step computes: check which "
                                      "arrays go into the product (in this course A = Kᵀ Q, O = V A', "
                                      "dQ = K dA)."),
    "relation.slice_of_argument": ("{name} is {kind} {index} of {argument} (counted from 0), which is not the part "
                                   "of {argument} this step asks for: check the index, and whether you need a row "
                                   "or a column (A'[j, i] is query i's weight on key j)."),
    "relation.some_slices": ("{name} is right in {right_count} of its {count} {words} and wrong in {words} {wrong} "
                             "(counted from 0): compare what your code does for those {words} with the others, "
                             "e.g. a loop that stops early or reuses one {word}'s weights."),
    "relation.parts_swapped": ("Your {got_name} is the right {wanted_name}: the results are in the wrong order. "
                               "Return them as ({names})."),
    "judge.not_a_tuple": ("Return the {count} results as a tuple ({names}), e.g. `return {names}`; yours is a "
                          "{type}."),
    "relation.normalised_unasked": ("{name} sums to 1 like attention weights do, but the right {name} does not: "
                                    "you returned weights, or normalised, where this step asks for something else "
                                    "(the raw scores before the softmax, or the output O = V A' after it)."),
    "relation.shifted_later": ("{name} is the right answer shifted by one {kind}: your {kind} i holds the right "
                               "{kind} i - 1. Look for an index off by one, e.g. i - 1, "
                               "or a loop that starts at 1."),
    "relation.shifted_earlier": ("{name} is the right answer shifted by one {kind}: your {kind} i holds the right "
                                 "{kind} i + 1. Look for an index off by one, e.g. i + 1, or "
                                 "positions counted from 1 instead of 0."),
    "relation.permuted": ("{name} has the right {kinds} in the wrong order: your {kind} {index} is the right "
                          "{kind} {holds} (counted from 0). Check the order in which you stack, index or "
                          "concatenate them."),
    "relation.some_entries": ("{name} is right in {right_count} of its {count} entries and wrong at {wrong} "
                              "(counted from 0): compare what your code does for those entries with the others."),
    "relation.diagonal": ("{name} is right everywhere except on its diagonal, the entries [i, i] ({row} i with "
                          "{column} i itself): look at what your code does when the two indices are equal."),
    "relation.upper_triangle": ("{name} is right on and below the diagonal and wrong above it, in the entries "
                                "[j, i] with j < i ({row} j before {column} i): check which triangle your mask or "
                                "loop keeps (np.triu or np.tril, j <= i or j < i)."),
    "relation.lower_triangle": ("{name} is right on and above the diagonal and wrong below it, in the entries "
                                "[j, i] with j > i ({row} j after {column} i): check which triangle your mask or "
                                "loop keeps (np.triu or np.tril, j <= i or j < i)."),
    "relation.upper_triangle_and_diagonal": ("{name} is right below the diagonal and wrong on and above it, in "
                                             "the entries [j, i] with j <= i ({row} j up to {column} i itself): "
                                             "check which triangle your mask or loop keeps, and whether it "
                                             "includes the diagonal (range(i + 1), np.triu(..., k=0))."),
    "relation.lower_triangle_and_diagonal": ("{name} is right above the diagonal and wrong on and below it, in "
                                             "the entries [j, i] with j >= i ({row} j from {column} i on): check "
                                             "which triangle your mask or loop keeps, and whether it includes "
                                             "the diagonal (range(i + 1), np.tril(..., k=0))."),
    "relation.last_column": ("{name} is right in all its columns but the last one (column {last}, one per {word}, "
                             "counted from 0): look at how your code handles the last {word}, e.g. a loop that "
                             "stops one step early."),
    "relation.last_row": ("{name} is right in all its rows but the last one (row {last}, one per {word}, counted "
                          "from 0): look at how your code handles the last {word}, e.g. a loop that stops one step "
                          "early."),
    "relation.last_columns": ("{name} is right in its first {first} columns and wrong in the last {count} "
                              "(columns {first} … {last}, one per {word}, counted from 0): look at how your code "
                              "handles the last {words}, e.g. a loop that stops early or a short last block."),
    "relation.some_columns": ("{name} is right in {right_count} of its {count} columns and wrong in columns {wrong} "
                              "(column i belongs to {word} i, counted from 0): compare what your code does for "
                              "those {words} with the others."),
    "relation.last_rows": ("{name} is right in its first {first} rows and wrong in the last {count} "
                           "(rows {first} … {last}, one per {word}, counted from 0): look at how your code "
                           "handles the last {words}, e.g. a loop that stops early or a short last block."),
    "relation.some_rows": ("{name} is right in {right_count} of its {count} rows and wrong in rows {wrong} "
                           "(row j belongs to {word} j, counted from 0): compare what your code does for those "
                           "{words} with the others."),

    # numpy's errors read back in the notation (course_lib.numpy_errors)
    "numpy.matmul_other_order": ("you multiplied a {left} array by a {right} one; the inner sizes {inner_left} and "
                                 "{inner_right} must be equal. The other order, {right} times {left}, fits: check "
                                 "which matrix goes on the left (the weights do: q = W^q a, Q = W^q I)."),
    "numpy.matmul_transpose_left": ("you multiplied a {left} array by a {right} one; the inner sizes {inner_left} "
                                    "and {inner_right} must be equal. {left}ᵀ times {right} fits: is a transpose "
                                    "missing on the left (A = Kᵀ Q)?"),
    "numpy.matmul_transpose_right": ("you multiplied a {left} array by a {right} one; the inner sizes {inner_left} "
                                     "and {inner_right} must be equal. {left} times {right}ᵀ fits: is a transpose "
                                     "missing on the right?"),
    "numpy.matmul_shapes": ("you multiplied a {left} array by a {right} one; the inner sizes {inner_left} and "
                            "{inner_right} must be equal. Check both shapes against the notation."),
    "numpy.matmul_sizes": ("in a matrix product the left matrix has {columns} columns and the right one {rows} "
                           "rows; they must be equal. Check the order of the product and whether a transpose is "
                           "missing (in this course Q = W^q I, A = Kᵀ Q, O = V A')."),
    "numpy.broadcast": ("arrays of shapes {shapes} were combined entry by entry (+, -, *, /), which needs shapes "
                        "that match. Check each against the notation: is one transposed, or a sum missing "
                        "keepdims=True?"),
    "numpy.index": ("index {index} is past the end of axis {axis}, which has size {size}: its indices run from 0 "
                    "to {last}. Is a loop going one step too far (range(1, N + 1) instead of range(N))?"),
    "numpy.axis": ("axis={axis} does not exist in an array with {ndim} axes (axes 0 … {last}); in this course a "
                   "matrix's axis 0 runs down each column and axis 1 along each row."),
    "numpy.reshape": ("an array of {size} numbers cannot take the shape {shape}, which holds {wanted}: the sizes "
                      "given to reshape must multiply to the array's size. Check which sizes you combined."),
    "numpy.list_index": "a list was indexed past its end: is a loop going one step too far, or counting from 1?",
    "numpy.ragged": ("numpy could not make one array of these pieces because they have different lengths: check "
                     "that every vector you stack has the same size."),
    # Where relations see nothing: mistakes located by rerunning the function (course_lib.probes)
    "relation.argument_replaced": ("{name} is what the right computation gives with {other} in place of "
                                   "{argument}: your function uses {other} where {argument} belongs. Find where "
                                   "{other} is used and check each use against the formula."),
    "relation.argument_all_allowed": ("{name} is what the right computation gives when {argument} allows every "
                                      "key: the mask is not applied. Give the masked scores -inf before the "
                                      "softmax, so that their weights are 0."),
    "relation.some_parts": ("Of your results ({names}), {right} right and {wrong} wrong: look at what "
                            "computes {wrong}; what the right ones use is right."),
    "relation.gradient_not_linear": ("{name} does not grow in proportion to {upstream}: a backward pass multiplies "
                                     "{upstream} by a Jacobian, so doubling {upstream} must double {name}, and "
                                     "{name} must be 0 when {upstream} is 0. Check that every term is multiplied "
                                     "by {upstream}, and that nothing else is added."),
    "relation.gradient_terms": ("{name} answers a change in one entry of {upstream} wrongly. Asked one entry of "
                                "{upstream} at a time, right: {right}; wrong: {wrong}. Write the derivative of one "
                                "entry for each of those cases (the lecture's columns: A'[j, i] = α'_{{i,j}}) and "
                                "compare it with the line of code that makes it."),
    "probe.group_itself": "how an entry depends on the same entry ([j, i] on [j, i])",
    "probe.group_same_column": "how it depends on the other entries of its column ([j, i] on [r, i], r ≠ j)",
    "probe.group_same_row": "how it depends on the other entries of its row ([j, i] on [j, c], c ≠ i)",
    "probe.group_elsewhere": "how it depends on entries of other rows and columns",
    "probe.group_none": "none of these",
    "relation.probe_ignores_column": ("{name} stays the same when column {last} of {argument} (the last one) "
                                      "changes, but the right {name} changes with it: nothing of that column "
                                      "reaches your {name}. Look for a loop or a slice that stops one short "
                                      "(range(N - 1), [:-1], a last block left out), or a term in which "
                                      "{argument} cancels out."),
    "relation.probe_several_heads": ("Asked with one head, your function is right; with h = {h} heads it is "
                                     "not. What differs between heads is wrong: each head's own weights, or how "
                                     "the heads are split, put together in order (head 0 first) and sent "
                                     "through the output weights, which see every head."),
    "relation.probe_several_blocks": ("Asked with all N = {N} keys in one block, your function is right; in "
                                      "blocks of {block} it is not. The blocks are combined wrongly: every query "
                                      "must see every block of keys once, the running m, s and acc rescaled by "
                                      "exp(m_old - m_new) when the maximum rises, and O = acc / s only at the end."),
    "relation.probe_scaled": ("With {argument} multiplied by {inverse}, your function gives the right {name}: it "
                              "multiplies what {argument} goes into (the scores, for W^q or W^k) by {factor}. Look "
                              "for a scaling by {factor} that the exercise does not have, or one it has that you "
                              "left out or applied twice."),
    "relation.probe_scaled_ratio": ("With {argument} multiplied by {wrong}/{right}, your function gives the right "
                                    "{name}: what {argument} goes into (the scores, for W^q or W^k) is scaled by "
                                    "{wrong} where {right} belongs (you divided by {wrong} instead of {right})."),
    "relation.probe_right_without": ("With {argument} all zeros your function gives the right {name}; with the "
                                     "real {argument} it does not: the mistake is in how the bias {argument} is "
                                     "added (a sign, * or / where + belongs, the wrong place)."),
    "relation.probe_not_proportional": ("{name} is proportional to {argument}: with {argument} doubled, the right "
                                        "{name} doubles too. Yours does not, so your code does something with "
                                        "{argument} other than multiplying by it: an addition, a subtraction, a "
                                        "division, a power or an integer division (//, %) where the formula has a "
                                        "product."),
    "relation.bias_multiplied": ("With {argument} all ones your function gives what the right one gives with "
                                 "{argument} all zeros: it multiplies by the bias {argument} where the bias is added "
                                 "(the product first, then + {argument}). Write + {argument}, not * {argument}."),
    "relation.bias_divided": ("With {argument} all ones your function gives what the right one gives with {argument} "
                              "all zeros: it divides by the bias {argument} where the bias is added (the product "
                              "first, then + {argument}). Write + {argument}, not / {argument}."),
    "relation.bias_as_factor": ("With {argument} all ones your function gives what the right one gives with "
                                "{argument} all zeros: it multiplies or divides by the bias {argument} where the bias "
                                "is added (the product first, then + {argument})."),
    "probe.your_function": "your function",
    "relation.weights_not_normalised": ("{name} is the right weighted sum of the values, but with other attention "
                                        "weights. On inputs whose values are the identity (so that the result is the "
                                        "weights themselves), the weights inside {function} do not sum to 1: each "
                                        "{kind} holds one query's weights, and yours sum to between {low} and {high}. "
                                        "The softmax inside {function} must divide each exponential by the sum of "
                                        "its {kind}."),
    "relation.weights_other_axis": ("{name} is the right weighted sum of the values, but with other attention "
                                    "weights. On inputs whose values are the identity (so that the result is the "
                                    "weights themselves), the weights inside {function} sum to 1 in each of the "
                                    "{word} instead of in each {kind}: the softmax inside {function} normalises along "
                                    "the wrong axis. Each {kind} holds one query's weights, and those must sum to 1."),
    "relation.weights_scores_scaled": ("{name} is the right weighted sum of the values, but with other attention "
                                       "weights. On inputs whose values are the identity (so that the result is the "
                                       "weights themselves), the weights inside {function} are the softmax of the "
                                       "right scores multiplied by {factor}: the scores that go into the softmax are "
                                       "scaled wrongly (multiplied where they should be divided, scaled twice, or "
                                       "not at all)."),
    "relation.weights_not_softmax": ("{name} is the right weighted sum of the values, but with other attention "
                                     "weights. On inputs whose values are the identity (so that the result is the "
                                     "weights themselves), the weights inside {function} sum to 1 in each {kind}, but "
                                     "they are not the softmax of the scores: what goes into exp is not each score "
                                     "minus one number per {kind} (its maximum), or the scores themselves are "
                                     "computed wrongly."),
    "relation.argument_rows_reordered": ("{name} is {argument} with its rows in another order. A row of {argument} "
                                         "is one feature of every position; the positions are its columns (vectors "
                                         "are columns), so putting positions in another order moves whole columns."),
    "relation.offset_added": ("Every entry of {name} is the right value plus {offset}: a number is added where "
                              "the formula has none (+ where / or * belongs?)."),
    "relation.offset_subtracted": ("Every entry of {name} is the right value minus {offset}: a number is "
                                   "subtracted where the formula has none (- where / or * belongs?)."),
    "relation.affine_added": ("Every entry of {name} is {factor} times the right value plus {offset}: a number "
                              "is added where the formula multiplies or divides (+ where / belongs?)."),
    "relation.affine_subtracted": ("Every entry of {name} is {factor} times the right value minus {offset}: a "
                                   "number is subtracted where the formula multiplies or divides (- where / "
                                   "belongs?)."),
    "relation.count_terms": ("{name} is not the right formula in {symbols}. Asked at many sizes, yours = the right "
                             "count {difference}. Find those terms in your formula: a product left out, counted "
                             "twice, or with the wrong size."),
    "relation.count_growth": ("{name} is no sum of products of {symbols}, as a count of parameters or operations "
                              "is: asked with one size far larger, {sizes}. Look for a product where a sum belongs, "
                              "a division, a power, or a bit operator (^ is not a power)."),
    "relation.count_growth_size": "in {size} yours grows like {yours} and the right count like {right}",
    "relation.count_no_power": "no power of {size}",
    "relation.scalar_family": ("{name} equals {quantity}, a related number but not the one asked for: check the "
                               "reduction (sum or mean), the power, and which entries the formula for {name} "
                               "takes."),
    "quantity.sum": "the sum of {of}",
    "quantity.mean": "the mean of {of}",
    "quantity.max": "the largest entry of {of}",
    "quantity.sum_but_first": "the sum of {of} without its first entry",
    "quantity.sum_but_last": "the sum of {of} without its last entry",
    "quantity.sqrt": "the square root of {of}",
    "quantity.square": "the square of {of}",
    "quantity.right_value": "the right value",
    "numpy.bit_operator": ("{operator} is a bit operator, for whole numbers (and & | ~ for True/False masks); on "
                           "numbers like these an arithmetic one belongs: + - * / or ** (x ** 2 squares, x ^ 2 "
                           "does not)."),
    "numpy.assign_shape": ("a result of shape {got} was written into a place of shape {place}: the slice on the "
                           "left of = and the array on the right must have the same shape."),
    "numpy.transpose_axes": ("transpose was given the same axis twice: list each axis once, in the new order "
                             "(e.g. .transpose(0, 2, 1, 3) swaps the middle two)."),
    "numpy.shape_index": ("an index into a shape (or another tuple) is past its end: the array has fewer axes than "
                          "the code expects, e.g. x.shape[2] of a matrix."),
    "numpy.whole_number": ("a size, index or slice bound is not a whole number: use // (floor division) or int(...) "
                           "where a size is computed, e.g. d // h, not d / h."),
    "numpy.matmul_lists": "@ does not work on Python lists: make numpy arrays of them first (np.array(...)).",

    # Where a result holds nan or inf (course_lib.diagnosis)
    "judge.where_columns": "every entry of column {columns}",
    "judge.where_only_entry": "its only entry",
    "judge.where_more": "{listed} and {more} more",

    # What a notebook's own demonstration says when a student's piece upsets it
    "training.loss_not_finite": ("Your loss grew to inf (or nan) after {step} steps: check dO. In your mse_loss it is "
                                 "2 (O - T) / O.size; then check the sign of the step in your gradient_descent_step "
                                 "(W - η dW), and run this cell again."),
    "training.no_loss_plot": "No plot: the loss is not a finite number (see the message above).",
    "capstone.loss_not_finite": ("Your loss grew to inf (or nan) after {step} steps, so the steps went the wrong way "
                                 "or grew without bound. Check dlogits in your cross_entropy_columns, (Ŷ - Y) / N, and "
                                 "the signs in your capstone_training_step."),
}

MESSAGES.update(PICTURES)

MISTAKES = {mistake.key: mistake for mistake in _MISTAKES_IN_ENGLISH}  # in English, by key
TEXTS = {}  # plain text, not templates: the mistakes' words, by id
for _mistake in _MISTAKES_IN_ENGLISH:
    TEXTS[f"mistake.{_mistake.key}.title"] = _mistake.title
    TEXTS[f"mistake.{_mistake.key}.explanation"] = _mistake.explanation

# A graded cell's status as the student reads it (the gradebook and the CSVs keep the English word).
STATUSES = ("passed", "failed", "error", "timed out", "not gradable", "suspected tampering", "to grade by hand",
            "graded by hand")
for _status in STATUSES:
    TEXTS[f"status.{_status}"] = _status

# Words the judge puts into some fields ({word}, {kind}, {row} …, e.g. "query", "columns"): translated as words.
WORD_FIELDS = frozenset({"word", "words", "kind", "kinds", "row", "column", "how", "what"})
VOCABULARY = ("query", "queries", "key", "keys", "position", "positions", "feature", "features", "entry", "entries",
              "row", "rows", "column", "columns", "head", "heads", "slice", "slices", "batch entry", "batch entries",
              "sum", "mean", "nan and inf")
for _word in VOCABULARY:
    TEXTS[f"word.{_word}"] = _word

# What a file in a submission is, as the grader reads it without following links (``kind_of`` of the safe
# pipeline's untrusted_files module): said as a word in a {kind} field of the safe.read.* messages.
FILE_KINDS = ("a symbolic link", "a folder", "a FIFO (named pipe)", "a socket", "a device", "a regular file",
              "an unknown kind of file")
VOCABULARY += FILE_KINDS
for _kind in FILE_KINDS:
    TEXTS[f"word.{_kind}"] = _kind

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "course_lib"


def english():
    """{id: English text} of every string a student may read: the templates, then the plain texts."""
    return {**MESSAGES, **TEXTS}


@lru_cache(maxsize=None)
def translations(language):
    """The compiled catalogue of ``language`` (gettext); English, or a language without one, translates nothing."""
    if language == _language.ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE, languages=[language.replace("-", "_")], fallback=True)


def text(message_id, language=None):
    """The text of ``message_id`` in ``language`` (default: the learner's), English where it has no translation."""
    source = MESSAGES[message_id] if message_id in MESSAGES else TEXTS[message_id]
    return translations(language or _language.current()).pgettext(message_id, source)


def say(message_id, **params):
    """The message ``message_id`` in the learner's language with its parameters filled in.

    A word of the vocabulary in one of WORD_FIELDS is said in the same language."""
    words = {field: text(f"word.{value}") for field, value in params.items()
             if field in WORD_FIELDS and isinstance(value, str) and value in VOCABULARY}
    return typeset(text(message_id).format(**{**params, **words}))


# a Han character or full-width punctuation (。，：（）…), then spaces, then a Han character
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]) +(?=[\u4e00-\u9fff])")


def typeset(sentence):
    """``sentence`` as the learner's language writes it: in Chinese no space before a Han character that
    follows Han or full-width punctuation (a template spaces its fields off for Latin symbols, e.g.
    "用 {case} 時", and a field may begin with Han; sentences joined by a space follow a 。)."""
    if _language.current() == _language.ENGLISH:
        return sentence
    return _SPACE_BETWEEN_HAN.sub("", sentence)


DRAWN = "drawn."  # the id of a text a notebook's own code draws: "drawn." + its English


def translated(english):
    """A title, axis label or legend that a notebook's own code draws, or a line it prints, in the learner's language.

    The notebook keeps the English in its code, ``ax.set_title(translated("a few rows of P"))``,
    ``print(translated("column sums:"), A_prime.sum(axis=0))``, so every
    edition's code cells stay the English ones; a text with fields is formatted after, e.g.
    ``translated("your step h = {h:g}").format(h=h)``. The translations are in the library's
    catalogue under the id "drawn." + the English (the course's catalogue update finds them in the
    notebooks); a text without one is drawn in English.
    """
    return typeset(translations(_language.current()).pgettext(DRAWN + english, english))


def status_word(status):
    """A graded cell's status (one of STATUSES) in the learner's language."""
    return text(f"status.{status}")


CASE = "case."  # the id of a stored check case's label (e.g. "Q and K of shape (3, 6)"): "case." + its English
_A_WORD = re.compile(r"(?<![\w^'])[a-z]{2,}(?![\w'])")


def has_words(label):
    """Whether a case label has words to translate; one of symbols and sizes only ("N = 4", "d_in = 5, d_k = 3")
    is said as it is."""
    return bool(_A_WORD.search(label))


def case_label(label):
    """A stored check case's label in the learner's language. The labels are found in the stored cases
    (``course_lib/check_data``) by the course's catalogue update."""
    if not has_words(label):
        return label
    return typeset(translations(_language.current()).pgettext(CASE + label, label))


def sentence_start(words):
    """``words`` to begin a sentence: the first letter capitalised in English (the other languages have no capitals)."""
    if _language.current() != _language.ENGLISH:
        return words
    return f"{words[0].upper()}{words[1:]}"


def mistake(key):
    """The named mistake ``key`` with its title and explanation in the learner's language."""
    return Mistake(key, text(f"mistake.{key}.title"), text(f"mistake.{key}.explanation"))
