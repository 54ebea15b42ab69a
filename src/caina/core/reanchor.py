"""Anchors that survive new versions of a draft.

An opinion is filed against one version. Its :class:`Anchor` keeps the quote
itself, a little text on either side and the position it had; on a later
version :func:`reanchor` finds the quote again — by its text, using the
context and the old position only to choose among several occurrences. A
quote that no longer occurs is an orphan (``None``): it is never moved to a
merely similar passage.
"""

from __future__ import annotations

from dataclasses import dataclass

from caina.core.anchoring import occurrences
from caina.core.model import Draft
from caina.core.pages import Span

CONTEXT = 16  # characters kept on each side of the quote


@dataclass(frozen=True, slots=True)
class Anchor:
    quote: str
    prefix: str
    suffix: str
    part_id: str
    block_index: int
    start: int


def capture(draft: Draft, span: Span, width: int = CONTEXT) -> Anchor:
    """The anchor of ``span`` in ``draft``: its text, up to ``width`` characters either side, its position."""
    text = draft.part(span.part_id).blocks[span.block_index].text
    return Anchor(
        quote=text[span.start : span.end],
        prefix=text[max(0, span.start - width) : span.start],
        suffix=text[span.end : span.end + width],
        part_id=span.part_id,
        block_index=span.block_index,
        start=span.start,
    )


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def reanchor(draft: Draft, anchor: Anchor) -> Span | None:
    """Where ``anchor``'s quote is in ``draft``; None when it no longer occurs (an orphan).

    Among several occurrences the one whose surrounding text matches the anchor's
    context best wins; then the one in the same part nearest the old position.
    """
    if not anchor.quote:
        return None
    best: tuple[tuple[int, int, int], Span] | None = None
    for part in draft.parts:
        for span in occurrences(part, anchor.quote):
            text = part.blocks[span.block_index].text
            before = text[max(0, span.start - len(anchor.prefix)) : span.start]
            after = text[span.end : span.end + len(anchor.suffix)]
            context = _common_tail(before, anchor.prefix) + _common_head(after, anchor.suffix)
            same_part = 1 if part.id == anchor.part_id else 0
            distance = abs(span.block_index - anchor.block_index) * 10_000 + abs(span.start - anchor.start)
            key = (context, same_part, -distance)
            if best is None or key > best[0]:
                best = (key, span)
    return best[1] if best else None


__all__ = ["CONTEXT", "Anchor", "capture", "reanchor"]
