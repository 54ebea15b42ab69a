"""Tables: one :class:`Block` per row, cells joined by ``CELL_SEP``.

- column widths: ``w:tblGrid``; a cell spanning ``gridSpan`` columns gets
  their sum, and ``gridBefore``/``gridAfter`` become the row's indents;
- the table's width and position (``jc``, ``tblInd``) become the rows' left
  and right indents, so the layout gives each cell its real width (a table
  within 2 pt of the text width counts as exactly as wide);
- a vertically merged cell (``vMerge`` continuation) is an empty cell, its
  text stays in the row where the merge starts; a deleted row (``w:del`` in
  ``trPr``) is absent;
- paragraphs inside a cell are joined with "\\n" (each starts a new line);
  a table nested in a cell is flattened into its cell's text (cells joined
  by a space, rows by "\\n");
- formatting: the table style's paragraph and run properties apply under
  the paragraph styles; the row's size and font are those covering most of
  its characters, its alignment and first-line indent those of its longest
  paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from caina.core.model import CELL_SEP, Block, BlockKind
from caina.io.docx.blockstyle import block_style, dominant, indents, word_vertical
from caina.io.docx.refs import iter_blocks, iter_rows
from caina.io.docx.sections import Section
from caina.io.docx.styles import Props, ppr_props, rpr_props
from caina.io.docx.text import Piece
from caina.io.docx.xml import Element, attr, child, is_w, local, number, on_off, val

if TYPE_CHECKING:
    from caina.io.docx.reader import Builder

_TWIP = 1 / 20
_FULL_WIDTH_TOLERANCE_PT = 2.0
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _table_props(ctx: Builder, tbl_pr: Element | None, tstyle: str | None) -> dict[str, Element]:
    """The table's cell margins and borders (``tblCellMar/*``, ``tblBorders/*`` by edge), from its style chain
    then its own ``w:tblPr`` (the nearer wins)."""
    out: dict[str, Element] = {}
    sources = [child(st.element, "tblPr") for st in ctx.styles.chain(tstyle, "table")] + [tbl_pr]
    for pr in sources:
        for group in ("tblCellMar", "tblBorders"):
            el = child(pr, group)
            if el is None:
                continue
            for edge in el:
                if is_w(edge):
                    out[f"{group}/{local(edge)}"] = edge
    return out


def _row_chrome(props: dict[str, Element]) -> tuple[float, float, float, float]:
    """(top margin, bottom margin, top border, inside border) of a table's rows in points, as Word adds them to
    each row's height (a border of ``w:sz`` eighths of a point; ``nil``/``none`` none)."""

    def margin(edge: str) -> float:
        el = props.get(f"tblCellMar/{edge}")
        v = number(attr(el, "w")) if el is not None and attr(el, "type") in (None, "dxa") else None
        return max(0.0, v * _TWIP) if v is not None else 0.0

    def border(edge: str) -> float:
        el = props.get(f"tblBorders/{edge}")
        if el is None or attr(el, "val") in (None, "nil", "none"):
            return 0.0
        return max(0.0, min(12.0, (number(attr(el, "sz")) or 0.0) / 8))

    return margin("top"), margin("bottom"), border("top"), border("insideH")


def _cells(tr: Element) -> Iterator[Element]:
    for el in tr:
        if not is_w(el):
            continue
        name = local(el)
        if name == "tc":
            yield el
        elif name in ("sdt", "customXml"):
            inner = child(el, "sdtContent") if name == "sdt" else el
            if inner is not None:
                yield from _cells(inner)


class _Para:
    def __init__(self, text: str, props: Props, pieces: list[Piece]) -> None:
        self.text = text
        self.props = props
        self.pieces = pieces


def _cell_paragraphs(ctx: Builder, container: Element, tstyle: str | None) -> list[_Para]:
    out: list[_Para] = []
    for kind, el, _ in iter_blocks(container):
        if kind == "p":
            ppr = child(el, "pPr")
            pstyle = val(child(ppr, "pStyle"))
            direct = ppr_props(ppr)
            props = ctx.styles.paragraph(pstyle, tstyle, direct)
            num_id = props.get("numId:")
            if isinstance(num_id, float) and num_id:
                label = ctx.numbering.next_label(str(int(num_id)), int(props.get("ilvl:") or 0))  # type: ignore[call-overload]
                if label is not None and label.text:
                    ctx.counts["table_labels"] += 1
            mark = ctx.styles.run(pstyle, tstyle, rpr_props(child(ppr, "rPr")))
            content = ctx.text.paragraph(el, pstyle, tstyle)
            if content.breaks:
                ctx.counts["table_breaks"] += 1
            if mark.hidden and not content.text:
                continue
            out.append(_Para(content.text, props, content.pieces))
        else:  # a nested table: flattened into the cell
            ctx.counts["nested_tables"] += 1
            lines = []
            pieces: list[Piece] = []
            for tr, _ in iter_rows(el, ""):
                texts = []
                for tc in _cells(tr):
                    paras = _cell_paragraphs(ctx, tc, tstyle)
                    texts.append("\n".join(p.text for p in paras).replace("\n", " "))
                    for p in paras:
                        pieces.extend(p.pieces)
                lines.append(" ".join(texts))
            out.append(_Para("\n".join(lines), {}, pieces))
    return out


def read_table(
    ctx: Builder, tbl: Element, ref: str, section: Section, table_id: int, page_break: bool
) -> list[Block]:
    page = section.page
    pitch = page.char_pitch_pt
    tbl_pr = child(tbl, "tblPr")
    tstyle = val(child(tbl_pr, "tblStyle")) or ctx.styles.defaults.get("table")
    grid_el = child(tbl, "tblGrid")
    grid = [number(attr(g, "w")) or 0.0 for g in grid_el if local(g) == "gridCol"] if grid_el is not None else []
    grid_pt = [g * _TWIP for g in grid]
    table_w = sum(grid_pt)
    text_w = page.text_width_pt
    left_pt = right_pt = 0.0
    if grid_pt and abs(table_w - text_w) > _FULL_WIDTH_TOLERANCE_PT:
        jc = val(child(tbl_pr, "jc"))
        if jc == "center":
            left_pt = (text_w - table_w) / 2
        elif jc in ("right", "end"):
            left_pt = text_w - table_w
        else:
            left_pt = (number(attr(child(tbl_pr, "tblInd"), "w")) or 0.0) * _TWIP
        right_pt = text_w - table_w - left_pt
    autofit = attr(child(tbl_pr, "tblLayout"), "type") != "fixed"  # Word's default: autofit
    top_margin, bottom_margin, top_border, inside_border = _row_chrome(_table_props(ctx, tbl_pr, tstyle))
    blocks: list[Block] = []
    for tr, row_ref in iter_rows(tbl, ref):
        tr_pr = child(tr, "trPr")
        if child(tr_pr, "del") is not None:
            ctx.counts["del"] += 1
            continue
        if child(tr_pr, "ins") is not None:
            ctx.counts["ins"] += 1
        pos = int(number(val(child(tr_pr, "gridBefore"))) or 0)
        before_pt = sum(grid_pt[:pos])
        cells: list[str] = []
        widths: list[float] = []
        paras: list[_Para] = []
        for tc in _cells(tr):
            tc_pr = child(tc, "tcPr")
            span = max(1, int(number(val(child(tc_pr, "gridSpan"))) or 1))
            v_merge = child(tc_pr, "vMerge")
            h_merge = val(child(tc_pr, "hMerge"))
            width = sum(grid[pos : pos + span]) if pos + span <= len(grid) else 0.0
            pos += span
            cell_paras = _cell_paragraphs(ctx, tc, tstyle)
            if h_merge == "continue" and cells:
                widths[-1] += width
                continue
            if v_merge is not None and (val(v_merge) or "continue") == "continue":
                cells.append("")
            else:
                cells.append("\n".join(p.text for p in cell_paras).replace(CELL_SEP, " "))
                paras.extend(cell_paras)
            widths.append(width)
        if not cells:
            continue
        after_pt = sum(grid_pt[pos:]) if grid_pt and pos < len(grid_pt) else 0.0
        pieces = [pc for p in paras for pc in p.pieces]
        main = max(paras, key=lambda p: len(p.text.strip()), default=None)
        props = main.props if main is not None else ctx.styles.paragraph(None, tstyle, {})
        run, size = dominant(pieces, ctx.styles.run(None, tstyle, {}))
        first, _, _ = indents(props, page)
        style, fractional = block_style(
            props, run, size, section, page=page, space_before=0, space_after=0,
            page_break=page_break and not blocks, keep_next=False,
            first=first, left=(left_pt + before_pt) / pitch, right=(right_pt + after_pt) / pitch,
        )
        text = "".join(cells)
        vertical = word_vertical(props, run, size, section, cjk=_CJK.search(text) is not None)
        if fractional:  # rounded to rows on a grid; at Word's heights under the Word profiles when off it
            ctx.counts["fractional_lines_off_grid" if vertical else "fractional_lines"] += 1
        if vertical:  # Word's row height: the cell's lines, its paragraph spacing, the cell margins, the border above
            line, before, after = vertical
            border = top_border if not blocks else inside_border
            style = replace(
                style, word_vertical=(line, round(before + top_margin + border, 3), round(after + bottom_margin, 3))
            )
        header = not blocks or bool(on_off(child(tr_pr, "tblHeader")))
        blocks.append(
            Block(
                kind=BlockKind.TABLE_ROW,
                text=CELL_SEP.join(cells),
                style=style,
                col_widths=tuple(widths) if all(widths) else (),
                header=header,
                autofit=autofit,
                table_id=table_id,
                ref=row_ref,
            )
        )
    return blocks


__all__ = ["read_table"]
