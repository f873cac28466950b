"""The course in other languages, built from the one English source.

The English instructor notebooks stay the only source of code, graded cells
and nbgrader metadata. An edition (zh-TW, zh-CN) differs from them in its
prose only: each markdown cell is replaced by its translation from a gettext
catalogue, ``translations/<language>/<notebook>.po``, one entry per cell,
keyed by the cell's nbgrader grade_id. Every code cell, grade id, point and
checksum stays byte for byte as in English, so one gradebook, one set of
hidden tests and one grading run serve a class that mixes editions.

- ``catalogue``: the entries of a notebook, reading and writing catalogues,
  and bringing them up to date when the English changes (a changed cell's
  translation is kept but marked stale, gettext's "fuzzy").
- ``simplified``: the zh-CN catalogue made from zh-TW with OpenCC
  (Taiwan → mainland, phrase by phrase) and the reviewed overrides.
- ``build``: an edition's notebooks from the English ones and a catalogue.
- ``messages``: the library's messages (``course_lib/messages.py``) as catalogues, compiled.
- ``readme``: the learners' README.zh-CN.md made from README.zh-TW.md.

``python -m autograder.editions update|build|check`` (see ``__main__``).
"""

LANGUAGES = ("zh-TW", "zh-CN")
WRITTEN = "zh-TW"        # translated by hand
CONVERTED = {"zh-CN": WRITTEN}  # made from another edition's catalogue
