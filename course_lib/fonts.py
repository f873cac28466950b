"""A font for Chinese in the pictures: matplotlib's default (DejaVu Sans) has no Chinese characters.

In a Chinese edition, ``use_language_font()`` makes matplotlib's font the
first installed font with Traditional (zh-TW) or Simplified (zh-CN) glyphs,
followed by DejaVu Sans: matplotlib takes each character of plain text from
the first font that has it. Formulas ($...$) keep mathtext's own fonts. ``./course.sh setup`` installs Noto Sans
CJK where it can (Debian: fonts-noto-cjk); macOS and Windows have their own.
In English nothing changes.
"""

import re
from functools import lru_cache

import matplotlib
from matplotlib import font_manager

from . import language

# Families with the region's glyph forms first, then any that cover both scripts.
CJK_FAMILIES = {
    "zh-TW": ["Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "Microsoft JhengHei", "PingFang TC",
              "Heiti TC"],
    "zh-CN": ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
              "Heiti SC"],
}
ANY_CJK = ["Noto Sans CJK JP", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "Arial Unicode MS"]
LATIN = "DejaVu Sans"
# File names of CJK fonts, for a font installed after matplotlib made its list of the system's fonts.
CJK_FILE = re.compile(r"cjk|sourcehan|wqy|droidsansfallback|msjh|msyh|pingfang|hei", re.IGNORECASE)


def _known(language_name):
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES.get(language_name, []) + ANY_CJK if family in installed), None)


@lru_cache(maxsize=None)
def _add_system_cjk_fonts():
    """Tell matplotlib about the system's CJK font files (its cached list predates a font installed later)."""
    for path in font_manager.findSystemFonts():
        if CJK_FILE.search(path.rsplit("/", 1)[-1]):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def installed_cjk_family(language_name):
    """The first installed family that writes ``language_name``'s characters, or None."""
    family = _known(language_name)
    if family is None:
        _add_system_cjk_fonts()
        family = _known(language_name)
    return family


def use_language_font(language_name=None):
    """Let matplotlib draw the learner's language (default: ``language.current()``); the family used, or None."""
    language_name = language_name or language.current()
    if language_name == language.ENGLISH:
        return None
    family = installed_cjk_family(language_name)
    if family is None:
        return None
    # A list of families, not the generic "sans-serif": matplotlib falls back from one to the next per character.
    # The CJK font comes first: the words around a formula ("column 1 of $A'$") are drawn by mathtext in the
    # first family only; it has Latin letters too, and DejaVu Sans adds what it lacks (ᵀ) in plain text.
    matplotlib.rcParams["font.family"] = [family, LATIN]
    return family
