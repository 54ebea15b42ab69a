"""Anchoring: find the text a quote designates in a draft.

A quote is anchored by its exact text, optionally narrowed by a longer
``context`` that contains it, or by ``occurrence`` (the n-th, 1-based). When a
quote is not found, the nearest passage (rapidfuzz partial alignment) is given
with its locator so that the user can correct the quote.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from enum import StrEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from caina.core.model import Draft, Part
from caina.core.pages import Span
from caina.errors import AmbiguousQuoteError, AnchorError, QuoteNotFoundError

Locate = Callable[[Span], str]


class Scope(StrEnum):
    ONE = "one"  # exactly one occurrence (disambiguated by context/occurrence)
    PART = "part"  # every occurrence in the named part
    ALL = "all"  # every occurrence in every part


SCOPE_WORDS = {
    "one": Scope.ONE,
    "一处": Scope.ONE,
    "part": Scope.PART,
    "全部": Scope.PART,
    "本部分全部": Scope.PART,
    "all": Scope.ALL,
    "所有部分": Scope.ALL,
    "全文": Scope.ALL,
}


_JOINED: dict[int, tuple[Part, str, list[int]]] = {}  # id(part) → (part, its blocks' text joined, offsets)
_SEP = "\x00"  # never in a block's text: a quote cannot run from one block into the next


def _joined(part: Part) -> tuple[str, list[int]]:
    """The part's block texts joined by NUL, and where each block starts: one search for a quote, not one per block."""
    hit = _JOINED.get(id(part))
    if hit is not None and hit[0] is part:
        return hit[1], hit[2]
    offsets, pos = [], 0
    for block in part.blocks:
        offsets.append(pos)
        pos += len(block.text) + 1
    joined = _SEP.join(b.text for b in part.blocks)
    if len(_JOINED) > 64:  # a few drafts at a time (the reviewed one, a revised one): keep the cache small
        _JOINED.clear()
    _JOINED[id(part)] = (part, joined, offsets)
    return joined, offsets


def occurrences(part: Part, text: str) -> list[Span]:
    """Every non-overlapping occurrence of ``text`` in ``part``, in reading order."""
    found: list[Span] = []
    if not text or _SEP in text:
        return found
    joined, offsets = _joined(part)
    start = joined.find(text)
    while start >= 0:
        i = bisect_right(offsets, start) - 1
        local = start - offsets[i]
        found.append(Span(part.id, i, local, local + len(text)))
        start = joined.find(text, start + len(text))
    return found


def nearest(parts: Iterable[Part], quote: str) -> tuple[Span, str, float] | None:
    """The passage most like ``quote`` (span, text, score 0–100), or None."""
    best: tuple[Span, str, float] | None = None
    for part in parts:
        for i, block in enumerate(part.blocks):
            if not block.text:
                continue
            al = fuzz.partial_ratio_alignment(quote, block.text, score_cutoff=best[2] if best else 0)
            if al is None:
                continue
            if best is None or al.score > best[2]:
                start, end = _widen(quote, block.text, al.dest_start, al.dest_end)
                span = Span(part.id, i, start, end)
                best = (span, block.text[start:end], al.score)
    return best


_WIDTH_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "、": ",", "。": ".", "—": "-", "－": "-"})


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch.translate(_WIDTH_FOLD)).translate(_WIDTH_FOLD)
    return folded if len(folded) == 1 else ch


_FOLDED: dict[str, str] = {}


def fold_width(text: str) -> str:
    """``text`` with full- and half-width marks made alike (，→, （→( “→" 。→.), one character for one,
    to tell a quote that differs from the draft only by how its marks were typed."""
    out = []
    for ch in text:
        f = _FOLDED.get(ch)
        if f is None:
            f = _FOLDED[ch] = _fold_char(ch)
        out.append(f)
    return "".join(out)


def _same_but_width(parts: Iterable[Part], quote: str) -> Span | None:
    """Where the draft has ``quote`` typed with other full/half-width marks."""
    want = fold_width(quote)
    for part in parts:
        for i, block in enumerate(part.blocks):
            at = fold_width(block.text).find(want)
            if at >= 0:
                return Span(part.id, i, at, at + len(quote))
    return None


def _widen(quote: str, text: str, start: int, end: int, reach: int = 3) -> tuple[int, int]:
    """Partial alignment gives a window as long as the quote; a quote with a character
    missing or extra matches a passage a little longer or shorter. Try nearby windows:
    the fewest edits from the quote wins, then the length closest to the quote's — so a
    quote with a wrong last character ("百分比") is shown the whole passage ("百分点"),
    not one cut short ("百分")."""

    marks = "，。；：、！？,.;:!?"

    def key(a: int, b: int) -> tuple[int, int, int, int]:
        w = text[a:b]
        # a window that starts or ends on a mark the quote does not have is a clause cut badly
        edges = (w[0] in marks and quote[:1] not in marks) + (w[-1] in marks and quote[-1:] not in marks)
        return (Levenshtein.distance(quote, w), edges, abs((b - a) - len(quote)), -(b - a))

    best = (key(start, end), start, end)
    for a in range(max(0, start - reach), min(len(text), start + reach) + 1):
        for b in range(max(a + 1, end - reach), min(len(text), end + reach) + 1):
            cand = (key(a, b), a, b)
            if cand[0] < best[0]:
                best = cand
    return best[1], best[2]


def _parts(draft: Draft, part: str, scope: Scope, where: str) -> list[Part]:
    if scope is Scope.ALL:
        return list(draft.parts)
    if not draft.has_part(part):
        labels = "、".join(p.label for p in draft.parts)
        raise AnchorError(
            f"草案中没有“{part}”",
            where=where,
            fix=f"请把 part 写成草案中已有的部分：{labels}",
        )
    return [draft.part(part)]


def _after_numbering(parts: list[Part], quote: str) -> tuple[Span, str] | None:
    """A quote that starts with a paragraph's automatic numbering ("一、总体要求" for "总体要求"
    numbered by Word): the span of the text after it, and the numbering."""
    for part in parts:
        for i, block in enumerate(part.blocks):
            label = block.label.strip()
            if label and quote.startswith(label):
                rest = quote[len(label) :].lstrip()
                if rest and block.text.startswith(rest):
                    return Span(part.id, i, 0, len(rest)), label
    return None


def _cite(draft: Draft, span: Span, locate: Locate | None) -> str:
    loc = locate(span) if locate is not None else ""
    part = draft.part(span.part_id)
    if not part.is_main and loc and not loc.startswith(part.label):
        loc = f"{part.label}{loc}"
    return loc or part.label


def not_found(draft: Draft, parts: list[Part], quote: str, where: str, locate: Locate | None) -> QuoteNotFoundError:
    numbered = _after_numbering(parts, quote)
    if numbered is not None:
        span, label = numbered
        text = draft.part(span.part_id).blocks[span.block_index].text[span.start : span.end]
        return QuoteNotFoundError(
            quote, where=where, nearest=text, nearest_locator=_cite(draft, span, locate), score=100.0, numbering=label
        )
    alike = _same_but_width(parts, quote) or _same_but_width(draft.parts, quote)
    if alike is not None:
        text = draft.part(alike.part_id).blocks[alike.block_index].text[alike.start : alike.end]
        return QuoteNotFoundError(
            quote, where=where, nearest=text, nearest_locator=_cite(draft, alike, locate), score=100.0, width_only=True
        )
    near = nearest(parts, quote) or nearest(draft.parts, quote)
    if near is None or near[2] < 50:
        return QuoteNotFoundError(quote, where=where)
    span, text, score = near
    return QuoteNotFoundError(
        quote,
        where=where,
        nearest=text,
        nearest_locator=_cite(draft, span, locate),
        score=score,
        width_only=fold_width(text) == fold_width(quote),
    )


def anchor(
    draft: Draft,
    quote: str,
    *,
    part: str = "正文",
    context: str = "",
    occurrence: int = 0,
    scope: Scope = Scope.ONE,
    where: str = "",
    locate: Locate | None = None,
) -> list[Span]:
    """The spans ``quote`` designates; raises a clear error when there is not exactly what was asked."""
    parts = _parts(draft, part, scope, where)
    if context:
        if quote not in context:
            fix = "context 应是包含该原文的一段更长的原文"
            if fold_width(quote) in fold_width(context):
                fix = "二者的标点全角、半角不一致（如\"与“”、,与，），请都照草案原文写"
            raise AnchorError(
                f"context“{context}”中不含要修改的原文“{quote}”",
                quote=quote,
                where=where,
                fix=fix,
            )
        spans = []
        offset = context.index(quote)
        for p in parts:
            for c in occurrences(p, context):
                spans.append(Span(c.part_id, c.block_index, c.start + offset, c.start + offset + len(quote)))
        if not spans:
            raise not_found(draft, parts, context, where, locate)
    else:
        spans = [s for p in parts for s in occurrences(p, quote)]
        if not spans:
            raise not_found(draft, parts, quote, where, locate)
    if scope is not Scope.ONE:
        return spans
    if occurrence:
        if occurrence < 0 or occurrence > len(spans):
            raise AnchorError(
                f"原文“{quote}”只出现{len(spans)}处，没有第{occurrence}处",
                quote=quote,
                where=where,
                fix=f"occurrence 应在 1 到 {len(spans)} 之间",
            )
        return [spans[occurrence - 1]]
    if len(spans) > 1:
        locs = tuple(locate(s) if locate else f"第{s.block_index + 1}段" for s in spans)
        raise AmbiguousQuoteError(quote, where=where, locators=locs)
    return spans
