"""Write a draft in the text format that :mod:`caina.io.text_reader` reads.

A paragraph numbered by Word keeps its printed number ("一、总体要求"): in the text format
the number is written, and the text reader recognises the heading by it.
"""

from __future__ import annotations

from caina.core.model import BlockKind, Draft


def to_text(draft: Draft) -> str:
    lines: list[str] = []
    for part in draft.parts:
        in_table = False
        for block in part.blocks:
            if block.kind is BlockKind.BLANK:
                continue
            if block.kind is BlockKind.TABLE_ROW:
                lines.append("| " + " | ".join(block.cells) + " |")
                if block.header:
                    lines.append("|" + "---|" * len(block.cells))
                in_table = True
                continue
            if in_table:
                in_table = False
            lines.append(block.label.strip() + block.text if block.label else block.text)
    return "\n".join(lines) + "\n"
