"""Write a draft as a GB/T 9704 .docx (python-docx + lxml).

A4, margins 37/35/28/26 mm, 22 lines on a ``lines`` document grid (linePitch
579 twips) with −0.25 pt run spacing so that LibreOffice and Word set 28
characters a line; East-Asian fonts set explicitly; page numbers "— 1 —" in
4号 宋体, right on odd pages and left on even pages. Attachments start on a
new page. The page, font and grid helpers live in :mod:`caina.io.gbt9704`.

This writes a new document from the model. Keeping an original .docx's
formatting untouched while changing only what edits change is the job of
:mod:`caina.io.revisions`; for drafts read from text it starts from
:func:`to_docx_bytes_with_refs`, which also says where each block was written.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.shared import Emu

from caina.core.model import Block, BlockKind, Draft, Part
from caina.io.files import atomic_write_bytes
from caina.io.gbt9704 import (
    ALIGNMENT,
    FONTS,
    LATIN_FONT,
    add_page_numbers,
    apply_doc_defaults,
    apply_geometry,
    clear_body,
    set_first_line_indent,
    style_run,
)


class _Counter:
    """Body children written so far, to name each block's place as Block.ref does."""

    def __init__(self, pitch_pt: float) -> None:
        self.p = 0
        self.tbl = 0
        self.pitch_pt = pitch_pt  # one 字 on the page grid, for indents


def _paragraph(doc: Any, block: Block, n: _Counter, *, page_break: bool = False) -> str:
    st = block.style
    p = doc.add_paragraph()
    ref = f"p:{n.p}"
    n.p += 1
    fmt = p.paragraph_format
    p.alignment = ALIGNMENT[st.align]
    if st.first_line_indent_chars:
        set_first_line_indent(p, st.first_line_indent_chars, st.font_size_pt, n.pitch_pt)
    if st.keep_with_next:
        fmt.keep_with_next = True
    if page_break:
        fmt.page_break_before = True
    if block.text:
        r = p.add_run(block.text)
        style_run(r, size_pt=st.font_size_pt, role=st.font_role, bold=st.bold)
    for _ in range(st.space_after_rows):
        doc.add_paragraph()
        n.p += 1
    return ref


def _table(doc: Any, rows: list[Block], n: _Counter) -> list[str]:
    ncols = max(len(b.cells) for b in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, block in enumerate(rows):
        for c, text in enumerate(block.cells):
            cell = table.cell(r, c)
            p = cell.paragraphs[0]
            run = p.add_run(text)
            style_run(run, size_pt=block.style.font_size_pt, role="heiti" if block.header else "fangsong", bold=block.header)
    _column_widths(doc, table, rows[0].col_widths, ncols)
    refs = [f"tbl:{n.tbl}/r:{r}" for r in range(len(rows))]
    n.tbl += 1
    return refs


def _column_widths(doc: Any, table: Any, widths: tuple[float, ...], ncols: int) -> None:
    """Write the model's relative column widths over the text width (fixed layout), so reading back gives them."""
    if len(widths) != ncols or min(widths) <= 0:
        return
    sect = doc.sections[0]
    total = sect.page_width - sect.left_margin - sect.right_margin
    table.autofit = False
    for i, weight in enumerate(widths):
        width = Emu(int(total * weight / sum(widths)))
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width


def _build(draft: Draft) -> tuple[bytes, Draft]:
    doc = Document()
    apply_doc_defaults(doc)
    apply_geometry(doc, draft.page)
    add_page_numbers(doc)
    clear_body(doc)
    n = _Counter(draft.page.char_pitch_pt)
    parts: list[Part] = []
    for part in draft.parts:
        refs: list[str] = []
        pending: list[Block] = []
        first = True
        for block in part.blocks:
            if block.kind is BlockKind.TABLE_ROW:
                if pending and pending[-1].table_id != block.table_id:
                    refs += _table(doc, pending, n)
                    pending = []
                pending.append(block)
                continue
            if pending:
                refs += _table(doc, pending, n)
                pending = []
            refs.append(_paragraph(doc, block, n, page_break=first and not part.is_main))
            first = False
        if pending:
            refs += _table(doc, pending, n)
        blocks = tuple(replace(b, ref=ref) for b, ref in zip(part.blocks, refs, strict=True))
        parts.append(Part(part.id, part.label, blocks))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), replace(draft, parts=tuple(parts))


def to_docx_bytes(draft: Draft) -> bytes:
    return _build(draft)[0]


def to_docx_bytes_with_refs(draft: Draft) -> tuple[bytes, Draft]:
    """The .docx and the same draft with every ``Block.ref`` naming where the block was written."""
    return _build(draft)


def write_docx(draft: Draft, path: Path) -> Path:
    return atomic_write_bytes(Path(path), to_docx_bytes(draft))


__all__ = ["write_docx", "to_docx_bytes", "to_docx_bytes_with_refs", "FONTS", "LATIN_FONT", "WD_BREAK"]
