"""Explicit references in a comment: 第十条, 第三条第二款, 第二十一条至第二十三条, 第十、十一条, 附件2, 第二章,
第一部分, and page/line locators (P3倒数第五行, 第3页第5行, 附件2第1页第3行).

Works on the normalised text (:func:`caina.core.consult.normalize.normalize`): "、" is already "，", full-width
digits half-width, "Ｐ" a "p". An article named right after another document's title ("《民法典》第十条") is
that document's, not the draft's, and is not counted; neither is a number the draft does not have.
"""

from __future__ import annotations

import re

from caina.core.consult.units import Units
from caina.core.locators import parse_locator, resolve
from caina.core.numerals import parse_number
from caina.core.pages import Layout
from caina.core.report_parse.changes import PAGE_LINE_RE
from caina.errors import CainaError

__all__ = ["references", "HINT"]

_N = r"[0-9]{1,4}|[〇零一二两三四五六七八九十百千]{1,8}"
_RANGE_WORD = r"(?:至|到|-)"
_JOIN = r"(?:，|和|及|与|或|以及)"
_ARTICLE_RANGE = re.compile(rf"第({_N})条?{_RANGE_WORD}第?({_N})条")
_ARTICLE_LIST = re.compile(rf"第({_N})((?:{_JOIN}第?(?:{_N}))+)条")
_ARTICLE_LIST_FULL = re.compile(rf"第({_N})条((?:{_JOIN}第(?:{_N})条)+)")
_ARTICLE = re.compile(rf"第({_N})条(?!例)")
_CHAPTER = re.compile(rf"第({_N})章")
_PART = re.compile(rf"第({_N})部分")
_ATTACHMENT = re.compile(rf"附件({_N})")
_ITEM_NUMBER = re.compile(_N)
#: a comment without any of these cannot cite anything: the cheap test before the regexes
HINT = re.compile(r"第[0-9〇零一二两三四五六七八九十百千，和及与或至到-]{1,16}[条章款项部]|附件[0-9一二三四五六七八九十]|页|p[0-9]")
_MAX_RANGE = 60
_OTHER_DOCUMENT_REACH = 3  # "《民法典》第十条", "《民法典》规定的第十条"


def _num(text: str) -> int | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _other_document(text: str, start: int) -> bool:
    before = text[max(0, start - _OTHER_DOCUMENT_REACH) : start]
    return "》" in before and not text[max(0, start - 8) : start].endswith(("本条例》", "本办法》", "本法》"))


def references(text: str, units: Units, layout: Layout | None = None) -> list[int]:
    """The units ``text`` names explicitly, in the order first named (no repeats)."""
    if not HINT.search(text):
        return []
    found: list[int] = []

    def add(index: int | None) -> None:
        if index is not None and index not in found:
            found.append(index)

    blank = text
    for m in _ARTICLE_RANGE.finditer(text):
        a, b = _num(m.group(1)), _num(m.group(2))
        if a is None or b is None or _other_document(text, m.start()):
            continue
        if a > b:
            a, b = b, a
        if b - a <= _MAX_RANGE:
            for number in range(a, b + 1):
                add(units.articles.get(number))
        blank = blank[: m.start()] + " " * (m.end() - m.start()) + blank[m.end() :]
    for pattern in (_ARTICLE_LIST_FULL, _ARTICLE_LIST):
        for m in pattern.finditer(blank):
            if _other_document(text, m.start()):
                continue
            numbers = [m.group(1), *_ITEM_NUMBER.findall(m.group(2))]
            for numeral in numbers:
                n = _num(numeral)
                add(units.articles.get(n) if n is not None else None)
            blank = blank[: m.start()] + " " * (m.end() - m.start()) + blank[m.end() :]
    for m in _ARTICLE.finditer(blank):
        n = _num(m.group(1))
        if n is not None and not _other_document(text, m.start()):
            add(units.articles.get(n))
    for m in _CHAPTER.finditer(text):
        n = _num(m.group(1))
        if n is not None and not _other_document(text, m.start()):
            add(units.chapters.get(n))
    for m in _PART.finditer(text):
        n = _num(m.group(1))
        if n is not None:
            add(units.parts.get(n))
    if layout is not None and ("页" in text or "p" in text):
        for m in PAGE_LINE_RE.finditer(text):
            for index in _locator_units(m.group(0), units, layout):
                add(index)
    for m in _ATTACHMENT.finditer(text):
        n = _num(m.group(1))
        if n is not None:
            add(units.attachments.get(n))
    return found


def _locator_units(written: str, units: Units, layout: Layout) -> list[int]:
    if "页" not in written and not re.search(r"p[0-9]", written):
        return []
    try:
        lines = resolve(layout, parse_locator(written.upper() if written.startswith("p") else written))
    except (CainaError, ValueError):
        return []  # not a place in this draft (a page past the end, "共3页"): not a reference
    found: list[int] = []
    for line in lines:
        index = units.block_unit.get((line.part_id, line.block_index))
        if index is not None and index not in found:
            found.append(index)
    return found
