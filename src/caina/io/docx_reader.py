"""Basic .docx reading: paragraphs, headings, tables, attachments and the page grid.

Full Word fidelity (style inheritance, run formatting, fields, revisions) is
a later step; this reader takes what the layout and the locators need:
paragraph text in order (body and tables), the heading level implied by the
style or the numbering, "附件N" labels that start attachments, and the
section's page size, margins and docGrid.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from caina.core.model import (
    CELL_SEP,
    MAIN_PART_ID,
    MAIN_PART_LABEL,
    MM,
    Align,
    Block,
    BlockKind,
    Draft,
    PageSetup,
    Part,
    default_style,
    find_short_name,
    heading_kind,
)
from caina.errors import SourceFileError

_ATTACHMENT = re.compile(r"^附件\s*([0-9０-９]+)\s*[：:]?$")
_TWIP = 1 / 20  # pt


def _page_setup(doc: Document) -> PageSetup:  # type: ignore[valid-type]
    sect = doc.sections[0]._sectPr  # type: ignore[attr-defined]
    base = PageSetup()
    pg_sz, pg_mar, grid = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar")), sect.find(qn("w:docGrid"))

    def twips(el: object, attr: str, default: float) -> float:
        if el is None:
            return default
        v = el.get(qn(attr))  # type: ignore[attr-defined]
        return int(v) * _TWIP if v is not None else default

    width = twips(pg_sz, "w:w", base.page_width_pt)
    height = twips(pg_sz, "w:h", base.page_height_pt)
    top = twips(pg_mar, "w:top", base.margin_top_pt)
    bottom = twips(pg_mar, "w:bottom", base.margin_bottom_pt)
    left = twips(pg_mar, "w:left", base.margin_left_pt)
    right = twips(pg_mar, "w:right", base.margin_right_pt)
    lines, chars = base.lines_per_page, base.chars_per_line
    text_w, text_h = width - left - right, height - top - bottom
    spacing = _default_spacing(doc)
    if grid is not None and grid.get(qn("w:linePitch")):
        pitch = int(grid.get(qn("w:linePitch"))) * _TWIP
        lines = max(1, int(text_h / pitch + 1e-6))
        if grid.get(qn("w:type")) in ("linesAndChars", "snapToChars") and grid.get(qn("w:charSpace")):
            # Word's character grid: pitch = font size + charSpace / 4096
            spacing = int(grid.get(qn("w:charSpace"))) / 4096
        chars = max(1, int(text_w / (base.body_size_pt + spacing) + 1e-6))
    return PageSetup(
        page_width_pt=width,
        page_height_pt=height,
        margin_top_pt=top,
        margin_bottom_pt=bottom,
        margin_left_pt=left,
        margin_right_pt=right,
        lines_per_page=lines,
        chars_per_line=chars,
        char_spacing_pt=spacing,
    )


def _default_spacing(doc: Document) -> float:  # type: ignore[valid-type]
    """Run spacing (pt) set in docDefaults, e.g. −0.25 pt from ``<w:spacing w:val="-5"/>``."""
    styles = doc.styles.element  # type: ignore[attr-defined]
    el = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:spacing')}")
    if el is not None and el.get(qn("w:val")):
        return int(el.get(qn("w:val"))) / 20
    return 0.0


def _style_heading(paragraph: Paragraph) -> BlockKind | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    m = re.search(r"(?:Heading|标题)\s*([1-4])", name)
    if m:
        return {"1": BlockKind.HEADING1, "2": BlockKind.HEADING2, "3": BlockKind.HEADING3, "4": BlockKind.HEADING4}[
            m.group(1)
        ]
    if name in ("Title", "标题"):
        return BlockKind.TITLE
    return None


def _iter_body(doc: Document):  # type: ignore[no-untyped-def, valid-type]
    """(ref, Paragraph | Table) for each body child, ref as in Block.ref."""
    body = doc.element.body  # type: ignore[attr-defined]
    n_p = n_tbl = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield f"p:{n_p}", Paragraph(child, doc)
            n_p += 1
        elif child.tag == qn("w:tbl"):
            yield f"tbl:{n_tbl}", Table(child, doc)
            n_tbl += 1


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\u00a0", " ").strip()


def read_docx(path: Path) -> Draft:
    path = Path(path)
    if not path.exists():
        raise SourceFileError("找不到草案文件", path=str(path), fix="请核对路径")
    if not zipfile.is_zipfile(path):
        raise SourceFileError(
            "文件不是有效的 .docx（Word 2007 及以上格式）",
            path=str(path),
            fix="如是 .doc 或 .wps 文件，请在 Word/WPS 中另存为 .docx 后再试",
        )
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for broken packages
        raise SourceFileError(
            f"无法打开 .docx 文件：{exc.__class__.__name__}",
            path=str(path),
            fix="请在 Word/WPS 中打开并另存为 .docx 后再试",
        ) from None
    parts: list[Part] = []
    part_id, part_label = MAIN_PART_ID, MAIN_PART_LABEL
    blocks: list[Block] = []
    expect_title = True
    table_id = -1
    for ref, item in _iter_body(doc):
        in_main = part_id == MAIN_PART_ID
        if isinstance(item, Table):
            table_id += 1
            rows = item.rows
            widths: list[float] = []
            try:
                widths = [float(c.width or 1) for c in item.columns]
            except Exception:  # noqa: BLE001 - irregular tables
                widths = []
            for r, row in enumerate(rows):
                cells = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append(_clean(" ".join(p.text for p in cell.paragraphs)))
                blocks.append(
                    Block(
                        kind=BlockKind.TABLE_ROW,
                        text=CELL_SEP.join(cells),
                        style=default_style(BlockKind.TABLE_ROW),
                        col_widths=tuple(widths[: len(cells)]) if len(widths) >= len(cells) else (),
                        header=r == 0,
                        table_id=table_id,
                        ref=f"{ref}/r:{r}",
                    )
                )
            expect_title = False
            continue
        text = _clean(item.text)
        if not text:
            continue
        m = _ATTACHMENT.match(text)
        if m and len(text) <= 6:
            parts.append(Part(part_id, part_label, tuple(blocks)))
            number = int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
            part_id, part_label = f"att{number}", f"附件{number}"
            blocks = [
                Block(BlockKind.ATTACHMENT_LABEL, part_label, default_style(BlockKind.ATTACHMENT_LABEL), ref=ref)
            ]
            expect_title = True
            continue
        kind = _style_heading(item)
        centered = item.alignment is not None and int(item.alignment) == 1
        if expect_title and (kind is BlockKind.TITLE or centered or not blocks or blocks[-1].kind is BlockKind.ATTACHMENT_LABEL):
            kind = BlockKind.TITLE
        elif kind is None or kind is BlockKind.TITLE:
            hk = heading_kind(text)
            kind = hk if hk is not None and len(text) <= 40 and "。" not in text[:-1] else BlockKind.BODY
        if kind is not BlockKind.TITLE:
            expect_title = False
        style = default_style(kind, in_main=in_main)
        blocks.append(Block(kind, text, style, ref=ref))
    parts.append(Part(part_id, part_label, tuple(blocks)))
    main = parts[0]
    title = "".join(b.text for b in main.blocks if b.kind is BlockKind.TITLE and not b.text.startswith("（"))
    if not title:
        raise SourceFileError("草案没有标题", path=str(path), fix="请确认第一段是文件标题")
    return Draft(
        title=title,
        parts=tuple(parts),
        page=_page_setup(doc),
        short_name=find_short_name(tuple(parts)),
        source=str(path),
    )


__all__ = ["read_docx", "Align", "MM"]
