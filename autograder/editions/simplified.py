"""The zh-CN catalogue made from the zh-TW one: OpenCC, Taiwan to mainland, then reviewed overrides.

OpenCC's ``tw2sp`` converts characters and Taiwan phrases to mainland ones
(程式 → 程序, 資料 → 数据, 函式 → 函数). Where its choice is not the one a
mainland teacher of linear algebra would write, ``translations/zh-CN/overrides.tsv``
says what to write instead, one reviewed pair per line (OpenCC's output, a tab,
the mainland word): 矢量 → 向量 (physics' word for a vector), and the glosses
of column and row, whose Chinese words swap between the regions (Taiwan 行 =
column, 列 = row; mainland 列 = column, 行 = row).
"""

from functools import lru_cache

from babel.messages.catalog import Catalog

from .catalogue import TRANSLATIONS

OVERRIDES = TRANSLATIONS / "zh-CN" / "overrides.tsv"


@lru_cache(maxsize=None)
def _converter():
    import opencc

    return opencc.OpenCC("tw2sp")


def overrides():
    """[(OpenCC's output, the mainland text)], longest first so that a phrase wins over a word in it."""
    pairs = []
    for line in OVERRIDES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            converted, mainland = line.split("\t")
            pairs.append((converted, mainland))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def to_mainland(text):
    """Taiwan text in Traditional characters, as mainland text in Simplified characters."""
    converted = _converter().convert(text)
    for before, after in overrides():
        converted = converted.replace(before, after)
    return converted


def mainland_catalogue(taiwan):
    """A zh-CN catalogue with every zh-TW entry converted (stale ones stay stale)."""
    header = taiwan.header_comment.replace("zh-TW translation", "zh-CN edition, made from the zh-TW translation,")
    result = Catalog(locale="zh_CN", project=taiwan.project, header_comment=header, fuzzy=False, charset="utf-8")
    for message in taiwan:
        if message.id:
            result.add(message.id, to_mainland(message.string) if message.string else "", context=message.context,
                       flags=message.flags, previous_id=message.previous_id)
    return result
