"""The mutants of the reference answers that compute the same function, each read and given its reason.

Keyed by ``Mutant.key`` (the function, Cosmic Ray's operator, the line before
and after: no line numbers). ``tests/autograder/test_mutants.py`` fails when an
entry is no longer generated (the source changed: review it again) and when a
listed mutant is caught by its hidden test after all (it was not equivalent).
"""

EQUIVALENT = {
}
