"""Against the draft (``--draft``): every quote of the report is where the report says it is.

Rules (a report checked with the reviewed draft):

- ``draft.quote`` — a quote that is not in the draft at all: error, with the
  closest passage and its locator ("草案P3倒数第五行为“…中高端铝精深加工…”
  （引文少了“铝”）");
- ``draft.locator`` — a quote that is in the draft, but not at the cited
  page/line: warning, with the locator(s) where it is; a locator past the end
  of the draft: error;
- ``draft.confirmed`` — one info line: how many quotes were found at their
  cited place.

Quotes come from the citations in the text ("P3倒数第五行“……”") and from
the edits the report parser found without a page/line ("附件3……“高端铝领域”").
Nested single quotes of the report (‘一站式’) match the draft's double ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from caina.core.anchoring import nearest, occurrences
from caina.core.checks.base import CheckedDocument, CheckOptions, Finding, Paragraph, Severity, register_rule
from caina.core.checks.citations import find_citations
from caina.core.checks.report_consistency import diff_words, items_of, parse
from caina.core.locators import locate_text, resolve
from caina.core.pages import Layout, Line, Span
from caina.errors import CainaError

QUOTE = register_rule("draft.quote", Severity.ERROR, "引文在草案中找不到", ("report",))
LOCATOR = register_rule("draft.locator", Severity.WARNING, "引文不在所引的页行", ("report",))
CONFIRMED = register_rule("draft.confirmed", Severity.INFO, "引文与草案核对相符（汇总）", ("report",))

#: least similarity (0–100) for "the closest passage" to be worth showing
MIN_NEAREST = 60


@dataclass(frozen=True)
class _Quote:
    locator: str | None  # page/line as written, or None
    part: str | None  # "附件3" for a quote without page/line
    text: str
    para: Paragraph | None
    start: int
    end: int
    item: str


def check(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    if doc.kind != "report" or doc.draft is None or doc.layout is None:
        return
    layout = doc.layout
    confirmed = 0
    total = 0
    for q in _quotes(doc):
        total += 1
        finding = _check_one(doc, layout, q, options)
        if finding is None:
            confirmed += 1
        elif finding is not False:
            yield finding
    if total and options.enabled(CONFIRMED):
        yield doc.finding(
            CONFIRMED,
            None,
            0,
            0,
            f"已与草案核对{total}处引文：{confirmed}处在所引页行或所指部分找到原文",
        )


def _quotes(doc: CheckedDocument) -> Iterator[_Quote]:
    seen: set[tuple[str | None, str]] = set()
    for c in find_citations(doc.paragraphs, items_of(doc)):
        key = (c.key, c.quote)
        if key in seen:
            continue
        seen.add(key)
        yield _Quote(c.locator, None, c.quote, c.para, c.start, c.end, c.item)
    parsed = parse(doc)
    if parsed is None:
        return
    groups = [(f"意见{op.number}", tuple(op.edits) + tuple(getattr(op, "proposals", ()))) for op in parsed.opinions]
    groups.append(("起草单位自行修改", tuple(parsed.own_edits)))
    for item, edits in groups:
        for e in edits:
            old = e.old
            if not old or not getattr(e, "quoted", True) or e.locator_kind == "page_line":
                continue
            if (e.part, old) in seen or len(old) < 2:
                continue
            seen.add((e.part, old))
            para = doc.paragraphs[e.line - 1] if 1 <= e.line <= len(doc.paragraphs) else None
            start = para.text.find(old) if para else -1
            start = max(start, 0)
            yield _Quote(None, e.part, old, para, start, start + len(old), item)


def _variants(text: str) -> list[str]:
    out = [text]
    swapped = text.replace("‘", "“").replace("’", "”")
    if swapped != text:
        out.append(swapped)
    return out


def _spans(doc: CheckedDocument, text: str, part: str | None = None) -> list[Span]:
    assert doc.draft is not None
    parts = doc.draft.parts
    if part and doc.draft.has_part(part):
        parts = (doc.draft.part(part),)
    return [s for v in _variants(text) for p in parts for s in occurrences(p, v)]


def _check_one(doc: CheckedDocument, layout: Layout, q: _Quote, options: CheckOptions) -> Finding | Literal[False] | None:
    """None when the quote is confirmed; False when nothing is to be reported; else a finding."""
    who = q.item or "此处"
    if q.locator is None:
        if _spans(doc, q.text, q.part):
            return None
        where = q.part or "草案"
        return _missing(doc, layout, q, (), f"{who}引用的“{q.text}”在{where}中找不到", options)
    try:
        cited = resolve(layout, q.locator)
    except CainaError as exc:
        if not options.enabled(QUOTE):
            return False
        return doc.finding(
            QUOTE,
            q.para,
            q.start,
            q.end,
            f"{who}的页行定位无法在草案中找到：{exc.what}",
            suggestion="核对页码、行号（caina show 草案 --pages）",
            locator=q.locator,
        )
    spans = _spans(doc, q.text)
    if spans:
        cited_set = set(cited)
        for span in spans:
            if any(line in cited_set for line in layout.lines_of_span(span)):
                return None
        if not options.enabled(LOCATOR):
            return False
        where = "、".join(dict.fromkeys(locate_text(layout, s) for s in spans[:5]))
        return doc.finding(
            LOCATOR,
            q.para,
            q.start,
            q.end,
            f"{who}引用的“{q.text}”在草案中位于{where}，不在{q.locator}",
            suggestion=where.split("、")[0],
            locator=q.locator,
        )
    return _missing(doc, layout, q, cited, f"{who}引用的{q.locator}“{q.text}”与草案原文不符", options)


def _missing(
    doc: CheckedDocument, layout: Layout, q: _Quote, cited: tuple[Line, ...], what: str, options: CheckOptions
) -> Finding | Literal[False]:
    if not options.enabled(QUOTE):
        return False
    near = _nearest_at(doc, layout, q.text, cited)
    assert doc.draft is not None
    if near is None:
        parts = doc.draft.parts
        if q.part and doc.draft.has_part(q.part):
            parts = (doc.draft.part(q.part),)
        found = nearest(parts, q.text)
        if found is not None and found[2] >= MIN_NEAREST:
            near = (found[0], found[1])
    if near is None:
        return doc.finding(
            QUOTE,
            q.para,
            q.start,
            q.end,
            f"{what}，草案中也没有相近的文字",
            suggestion="核对引文是否出自本草案（版本是否一致）",
            locator=q.locator,
        )
    span, text = near
    loc = locate_text(layout, span)
    part = doc.draft.part(span.part_id)
    if not part.is_main and not loc.startswith(part.label):
        loc = f"{part.label}{loc}"
    return doc.finding(
        QUOTE,
        q.para,
        q.start,
        q.end,
        f"{what}：最接近的原文是{loc}“{text}”{diff_words(text, q.text).replace('（', '（引文', 1)}",
        suggestion=text,
        locator=q.locator or loc,
    )


def _nearest_at(doc: CheckedDocument, layout: Layout, quote: str, cited: tuple[Line, ...]) -> tuple[Span, str] | None:
    """The passage most like ``quote`` in the blocks the cited lines belong to."""
    assert doc.draft is not None
    best: tuple[float, Span, str] | None = None
    for key in dict.fromkeys((line.part_id, line.block_index) for line in cited):
        block = doc.draft.part(key[0]).blocks[key[1]]
        al = fuzz.partial_ratio_alignment(quote, block.text)
        if al is None or al.score < MIN_NEAREST:
            continue
        start, end = al.dest_start, al.dest_end
        # widen or narrow by a character or two for a quote with a character missing or extra
        cands = [
            (fuzz.ratio(quote, block.text[a:b]), a, b)
            for a in range(max(0, start - 3), min(len(block.text), start + 3) + 1)
            for b in range(max(a + 1, end - 3), min(len(block.text), end + 3) + 1)
        ]
        score, a, b = max(cands)
        if best is None or score > best[0]:
            best = (score, Span(key[0], key[1], a, b), block.text[a:b])
    if best is None:
        return None
    return best[1], best[2]
