"""The learners' README in Chinese: ``README.zh-TW.md`` written by hand, ``README.zh-CN.md`` made from it.

The mainland README is the Taiwan one through ``simplified.to_mainland``
(OpenCC and the reviewed overrides), after the few sentences that name an
edition are said for the mainland edition (its command, its folder, the
language links). Each of those sentences must be in the Taiwan README as
written here, so that a change to one of them fails loudly instead of leaving
the mainland README pointing at the Taiwan edition.
"""

from ..course import REPO
from .simplified import to_mainland

TAIWAN = REPO / "README.zh-TW.md"
MAINLAND = REPO / "README.zh-CN.md"

# (as the zh-TW README says it, as the zh-CN README says it before conversion)
FOR_THE_MAINLAND_EDITION = (
    ("[English](README.md) · **繁體中文** · [简体中文](README.zh-CN.md)",
     "[English](README.md) · [繁體中文](README.zh-TW.md) · **简体中文**"),
    ("./course.sh lab --lang zh-TW\n", "./course.sh lab --lang zh-CN\n"),
    ("放進 `learner-zh-TW/`", "放進 `learner-zh-CN/`"),
    ("然後用繁體中文介面打開 JupyterLab。想要簡體中文就用 `--lang zh-CN`",
     "然後用簡體中文介面打開 JupyterLab。想要繁體中文就用 `--lang zh-TW`"),
)


class ReadmeChanged(Exception):
    """The zh-TW README no longer says a sentence that the zh-CN one says for its own edition."""


def mainland_readme(taiwan):
    """The zh-CN README from the text of the zh-TW one."""
    for said, for_the_mainland in FOR_THE_MAINLAND_EDITION:
        if said not in taiwan:
            raise ReadmeChanged(f"{TAIWAN.name} no longer says {said!r}: update FOR_THE_MAINLAND_EDITION in {__file__}")
        taiwan = taiwan.replace(said, for_the_mainland)
    # the language links stay out of the conversion: the 繁體中文 link is named in Traditional characters
    links = FOR_THE_MAINLAND_EDITION[0][1]
    return to_mainland(taiwan.replace(links, _LINKS)).replace(_LINKS, links)


_LINKS = "⟦language links⟧"  # a mark OpenCC leaves as it is


def write_mainland_readme():
    MAINLAND.write_text(mainland_readme(TAIWAN.read_text(encoding="utf-8")), encoding="utf-8")
    return MAINLAND
