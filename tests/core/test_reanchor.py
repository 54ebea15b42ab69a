from __future__ import annotations

import pytest

from caina.core.model import Block, BlockKind, Draft, Part
from caina.core.pages import Span
from caina.core.reanchor import capture, reanchor


def draft(*paragraphs: str) -> Draft:
    return Draft("t", (Part("main", "正文", tuple(Block(BlockKind.BODY, p) for p in paragraphs)),))


V1 = draft("推进铝产业二次创业，开展技术攻关。", "推进糖产业升级，开展技术攻关。")


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (V1, Span("main", 0, 10, 16)),  # unchanged
        (draft("前言。", "推进铝产业二次创业，开展技术攻关。", "推进糖产业升级，开展技术攻关。"), Span("main", 1, 10, 16)),  # moved down
        (draft("推进糖产业升级，开展技术攻关。", "推进铝产业二次创业，开展技术攻关。"), Span("main", 1, 10, 16)),  # context wins over position
        (draft("推进铝产业二次创业。", "推进糖产业升级，开展技术攻关。"), Span("main", 1, 8, 14)),  # only one left: that one
        (draft("推进铝产业二次创业。", "推进糖产业升级。"), None),  # gone: an orphan, never a similar passage
    ],
)
def test_reanchor(new: Draft, expected: Span | None) -> None:
    anchor = capture(V1, Span("main", 0, 10, 16))
    assert anchor.quote == "开展技术攻关"
    assert reanchor(new, anchor) == expected
