"""Read a draft written as plain text or Markdown: one paragraph a line.

The format (documented in docs/drafts.md):

- the first non-empty line is the title (a leading ``#`` is allowed); a
  following line such as ``（征求意见稿）`` in full-width brackets is part of it;
- a line that is just ``附件1`` (or ``附件 1``, ``附件1：``) starts attachment 1;
  a line that is just ``附件`` starts the single attachment (GB/T 9704 labels
  a lone attachment without a number); the next line is the attachment's title.
  Such a line before the title is the label of the draft itself (a draft sent
  as an attachment of a letter), not an attachment;
- a centred-style chapter line ``第一章　总　　则`` (also ``第X节``, ``第X编``) is a heading;
- lines starting with ``|`` are table rows (Markdown pipe tables; separator
  rows ``|---|`` are skipped); the first row of a table is its header;
- a short line numbered ``一、`` ``（一）`` ``1.`` ``（1）`` is a heading;
- every other non-empty line is a body paragraph; empty lines are ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

from caina.core.model import (
    CELL_SEP,
    MAIN_PART_ID,
    MAIN_PART_LABEL,
    Block,
    BlockKind,
    Draft,
    Part,
    attachment_part,
    default_style,
    find_short_name,
    heading_kind,
)
from caina.errors import SourceFileError

_SUBTITLE = re.compile(r"^（[^（）]{1,20}稿）$")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_MAX_HEADING = 40


def _block(kind: BlockKind, text: str, *, in_main: bool, **kw: object) -> Block:
    return Block(kind=kind, text=text, style=default_style(kind, in_main=in_main), **kw)  # type: ignore[arg-type]


def _classify(text: str) -> BlockKind:
    kind = heading_kind(text)
    if kind is not None and len(text) <= _MAX_HEADING and "。" not in text[:-1]:
        return kind
    return BlockKind.BODY


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip().replace(CELL_SEP, " ") for c in inner.split("|")]


def parse_text(text: str, *, source: str = "") -> Draft:
    """Build a :class:`Draft` from the text format above."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise SourceFileError(
            "草案文件是空的",
            path=source,
            fix="请在第一行写标题，其后每行写一个段落",
        )
    parts: list[Part] = []
    part_id, part_label = MAIN_PART_ID, MAIN_PART_LABEL
    blocks: list[Block] = []
    expect_title = True
    table_id = -1
    in_table = False
    for raw in lines:
        line = raw.lstrip("#").strip() if raw.startswith("#") else raw
        in_main = part_id == MAIN_PART_ID
        att = attachment_part(line)
        if att is not None and in_main and expect_title and not blocks:
            # "附件2" above the title: the draft is itself an attachment of a letter
            blocks.append(_block(BlockKind.ATTACHMENT_LABEL, line, in_main=True))
            continue
        if att is not None:
            parts.append(Part(part_id, part_label, tuple(blocks)))
            part_id, part_label = att
            blocks = [_block(BlockKind.ATTACHMENT_LABEL, line, in_main=False)]
            expect_title, in_table = True, False
            continue
        if line.startswith("|"):
            if _TABLE_SEP.match(line):
                continue
            if not in_table:
                table_id += 1
                in_table = True
            cells = _cells(line)
            blocks.append(_block(BlockKind.TABLE_ROW, CELL_SEP.join(cells), in_main=in_main, table_id=table_id))
            expect_title = False
            continue
        in_table = False
        if expect_title:
            blocks.append(_block(BlockKind.TITLE, line, in_main=in_main))
            expect_title = False
            continue
        if blocks and blocks[-1].kind is BlockKind.TITLE and _SUBTITLE.match(line):
            blocks.append(_block(BlockKind.TITLE, line, in_main=in_main))
            continue
        blocks.append(_block(_classify(line), line, in_main=in_main))
    parts.append(Part(part_id, part_label, tuple(blocks)))
    # table rows: give every row of a table the same column count and widths
    parts = [_normalise_tables(p) for p in parts]
    main = parts[0]
    title = "".join(b.text for b in main.blocks if b.kind is BlockKind.TITLE and not _SUBTITLE.match(b.text))
    return Draft(title=title, parts=tuple(parts), short_name=find_short_name(tuple(parts)), source=source)


def _normalise_tables(part: Part) -> Part:
    widths: dict[int, list[int]] = {}
    for b in part.blocks:
        if b.kind is BlockKind.TABLE_ROW:
            cells = b.cells
            w = widths.setdefault(b.table_id, [])
            for i, cell in enumerate(cells):
                size = max(3, min(len(cell), 16))
                if i < len(w):
                    w[i] = max(w[i], size)
                else:
                    w.append(size)
    if not widths:
        return part
    blocks: list[Block] = []
    first_row: set[int] = set()
    for b in part.blocks:
        if b.kind is BlockKind.TABLE_ROW:
            w = widths[b.table_id]
            padded = list(b.cells) + [""] * (len(w) - len(b.cells))
            header = b.table_id not in first_row
            first_row.add(b.table_id)
            b = Block(
                kind=b.kind,
                text=CELL_SEP.join(padded),
                style=b.style,
                col_widths=tuple(float(x) for x in w),
                header=header,
                table_id=b.table_id,
            )
        blocks.append(b)
    return Part(part.id, part.label, tuple(blocks))


def read_text(path: Path) -> Draft:
    """Read a .txt/.md draft: bounded, any usual encoding (said in a note when not UTF-8), control characters out."""
    from dataclasses import replace

    from caina import settings
    from caina.errors import UnsafeFileError
    from caina.io.textfile import read_text_input

    source = read_text_input(Path(path), what="草案文件")
    lines = sum(1 for line in source.text.split("\n") if line.strip())
    limit = settings.limit("max_blocks")
    if lines > limit:
        raise UnsafeFileError(
            f"草案有 {lines} 个段落（非空行），超过上限 {limit}，未读取",
            path=str(path),
            fix="请确认选对了文件；确需读取，请调高设置 CAINA_MAX_BLOCKS（见 docs/settings.md）",
        )
    draft = parse_text(source.text, source=str(path))
    return replace(draft, notes=(*source.notes, *draft.notes)) if source.notes else draft
