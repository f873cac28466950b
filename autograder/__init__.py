"""The course's grading side: nbgrader course, hidden tests, and the grading pipeline.

Instructor only: nothing in this package is part of the student release.
"""
