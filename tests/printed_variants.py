"""Drafts whose printed PDFs differ: .docx files with deliberately different grids, fonts and margins.

Used by the printed-PDF acceptance tests and bench/printed.py. Each variant is
a generated draft (:func:`caina.core.generate.make_draft`) written as a
GB/T 9704 .docx and then changed in its XML the way another office's template
would differ. LibreOffice renders them *as they are* (not normalised), so the
PDFs differ from caina's default layout: the office template comes out at 14
字 a line, the 27-character grid at 27, Arial digits are wider than Times.

The truth a test holds caina's reading against is poppler's (``pdftotext
-bbox-layout``, through :func:`caina.io.libreoffice.read_pdf_lines`): another
program's reading of the same PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

from caina.core.generate import make_draft
from caina.core.model import BlockKind, Draft
from caina.io.docx_writer import to_docx_bytes

Patch = Callable[[str, str], str]


@dataclass(frozen=True)
class Variant:
    name: str
    what: str
    seed: int
    pages: int
    patch: Patch | None
    change: Callable[[Draft], Draft] | None = None
    tables: bool = True


def _grid(xml: str, grid: str) -> str:
    return re.sub(r"<w:docGrid[^>]*/>", grid, xml)


def _no_run_spacing(name: str, xml: str) -> str:
    return xml.replace('<w:spacing w:val="-5"/>', "") if name == "word/styles.xml" else xml


def office_template(name: str, xml: str) -> str:
    """Word's office template: linesAndChars, linePitch 579, charSpace −848, no run spacing."""
    if name == "word/document.xml":
        xml = _grid(xml, '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-848"/>')
    return _no_run_spacing(name, xml)


def grid_26(name: str, xml: str) -> str:
    """A 26-character grid: charSpace +4100 (17.0 pt a character)."""
    if name == "word/document.xml":
        xml = _grid(xml, '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="4100"/>')
    return _no_run_spacing(name, xml)


def long_title(draft: Draft) -> Draft:
    """A title of three lines at 2号 (20 字 a line)."""
    title = "关于进一步加强和改进全市重点项目审批服务保障工作推动经济社会高质量发展的若干措施（试行）"
    blocks = tuple(
        replace(b, text=title) if b.kind is BlockKind.TITLE and i == first else b
        for i, b in enumerate(draft.main.blocks)
    ) if (first := next(i for i, b in enumerate(draft.main.blocks) if b.kind is BlockKind.TITLE)) >= 0 else draft.main.blocks
    return replace(draft, title=title, parts=(replace(draft.main, blocks=blocks), *draft.parts[1:]))


def arial_songti(name: str, xml: str) -> str:
    """Other fonts: 宋体 for Chinese, Arial for Latin text and digits (wider than Times)."""
    return xml.replace("Times New Roman", "Arial").replace("仿宋_GB2312", "宋体")


def wide_margins(name: str, xml: str) -> str:
    """25.4 mm margins all round and a 26 pt line pitch: more, longer lines a page."""
    if name == "word/document.xml":
        xml = re.sub(
            r"<w:pgMar [^>]*/>",
            '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>',
            xml,
        )
        xml = _grid(xml, '<w:docGrid w:type="lines" w:linePitch="520"/>')
    return xml


VARIANTS: tuple[Variant, ...] = (
    Variant("tables-4hao", "caina 的 GB/T 9704 .docx（lines 网格、−0.25 磅字距），四号字表格", 101, 4, None),
    Variant("office-template", "公文模板：linesAndChars、charSpace −848（LibreOffice 每行 14 字），含表格", 102, 4, office_template),
    # LibreOffice sets table cells on a character grid by rules not modelled (docs/verify-layout.md):
    # the 26-character grid is measured without tables
    Variant("grid-26", "每行 26 字的字符网格（charSpace +4100）", 103, 4, grid_26, tables=False),
    Variant("title-3-lines", "三行的 2号标题", 106, 4, None, change=long_title),
    Variant("arial-songti", "宋体正文、Arial 西文和数字", 104, 4, arial_songti),
    Variant("wide-margins", "上下左右 25.4 mm、行距 26 磅", 105, 4, wide_margins),
)


def patch_docx(data: bytes, patch: Patch) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
                body = patch(item.filename, body.decode("utf-8")).encode("utf-8")
            z.writestr(item, body)
    return out.getvalue()


def variant_docx(v: Variant) -> bytes:
    draft = make_draft(v.pages, v.seed, tables=v.tables, attachment=None if v.tables else False)
    if v.change is not None:
        draft = v.change(draft)
    data = to_docx_bytes(draft)
    return patch_docx(data, v.patch) if v.patch is not None else data
