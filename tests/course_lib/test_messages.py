"""Is every sentence the judge writes a template of the one catalogue, and every template used?"""

import re
import string
from pathlib import Path

import course_lib
from course_lib.messages import MESSAGES

REPO = Path(course_lib.__file__).resolve().parent.parent
JUDGING = [REPO / "course_lib" / name for name in ("diagnosis.py", "relations.py", "numpy_errors.py",
                                                  "inherited.py", "probes.py", "checks/_runner.py")]
JUDGING += [REPO / "autograder" / "judge.py", REPO / "autograder" / "safe" / "verdicts.py"]
ID = re.compile(r"""["']((?:check|hidden|safe|judge|relation|numpy|probe|quantity)\.[a-z_]+)["']""")


def used_ids():
    return {found for path in JUDGING for found in ID.findall(path.read_text())}


def test_every_id_the_judge_uses_is_in_the_catalogue():
    assert used_ids() - set(MESSAGES) == set()


def test_every_template_is_used():
    assert set(MESSAGES) - used_ids() == set()


def test_every_template_formats_with_named_parameters_only():
    for message_id, template in MESSAGES.items():
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
        assert all(field and field.isidentifier() for field in fields), message_id
