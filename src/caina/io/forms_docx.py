"""Opinion forms (意见反馈表) as .docx: write a blank form, read a filled one.

Layout (A4 landscape, GB/T 9704-ish): the title in 方正小标宋简体 2号, centred;
a small table 填报单位 / 反馈情况 / 联系人 / 联系电话; the 填写说明 in 仿宋_GB2312;
the opinion table 序号 / 页码行数 / 原文 / 修改意见 / 理由 with a repeated header
row. East-Asian fonts are set through ``w:rFonts/@w:eastAsia`` (python-docx's
``font.name`` sets only the Latin ones).

The marker (:class:`~caina.core.forms.FormMarker`) is kept in the core
properties: ``comments`` holds its JSON, ``category`` says "caina 意见反馈表".

Reading takes every table whose first row has the opinion columns (a table
split in two by the user still reads), the unit and 反馈情况 from the info
table, and reports merged cells and unknown tables as warnings.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from caina.core.forms import (
    FIELDS,
    HEADERS,
    INFO_LABELS,
    REQUIRED_FIELDS,
    Cell,
    FilledForm,
    FormMarker,
    FormRow,
    FormSpec,
    Place,
    Problem,
    cell_text,
    header_field,
    info_field,
)
from caina.errors import CainaError, EncryptedFileError, FormError, SourceFileError, UnsafeFileError
from caina.io.files import atomic_write_bytes
from caina.io.gbt9704 import FONTS, set_fonts
from caina.io.ooxml import open_package

TITLE_FONT = FONTS["xiaobiaosong"]
BODY_FONT = FONTS["fangsong"]
HEADER_FONT = FONTS["heiti"]
CATEGORY = "caina 意见反馈表"
WIDTHS_MM = {"number": 14, "locator": 36, "quote": 66, "opinion": 66, "reason": 43}  # 225 mm: the text width
DOCX_ROWS = 10


def _run(paragraph: Any, text: str, *, font: str = BODY_FONT, size: float = 14, bold: bool = False) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    set_fonts(run._r.get_or_add_rPr(), font)
    return run


def _para(container: Any, text: str = "", *, font: str = BODY_FONT, size: float = 14, bold: bool = False,
          align: Any = None) -> Any:  # fmt: skip
    p = container.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font=font, size=size, bold=bold)
    return p


def _cell_text(cell: Any, text: str, *, font: str = BODY_FONT, size: float = 14, bold: bool = False,
               align: Any = None) -> None:  # fmt: skip
    p = cell.paragraphs[0]
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font=font, size=size, bold=bold)
    else:  # an empty cell still carries the font, so that what is typed in it is 仿宋
        set_fonts(_para_rpr(p), font)


def _para_rpr(p: Any) -> Any:
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    return rpr


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _widths(table: Any, widths_mm: tuple[float, ...]) -> None:
    """Fixed column widths: the grid (which LibreOffice follows) and each cell (which Word follows)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)


def _defaults(doc: Any) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)


def build_form_docx(spec: FormSpec, rows: int = DOCX_ROWS) -> bytes:
    """The blank form as .docx bytes."""
    doc = Document()
    _defaults(doc)
    sect = doc.sections[0]
    sect.orientation = WD_ORIENT.LANDSCAPE
    sect.page_width, sect.page_height = Mm(297), Mm(210)
    sect.top_margin, sect.bottom_margin, sect.left_margin, sect.right_margin = Mm(28), Mm(26), Mm(37), Mm(35)

    _para(doc, spec.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc)

    info = doc.add_table(rows=2, cols=4)
    info.style = "Table Grid"
    info.alignment = WD_TABLE_ALIGNMENT.CENTER
    pairs = [
        [(INFO_LABELS["unit"], spec.unit), (INFO_LABELS["state"], "")],
        [(INFO_LABELS["contact"], ""), (INFO_LABELS["phone"], "")],
    ]
    _widths(info, (30, 80, 30, 80))
    for row, values in zip(info.rows, pairs, strict=False):
        cells = row.cells
        for k, (label, value) in enumerate(values):
            _cell_text(cells[2 * k], label, font=HEADER_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
            _cell_text(cells[2 * k + 1], value)
        for cell, width in zip(cells, (30, 80, 30, 80), strict=False):
            cell.width = Mm(width)

    _para(doc)
    _para(doc, "填写说明：", font=HEADER_FONT, size=14)
    for line in spec.instructions:
        _para(doc, line, size=12)
    _para(doc, "反馈情况填“有意见”或“无意见”。", size=12)
    _para(doc)

    table = doc.add_table(rows=1 + max(rows, 1), cols=len(FIELDS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, tuple(WIDTHS_MM[name] for name in FIELDS))
    for r, row in enumerate(table.rows):  # row.cells once per row: table.cell(r, c) rescans the table
        for cell, name in zip(row.cells, FIELDS, strict=False):
            cell.width = Mm(WIDTHS_MM[name])
            if r == 0:
                _cell_text(cell, HEADERS[name], font=HEADER_FONT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            else:
                _cell_text(cell, "")
        if r:  # room to write by hand on a printed form
            row.height, row.height_rule = Mm(12), WD_ROW_HEIGHT_RULE.AT_LEAST
    _repeat_header(table.rows[0])

    props = doc.core_properties
    props.title = spec.title
    props.subject = spec.unit
    props.author = "caina"
    props.category = CATEGORY
    props.keywords = f"{spec.marker.draft_id} 第{spec.marker.draft_version}版"
    props.comments = spec.marker.to_json()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_form_docx(spec: FormSpec, path: Path, rows: int = DOCX_ROWS) -> Path:
    return atomic_write_bytes(Path(path), build_form_docx(spec, rows))


# ------------------------------------------------------------------ reading


def _open(path: Path | bytes, shown: str) -> tuple[Any, tuple[str, ...]]:
    """The document through the guarded door (python-docx gets the checked parts), and the door's notes."""
    if isinstance(path, Path) and not path.exists() and not path.is_symlink():
        raise SourceFileError("找不到反馈表文件", path=str(path), fix="请核对文件路径")
    fix = "请在 Word 或 WPS 中打开该文件，另存为“Word 文档（*.docx）”后重新导入"
    try:
        package = open_package(path, "docx", name=shown)
        package.document()
    except (UnsafeFileError, EncryptedFileError):
        raise
    except SourceFileError as exc:
        raise SourceFileError(
            f"无法打开反馈表：不是有效的 .docx 文件，或文件已损坏（{exc.what}）", path=shown, fix=fix
        ) from None
    try:
        return Document(io.BytesIO(package.sanitized_bytes())), package.notes
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise SourceFileError(
            f"无法打开反馈表：不是有效的 .docx 文件，或文件已损坏（{type(exc).__name__}）", path=shown, fix=fix
        ) from None


def _cells(row: Any) -> list[tuple[Any, bool, bool]]:
    """Each grid cell of a row: (cell, merged across from the left, merged down from above)."""
    own = set(map(id, row._tr.tc_lst))
    out = []
    previous = None
    for cell in row.cells:
        out.append((cell, cell._tc is previous, id(cell._tc) not in own))
        previous = cell._tc
    return out


def _columns(table: Any) -> dict[str, int]:
    if not table.rows:
        return {}
    columns: dict[str, int] = {}
    for c, cell in enumerate(table.rows[0].cells):
        name = header_field(cell_text(cell.text))
        if name and name not in columns:
            columns[name] = c
    return columns if "quote" in columns and "opinion" in columns and len(columns) >= 3 else {}


def _info(table: Any, label: str, info: dict[str, Cell], shown: str) -> bool:
    """Read 填报单位 / 联系人 / … from a table of label–value cells; True if it was one."""
    seen = False
    for r, row in enumerate(table.rows, 1):
        cells = row.cells
        for c, cell in enumerate(cells):
            found = info_field(cell_text(cell.text))
            if found is None:
                continue
            seen = True
            name, value = found
            place = Place(shown, label, r, header=INFO_LABELS[name], kind="docx")
            if name in info:
                continue
            if not value and c + 1 < len(cells) and cells[c + 1]._tc is not cell._tc:
                value = cell_text(cells[c + 1].text)
                value = "" if info_field(value) else value
            info[name] = Cell(value or None, place)
    return seen


def read_form_docx(path: Path | bytes, *, name: str | None = None) -> FilledForm:
    """Read a filled form (a path, or an upload's bytes named ``name``); raises :class:`SourceFileError` /
    :class:`FormError` for a file that is not one."""
    source = path if isinstance(path, bytes) else Path(path)
    shown = name or (str(source) if isinstance(source, Path) else "上传的反馈表.docx")
    doc, notes = _open(source, shown)
    try:
        return _read(doc, shown, notes)
    except CainaError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx meets what the door let through but it cannot read
        raise SourceFileError(
            f"无法读取反馈表中的表格（{type(exc).__name__}）",
            path=shown,
            fix="请在 Word 或 WPS 中打开该文件，另存为“Word 文档（*.docx）”后重新导入",
        ) from None


def _read(doc: Any, shown: str, notes: tuple[str, ...]) -> FilledForm:
    marker = FormMarker.from_json(doc.core_properties.comments)
    problems: list[Problem] = [Problem(Place(shown, kind="docx"), note, "", error=False) for note in notes]
    info: dict[str, Cell] = {}
    rows: list[FormRow] = []
    opinion_tables: list[str] = []
    for t, table in enumerate(doc.tables, 1):
        label = f"第{t}个表格"
        columns = _columns(table)
        if not columns:
            if not _info(table, label, info, shown) and any(cell_text(c.text) for r in table.rows for c in r.cells):
                problems.append(
                    Problem(Place(shown, label, kind="docx"), f"{label}不是意见表，已忽略", "如其中有意见，请移到意见表中", error=False)
                )
            continue
        missing = [HEADERS[n] for n in REQUIRED_FIELDS if n not in columns]
        if missing:
            raise FormError(
                f"表头缺少“{'”“'.join(missing)}”列",
                where=f"{shown}，{label}，第1行",
                fix="请不要删除或改名表头的列；可重新用 caina forms 生成反馈表后照填",
            )
        opinion_tables.append(label)
        for r, row in enumerate(table.rows[1:], 2):
            grid = _cells(row)
            row_place = Place(shown, label, r, kind="docx")
            cells = {}
            for field, c in columns.items():
                if c >= len(grid):
                    continue
                cell, across, down = grid[c]
                at = row_place.at("", HEADERS[field])
                text = cell_text(cell.text)
                if across:
                    problems.append(
                        Problem(at, f"“{HEADERS[field]}”栏与左边一栏合并了：视为空", "请取消合并，把各栏内容分别填写", error=False)
                    )
                    text = ""
                elif down and text:
                    problems.append(
                        Problem(at, f"“{HEADERS[field]}”栏与上一行合并了：已当作本行也填了“{text}”",
                                "如各行的内容不同，请取消合并后分别填写", error=False)
                    )  # fmt: skip
                cells[field] = Cell(text or None, at)
            rows.append(FormRow(row_place, cells))
    if not opinion_tables:
        raise FormError(
            "找不到意见表（表头为 序号、页码行数、原文、修改意见、理由）" if doc.tables else "文档中没有表格，不是意见反馈表",
            where=shown,
            fix="请使用 caina forms 生成的反馈表填写；自制的表格须有“页码行数”“原文”“修改意见”等列名",
        )
    contact, phone = info.get("contact"), info.get("phone")
    return FilledForm(
        place=Place(shown, opinion_tables[0] if len(opinion_tables) == 1 else "", kind="docx"),
        marker=marker,
        unit=info.get("unit"),
        contact=contact.text if contact else "",
        phone=phone.text if phone else "",
        state=info.get("state"),
        rows=tuple(rows),
        problems=tuple(problems),
    )
