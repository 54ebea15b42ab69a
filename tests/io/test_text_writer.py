"""The text format written from a draft (a revised draft as .txt/.md)."""

from __future__ import annotations

from caina.core.model import Block, BlockKind, Draft, Part
from caina.io.text_writer import to_text


def test_a_word_numbered_heading_keeps_its_number() -> None:
    """A Word draft's automatic numbering is printed: the .txt keeps “一、”, and the text reader
    recognises the heading by it."""
    blocks = (
        Block(BlockKind.TITLE, "某市方案"),
        Block(BlockKind.HEADING1, "总体要求", label="一、"),
        Block(BlockKind.HEADING2, "指导思想", label="（一）"),
        Block(BlockKind.BODY, "正文。"),
    )
    text = to_text(Draft("某市方案", (Part("main", "正文", blocks),)))
    assert text == "某市方案\n一、总体要求\n（一）指导思想\n正文。\n"
