"""The draft's own words quoted in a report: not the report's slips.

A report quotes the draft to say what changed: 将“逐字逐局”修改为“逐字逐句”, 删去“布署”,
P5顺数第八行“……做出处理……”. The old text is the draft's, typos and all: flagging it as a
typo of the report would ask the clerk to misquote the draft. :func:`draft_quotations`
finds those quotations in a paragraph; the checker leaves the proofreading rules
(:data:`EXEMPT_FAMILIES`) out of them.

A quotation is the draft's text when

- the reviewed draft is known and holds it (whitespace aside); or, without the draft,
- it is the old side of a change: followed by 修改为/改为/调整为/更正为/替换为 (through
  any “…”中的“…” chain: 将“A”中的“B”修改为“C” makes A and B old), or
- it follows 删去/删除/去掉, or a page/line locator ("P3倒数第五行“……”"), or it is the
  anchor of an insertion (在“……”之前/之后).

The new text (“C” above) is the report's own wording and is still proofread.
"""

from __future__ import annotations

import re
from functools import lru_cache

from caina.core.locators import LOCATOR_IN_TEXT
from caina.core.model import Draft
from caina.core.report_parse.text import quotes

__all__ = ["EXEMPT_FAMILIES", "draft_quotations", "inside"]

#: rule families that judge the wording itself (left out inside the draft's quoted words)
EXEMPT_FAMILIES = frozenset({"typo", "punct"})

_LOCATOR_BEFORE = re.compile(rf"(?:{LOCATOR_IN_TEXT})(?:的|中的|中)?$")
_DELETE_BEFORE = re.compile(r"(?:删去|删除|去掉|删掉)(?:了)?\s*$")
_CHAIN = re.compile(r"\s*(?:中的|的|中)?\s*(?:[0-9０-９一二三四五六七八九十两]+处)?\s*")
# the change verb later in the same clause, before any other quotation: "“甲”中的2处错字，相应修改为“乙”"
_CHANGE_AFTER = re.compile(
    r"[^“”。；;]{0,12}?(?:相应|统一|一并|均|分别)?(?:修改|改|调整|替换|更改|更正|修订|变更)(?:为|成)"
)
_ANCHOR_AFTER = re.compile(r"\s*(?:之前|之后|前面|后面|前|后)")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("‘", "“").replace("’", "”"))


@lru_cache(maxsize=8)
def _draft_text(draft: Draft) -> str:
    return "\n".join(_normalise(b.text) for p in draft.parts for b in p.blocks)


def draft_quotations(text: str, draft: Draft | None = None) -> list[tuple[int, int]]:
    """(start, end) of every quotation in ``text`` that quotes the draft (the marks included)."""
    qs = quotes(text)
    old: set[int] = set()
    for i, q in enumerate(qs):
        inner = q.inner.strip()
        if not inner:
            continue
        if draft is not None and _normalise(inner) in _draft_text(draft):
            old.add(i)
            continue
        before = text[max(0, q.start - 24) : q.start]
        if _LOCATOR_BEFORE.search(before) or _DELETE_BEFORE.search(before):
            old.add(i)
            continue
        if _ANCHOR_AFTER.match(text, q.end) and re.search(r"在[^，。；“”]{0,24}$", before):
            old.add(i)
            continue
        # "将“A”中的“B”修改为“C”": follow the chain of quotations to the verb
        j, pos = i, q.end
        while True:
            if _CHANGE_AFTER.match(text, pos):
                old.update(range(i, j + 1))
                break
            m = _CHAIN.match(text, pos)
            nxt = m.end() if m else pos
            if j + 1 < len(qs) and qs[j + 1].start == nxt:
                j += 1
                pos = qs[j].end
                continue
            break
    return [(qs[i].start, qs[i].end) for i in sorted(old)]


def inside(spans: list[tuple[int, int]], start: int | None, end: int | None) -> bool:
    """Whether a finding at ``start``–``end`` lies within one of ``spans`` (inside the marks)."""
    if start is None:
        return False
    stop = end if end is not None else start + 1
    return any(a < start and stop <= b - 1 for a, b in spans)
