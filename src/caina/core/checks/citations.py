"""Citations in a report: a page/line locator followed by a quote ("P3倒数第五行“……”").

Found directly in the text (not through the report parser), so that every
citation is seen, including those in a reason ("理由：……将P3倒数第五行“……”
修改为……"). Each citation knows the item it stands in (意见5, or the
office's own edits), from the parsed report when there is one, else from the
"5." numbering at the start of paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from caina.core.checks.base import Paragraph
from caina.core.locators import LOCATOR_IN_TEXT, parse_locator, render_locator
from caina.errors import LocatorSyntaxError

LOCATOR_RE = re.compile(LOCATOR_IN_TEXT)
_CITATION = re.compile(rf"({LOCATOR_RE.pattern})(?:的|中的|中|处|之)?(?:[^“”，。；]{{0,6}}?)“([^“”]{{1,300}})”")
_ITEM = re.compile(r"^\s*([0-9０-９]{1,3})\s*[.．、]")
_IN_COLUMN = re.compile(r"\s*(?:这一栏|一栏|栏目|栏)\s*(?:中的|中|里的|内的)?\s*“([^“”]{1,300})”")


@dataclass(frozen=True, slots=True)
class Citation:
    locator: str  # as written: "P3倒数第五行"
    key: str  # canonical form for grouping (render_locator of the parsed locator)
    quote: str  # as written, without the quotation marks
    para: Paragraph
    start: int  # of the quote's text in the paragraph
    end: int
    item: str  # "意见5", "起草单位自行修改", "" (the report's opening)


def canonical(locator: str) -> str | None:
    try:
        return render_locator(parse_locator(locator))
    except LocatorSyntaxError:
        return None


def find_citations(paragraphs: Sequence[Paragraph], items: Sequence[tuple[int, str]] = ()) -> list[Citation]:
    """Every locator + quote pair; ``items`` are (first paragraph index, item label), ascending."""
    if not items:
        items = _items_by_numbering(paragraphs)
    starts = [i for i, _ in items]
    out = []
    for para in paragraphs:
        k = bisect_right(starts, para.index) - 1
        item = items[k][1] if k >= 0 else ""
        for m in _CITATION.finditer(para.text):
            locator = m.group(1)
            if not re.search(r"行$", locator):
                continue  # a page alone ("P3“……”") is too coarse to compare
            key = canonical(locator)
            if key is None:
                continue
            cell = _IN_COLUMN.match(para.text, m.end())
            if cell:  # "附件3第1页顺数第五行“领域名称”一栏中的“高端铝领域”": the first quote names the column
                out.append(Citation(locator, key, cell.group(1), para, cell.start(1), cell.end(1), item))
                continue
            out.append(Citation(locator, key, m.group(2), para, m.start(2), m.end(2), item))
    return out


def _items_by_numbering(paragraphs: Sequence[Paragraph]) -> list[tuple[int, str]]:
    items = []
    for p in paragraphs:
        m = _ITEM.match(p.text)
        if m:
            n = int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
            label = "起草单位自行修改" if re.match(r"^\s*[0-9０-９]+\s*[.．、][^：:]{0,20}修改情况", p.text) else f"意见{n}"
            items.append((p.index, label))
    return items
