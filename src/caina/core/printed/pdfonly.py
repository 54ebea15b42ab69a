"""A draft read from its printed copy alone: paragraphs joined from lines, titles, attachments, tables."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from caina.core.model import (
    CELL_SEP,
    MAIN_PART_ID,
    MAIN_PART_LABEL,
    Align,
    Block,
    BlockKind,
    BlockStyle,
    Draft,
    PageSetup,
    Part,
    default_style,
    find_short_name,
    heading_kind,
)
from caina.core.pages import LINE_CELL_SEP, Layout, Line, Page, Segment
from caina.core.printed.lines import Printed, PrintedLine, is_page_number

__all__ = ["printed_draft"]

_ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*([0-9０-９]{0,3})\s*[：:]?$")


@dataclass
class _Para:
    lines: list[PrintedLine] = field(default_factory=list)
    kind: BlockKind = BlockKind.BODY


def printed_draft(printed: Printed, *, title: str = "") -> tuple[Draft, Layout]:
    """A draft read from the printed copy alone, and its layout (the PDF's own pages and lines).

    Paragraphs are joined from lines: a line continues the paragraph above when
    that one ran to the right edge of the text and this one starts at the left
    edge, in the same size; a centred line of the largest size at the top of the
    first page is the title; a page whose first line is 附件 / 附件N starts an
    attachment; a line cut into cells is a table row.
    """
    body_lines = printed.lines
    if not body_lines:
        empty = Draft(title=title or "（空）", parts=(Part(MAIN_PART_ID, MAIN_PART_LABEL, ()),), source=printed.source)
        return empty, Layout(draft=empty, pages=(), printed=printed.source or "PDF")
    left = _mode(round(line.left) for line in body_lines if len(line.cells) == 1)
    # the right edge: where most lines end (full lines end at the margin; hung marks and short last
    # lines end elsewhere)
    right = float(max(_mode(round(line.right) for line in body_lines if len(line.cells) == 1), left + 1))
    sizes = Counter(round(line.size) for line in body_lines)
    body_size = float(sizes.most_common(1)[0][0])

    # parts: a new one where a page begins with an attachment label
    parts_lines: list[tuple[str, str, list[PrintedLine]]] = [(MAIN_PART_ID, MAIN_PART_LABEL, [])]
    n_att = 0
    for pp in printed.pages:
        body = pp.body
        if body and _ATTACHMENT_LABEL.match(body[0].text.replace(" ", "")) and (n_att or pp.number > 1):
            n_att += 1
            m = _ATTACHMENT_LABEL.match(body[0].text.replace(" ", ""))
            digits = (m.group(1) if m else "").translate(_FULL_DIGITS)
            label = f"附件{digits}" if digits else "附件"
            parts_lines.append((f"att{digits or n_att}", label, []))
        parts_lines[-1][2].extend(body)

    parts: list[Part] = []
    where: dict[int, tuple[int, int, int, int]] = {}  # id(line) → (part index, block index, start, end)
    for pi, (pid, label, plines) in enumerate(parts_lines):
        paras = _paragraphs(plines, left, right, body_size, first_part=pi == 0)
        blocks: list[Block] = []
        for para in paras:
            bi = len(blocks)
            if para.kind is BlockKind.TABLE_ROW:
                line = para.lines[0]
                text = CELL_SEP.join(line.cells)
                blocks.append(Block(BlockKind.TABLE_ROW, text, _style(para, left, body_size), table_id=0))
                where[id(line)] = (pi, bi, 0, len(text))
                continue
            pieces: list[str] = []
            pos = 0
            for line in para.lines:
                piece = _joinable(line.text, pieces[-1] if pieces else "")
                where[id(line)] = (pi, bi, pos, pos + len(piece))
                pieces.append(piece)
                pos += len(piece)
            text = "".join(pieces)
            kind: BlockKind = para.kind
            if kind is BlockKind.BODY:
                kind = heading_kind(text) or BlockKind.BODY
            blocks.append(Block(kind, text, _style(para, left, body_size)))
        parts.append(Part(pid, label, tuple(blocks)))
    main_title = title or "".join(b.text for b in parts[0].blocks if b.kind is BlockKind.TITLE)
    first = printed.pages[0]
    setup = PageSetup(
        page_width_pt=first.width,
        page_height_pt=first.height,
        margin_left_pt=float(left),
        margin_right_pt=max(first.width - right, 0.0),
        body_size_pt=body_size,
    )
    draft = Draft(
        title=main_title or "（无标题）",
        parts=tuple(parts),
        page=setup,
        short_name=find_short_name(tuple(parts)),
        source=printed.source,
    )
    # the layout: the PDF's own lines, every page (a page with nothing counted on it keeps its number)
    pages: list[Page] = []
    part_first: dict[str, int] = {}
    current = parts[0].id
    for pp in printed.pages:
        body = pp.body
        number = pp.number
        if body:
            current = parts[where[id(body[0])][0]].id
        part_first.setdefault(current, number)
        part_page = number - part_first[current] + 1
        out = []
        for k, line in enumerate(body):
            pi, bi, s, e = where[id(line)]
            block = parts[pi].blocks[bi]
            segs: tuple[Segment, ...] = (Segment(s, e),)
            text = block.text[s:e]
            if block.kind is BlockKind.TABLE_ROW:
                segs, text = _cell_segments(block.text)
            out.append(Line(number, parts[pi].id, part_page, k + 1, len(body) - k, bi, segs, text, k + 1, 1))
        pages.append(Page(number, current, part_page, tuple(out), len(out)))
    return draft, Layout(draft=draft, pages=tuple(pages), settings=None, printed=printed.source or "printed")


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _cell_segments(text: str) -> tuple[tuple[Segment, ...], str]:
    segs = []
    start = 0
    for cell in text.split(CELL_SEP):
        segs.append(Segment(start, start + len(cell)))
        start += len(cell) + len(CELL_SEP)
    return tuple(segs), LINE_CELL_SEP.join(text.split(CELL_SEP))


def _joinable(text: str, before: str) -> str:
    """A line's text as it continues a paragraph: Latin words keep the space between lines."""
    if before and before[-1:].isascii() and before[-1:].isalnum() and text[:1].isascii() and text[:1].isalnum():
        return " " + text
    return text


def _mode(values: Iterable[int]) -> int:
    c = Counter(values)
    return c.most_common(1)[0][0] if c else 0


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _style(para: _Para, left: float, body_size: float) -> BlockStyle:
    first = para.lines[0]
    size = first.size
    if para.kind is BlockKind.TITLE:
        return default_style(BlockKind.TITLE)
    if para.kind is BlockKind.TABLE_ROW:
        return default_style(BlockKind.TABLE_ROW)
    indent = max(0.0, (first.left - left) / max(size, 1.0))
    return BlockStyle(font_size_pt=size, first_line_indent_chars=round(indent, 1), align=Align.JUSTIFY)


def _paragraphs(
    lines: list[PrintedLine], left: float, right: float, body_size: float, *, first_part: bool
) -> list[_Para]:
    paras: list[_Para] = []
    width = max(right - left, 1.0)
    title_size = max((line.size for line in lines[:6]), default=body_size)
    in_title = True
    prev: PrintedLine | None = None
    for line in lines:
        em = max(line.size, 1.0)
        centred = abs(((line.left + line.right) / 2) - (left + width / 2)) < 1.5 * em
        if len(line.cells) > 1:
            paras.append(_Para([line], BlockKind.TABLE_ROW))
            prev = line
            in_title = False
            continue
        label = _ATTACHMENT_LABEL.match(line.text.replace(" ", ""))
        if label and not paras and not first_part:
            paras.append(_Para([line], BlockKind.ATTACHMENT_LABEL))
            prev = line
            continue
        if in_title and line.size >= max(title_size - 0.5, body_size + 2) and (centred or line.size >= body_size + 3):
            if paras and paras[-1].kind is BlockKind.TITLE and prev is not None and line.top - prev.bottom < 1.2 * em:
                paras[-1].lines.append(line)
            else:
                paras.append(_Para([line], BlockKind.TITLE))
            prev = line
            continue
        in_title = in_title and not paras
        continues = (
            prev is not None
            and paras
            and paras[-1].kind is BlockKind.BODY
            and abs(prev.size - line.size) < 0.6
            and prev.right >= right - 1.5 * em
            and line.left <= left + 0.6 * em
            and line.top - prev.bottom < 1.5 * em + (line.bottom - line.top)
            and not is_page_number(line.text)
        )
        if continues:
            paras[-1].lines.append(line)
        else:
            paras.append(_Para([line], BlockKind.BODY))
        prev = line
        in_title = False
    return paras


