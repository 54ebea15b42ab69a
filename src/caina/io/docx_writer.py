"""Write a draft as a GB/T 9704 .docx (python-docx + lxml).

A4, margins 37/35/28/26 mm, 22 lines on a ``lines`` document grid (linePitch
579 twips) with −0.25 pt run spacing so that LibreOffice and Word set 28
characters a line; East-Asian fonts set explicitly; page numbers "— 1 —" in
4号 宋体, right on odd pages and left on even pages. Attachments start on a
new page.

This writes a new document from the model. Keeping an original .docx's
formatting untouched while changing only what edits change is the job of the
revision writer (a later step).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from caina.core.model import Align, Block, BlockKind, Draft
from caina.io.files import atomic_write_bytes

FONTS = {
    "fangsong": "仿宋_GB2312",
    "heiti": "黑体",
    "kaiti": "楷体_GB2312",
    "xiaobiaosong": "方正小标宋简体",
    "songti": "宋体",
}
LATIN_FONT = "Times New Roman"
_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_ = WD_SECTION


def _set(el, tag: str, **attrs: str):  # type: ignore[no-untyped-def]
    child = el.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        el.append(child)
    for k, v in attrs.items():
        child.set(qn(k), v)
    return child


def _fonts(rpr, east_asia: str) -> None:  # type: ignore[no-untyped-def]
    _set(rpr, "w:rFonts", **{"w:ascii": LATIN_FONT, "w:hAnsi": LATIN_FONT, "w:eastAsia": east_asia, "w:cs": LATIN_FONT})


def _defaults(doc) -> None:  # type: ignore[no-untyped-def]
    styles = doc.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _fonts(rpr, FONTS["fangsong"])
    _set(rpr, "w:sz", **{"w:val": "32"})
    _set(rpr, "w:szCs", **{"w:val": "32"})
    _set(rpr, "w:spacing", **{"w:val": "-5"})
    _set(rpr, "w:lang", **{"w:val": "en-US", "w:eastAsia": "zh-CN"})
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    _fonts(normal.element.get_or_add_rPr(), FONTS["fangsong"])


def _geometry(doc, draft: Draft) -> None:  # type: ignore[no-untyped-def]
    page = draft.page
    sect = doc.sections[0]
    sect.page_width, sect.page_height = Pt(page.page_width_pt), Pt(page.page_height_pt)
    sect.top_margin, sect.bottom_margin = Pt(page.margin_top_pt), Pt(page.margin_bottom_pt)
    sect.left_margin, sect.right_margin = Pt(page.margin_left_pt), Pt(page.margin_right_pt)
    sect.footer_distance = Mm(28) - Mm(7) - Mm(4)
    pitch = int(page.line_pitch_pt * 20)  # floor: 28.99 pt → 579 twips, so 22 lines fit
    _set(sect._sectPr, "w:docGrid", **{"w:type": "lines", "w:linePitch": str(pitch)})


def _page_number_footer(footer, *, right: bool) -> None:  # type: ignore[no-untyped-def]
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    ind = _set(p._p.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:right" if right else "w:left"), "280")  # 1 字 in from the edge

    def run(text: str | None = None, field: str | None = None) -> None:
        r = p.add_run(text or "")
        r.font.size = Pt(14)
        _fonts(r._r.get_or_add_rPr(), FONTS["songti"])
        if field:
            for kind, instr in (("begin", None), (None, field), ("end", None)):
                if kind:
                    fc = OxmlElement("w:fldChar")
                    fc.set(qn("w:fldCharType"), kind)
                    r._r.append(fc)
                else:
                    it = OxmlElement("w:instrText")
                    it.set(qn("xml:space"), "preserve")
                    it.text = instr
                    r._r.append(it)

    run("— ")
    run(field=" PAGE ")
    run(" —")


def _paragraph(doc, block: Block, *, page_break: bool = False):  # type: ignore[no-untyped-def]
    st = block.style
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    p.alignment = _ALIGN[st.align]
    if st.first_line_indent_chars:
        ind = _set(p._p.get_or_add_pPr(), "w:ind")
        ind.set(qn("w:firstLineChars"), str(round(st.first_line_indent_chars * 100)))
        ind.set(qn("w:firstLine"), str(round(st.first_line_indent_chars * st.font_size_pt * 20)))
    if st.keep_with_next:
        fmt.keep_with_next = True
    if page_break:
        fmt.page_break_before = True
    if block.text:
        r = p.add_run(block.text)
        r.font.size = Pt(st.font_size_pt)
        r.bold = st.bold or None
        _fonts(r._r.get_or_add_rPr(), FONTS.get(st.font_role, FONTS["fangsong"]))
    for _ in range(st.space_after_rows):
        doc.add_paragraph()
    return p


def _table(doc, rows: list[Block]) -> None:  # type: ignore[no-untyped-def]
    ncols = max(len(b.cells) for b in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, block in enumerate(rows):
        for c, text in enumerate(block.cells):
            cell = table.cell(r, c)
            p = cell.paragraphs[0]
            run = p.add_run(text)
            run.font.size = Pt(block.style.font_size_pt)
            run.bold = block.header or None
            _fonts(run._r.get_or_add_rPr(), FONTS["heiti" if block.header else "fangsong"])


def to_docx_bytes(draft: Draft) -> bytes:
    doc = Document()
    _defaults(doc)
    _geometry(doc, draft)
    settings = doc.settings.element
    _set(settings, "w:evenAndOddHeaders")
    sect = doc.sections[0]
    _page_number_footer(sect.footer, right=True)
    _page_number_footer(sect.even_page_footer, right=False)
    # python-docx starts with one empty paragraph in some templates; remove it
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    for part in draft.parts:
        pending: list[Block] = []
        first = True
        for block in part.blocks:
            if block.kind is BlockKind.TABLE_ROW:
                if pending and pending[-1].table_id != block.table_id:
                    _table(doc, pending)
                    pending = []
                pending.append(block)
                continue
            if pending:
                _table(doc, pending)
                pending = []
            _paragraph(doc, block, page_break=first and not part.is_main)
            first = False
        if pending:
            _table(doc, pending)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(draft: Draft, path: Path) -> Path:
    return atomic_write_bytes(Path(path), to_docx_bytes(draft))


__all__ = ["write_docx", "to_docx_bytes", "WD_BREAK"]
