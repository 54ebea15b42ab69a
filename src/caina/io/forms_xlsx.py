"""Opinion forms (意见反馈表) as .xlsx: write a blank form, read a filled one.

The sheet "意见反馈表"::

    1  《草案标题》征求意见反馈表                         (merged A1:E1)
    2  填报单位 | 市财政局                                  (locked)
    3  联系人   | ____ | 联系电话 | ____                     (unlocked)
    4  反馈情况 | 有意见（填写下表）/ 无意见 (drop-down) | 说明
    5  填写说明 (merged A5:E5)
    6  序号 | 页码行数 | 原文 | 修改意见 | 理由               (header, locked)
    7… data rows (unlocked, text format, data validation)

The sheet is protected without a password (header rows locked, data area
unlocked; rows may be inserted), panes are frozen below the header, and the
marker (:class:`~caina.core.forms.FormMarker`) is stored twice: as the custom
document property ``caina_form`` and on a very hidden sheet ``_caina``.

Reading finds the header row by its texts (so a form typed by hand with the
same columns also reads), takes the unit and 反馈情况 from the cells above it,
and reports merged cells and extra sheets as warnings.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from caina.core.forms import (
    FIELDS,
    HEADERS,
    INFO_LABELS,
    MARKER_PROPERTY,
    MARKER_SHEET,
    REQUIRED_FIELDS,
    SHEET,
    STATE_CHOICES,
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
from caina.errors import EncryptedFileError, FormError, SourceFileError, UnsafeFileError
from caina.io.files import atomic_write_bytes
from caina.io.gbt9704 import FONTS
from caina.io.ooxml.xlsx import SheetData, column_letter, open_workbook, set_text
from caina.io.ooxml.xlsx import Workbook as ReadWorkbook

TITLE_FONT = FONTS["xiaobiaosong"]
BODY_FONT = FONTS["fangsong"]
HEADER_FONT = FONTS["heiti"]
WIDTHS = {"number": 7, "locator": 18, "quote": 42, "opinion": 42, "reason": 30}
HEADER_ROW = 6
_SEARCH_ROWS = 30
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_OPEN = Protection(locked=False)


def _letter(name: str) -> str:
    return get_column_letter(FIELDS.index(name) + 1)


def _label(ws: Worksheet, ref: str, text: str) -> None:
    set_text(ws[ref], text)
    ws[ref].font = Font(name=HEADER_FONT, size=12)
    ws[ref].alignment = _CENTER
    ws[ref].border = _BOX


def _blank(ws: Worksheet, ref: str, *, merge_to: str = "", locked: bool = False, value: str = "") -> None:
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")
    cell = ws[ref]
    set_text(cell, value or None)
    cell.font = Font(name=BODY_FONT, size=12)
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    cell.number_format = "@"
    if not locked:
        cell.protection = _OPEN
    for row in ws[f"{ref}:{merge_to or ref}"]:
        for c in row:
            c.border = _BOX


def _validations(ws: Worksheet, first: int, last: int) -> None:
    number = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=True)
    number.error, number.errorTitle = "序号请填写正整数：1、2、3……", "序号有误"
    number.prompt, number.promptTitle = "填1、2、3……", "序号"
    number.showErrorMessage = number.showInputMessage = True
    number.add(f"{_letter('number')}{first}:{_letter('number')}{last}")
    locator = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="40", allow_blank=True)
    locator.prompt, locator.promptTitle = "如：P3倒数第五行、第3页第5行、附件1第2页第4行；总体意见填“全文”", "页码行数"
    locator.error, locator.errorTitle = "页码行数不超过40个字，每格只写一处，多处请分行填写", "页码行数过长"
    locator.showErrorMessage = locator.showInputMessage = True
    locator.add(f"{_letter('locator')}{first}:{_letter('locator')}{last}")
    quote = DataValidation(type="textLength", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    quote.prompt, quote.promptTitle = "从草案中逐字复制原文（含标点），不要改写", "原文"
    quote.showInputMessage = True
    quote.add(f"{_letter('quote')}{first}:{_letter('quote')}{last}")
    state = DataValidation(type="list", formula1='"' + ",".join(STATE_CHOICES) + '"', allow_blank=True)
    state.prompt, state.promptTitle = "无意见请选“无意见”，并同样返回本表", "反馈情况"
    state.showInputMessage = state.showErrorMessage = True
    state.add("B4")
    for dv in (number, locator, quote, state):
        ws.add_data_validation(dv)


def _marker_sheet(wb: Workbook, marker: FormMarker) -> None:
    hidden = wb.create_sheet(MARKER_SHEET)
    hidden.sheet_state = "veryHidden"
    rows = [("json", marker.to_json())] + [
        (key, str(getattr(marker, key)))
        for key in ("format", "unit", "draft_id", "draft_version", "draft_title", "fingerprint", "review", "sheet")
    ]
    for r, (key, value) in enumerate(rows, 1):
        set_text(hidden.cell(r, 1), key)
        set_text(hidden.cell(r, 2), value)
    hidden.protection.sheet = True
    wb.custom_doc_props.append(StringProperty(name=MARKER_PROPERTY, value=marker.to_json()))


def build_form_xlsx(spec: FormSpec) -> bytes:
    """The blank form as .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    last_col = _letter("reason")
    for name in FIELDS:
        ws.column_dimensions[_letter(name)].width = WIDTHS[name]

    ws.merge_cells(f"A1:{last_col}1")
    set_text(ws["A1"], spec.title)
    ws["A1"].font = Font(name=TITLE_FONT, size=18)
    ws["A1"].alignment = _CENTER
    ws.row_dimensions[1].height = 48

    _label(ws, "A2", INFO_LABELS["unit"])
    _blank(ws, "B2", merge_to=f"{last_col}2", locked=True, value=spec.unit)
    _label(ws, "A3", INFO_LABELS["contact"])
    _blank(ws, "B3")
    _label(ws, "C3", INFO_LABELS["phone"])
    _blank(ws, "D3", merge_to=f"{last_col}3")
    _label(ws, "A4", INFO_LABELS["state"])
    _blank(ws, "B4", merge_to="C4")
    _blank(ws, "D4", merge_to=f"{last_col}4", locked=True, value="请选择；选“无意见”时不必填写下表")
    for r in (2, 3, 4):
        ws.row_dimensions[r].height = 24

    ws.merge_cells(f"A5:{last_col}5")
    set_text(ws["A5"], "填写说明：\n" + "\n".join(spec.instructions))
    ws["A5"].font = Font(name=BODY_FONT, size=11)
    ws["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[5].height = 16 * (len(spec.instructions) + 3)

    for i, name in enumerate(FIELDS, 1):
        cell = ws.cell(HEADER_ROW, i)
        set_text(cell, HEADERS[name])
        cell.font = Font(name=HEADER_FONT, size=12, bold=True)
        cell.alignment = _CENTER
        cell.border = _BOX
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    ws.row_dimensions[HEADER_ROW].height = 24

    first, last = HEADER_ROW + 1, HEADER_ROW + max(spec.rows, 1)
    for r in range(first, last + 1):
        for i, name in enumerate(FIELDS, 1):
            cell = ws.cell(r, i)
            cell.protection = _OPEN
            cell.border = _BOX
            cell.font = Font(name=BODY_FONT, size=12)
            cell.alignment = _CENTER if name == "number" else _WRAP
            cell.number_format = "General" if name == "number" else "@"
    _validations(ws, first, last)

    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows"):
        setattr(ws.protection, allowed, False)  # False = not protected: users may do it

    wb.properties.title = spec.title
    wb.properties.subject = spec.unit
    wb.properties.creator = "caina"
    wb.properties.keywords = "caina 意见反馈表"
    _marker_sheet(wb, spec.marker)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_form_xlsx(spec: FormSpec, path: Path) -> Path:
    return atomic_write_bytes(Path(path), build_form_xlsx(spec))


# ------------------------------------------------------------------ reading


def _open(path: Path | bytes, shown: str) -> ReadWorkbook:
    """The workbook through the guarded door (a path or an upload's bytes), refusals said as a form's."""
    if isinstance(path, Path) and not path.exists() and not path.is_symlink():
        raise SourceFileError("找不到反馈表文件", path=str(path), fix="请核对文件路径")
    try:
        return open_workbook(path, name=shown)
    except (UnsafeFileError, EncryptedFileError):
        raise
    except SourceFileError as exc:
        raise SourceFileError(
            f"无法打开反馈表：不是有效的 .xlsx 文件，或文件已损坏（{exc.what}）",
            path=shown,
            fix=exc.fix or "请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后重新导入",
        ) from None


def _marker(wb: ReadWorkbook) -> FormMarker | None:
    value = wb.custom_properties.get(MARKER_PROPERTY)
    if value:
        marker = FormMarker.from_json(value)
        if marker is not None:
            return marker
    hidden = next((s for s in wb.sheets if s.name == MARKER_SHEET), None)
    if hidden is not None:
        data = wb.read(hidden, max_rows=50, first_rows=50)
        for r in data.rows():
            if data.value(r, 1) == "json":
                return FormMarker.from_json(data.value(r, 2))
    return None


def _header(data: SheetData) -> tuple[int, dict[str, int]] | None:
    """The header row and its columns (field → 1-based column), if the sheet has one."""
    for r in data.rows(1, _SEARCH_ROWS):
        columns: dict[str, int] = {}
        for c in sorted(c for (row, c) in data.cells if row == r):
            name = header_field(data.value(r, c))
            if name and name not in columns:
                columns[name] = c
        if "quote" in columns and "opinion" in columns and len(columns) >= 3:
            return r, columns
    return None


def _merged_values(
    data: SheetData, header_row: int, columns: dict[str, int], place: Place, problems: list[Problem]
) -> dict[tuple[int, int], object]:
    """Values of merged data cells: a block merged down several rows counts as the same text on each row."""
    fields_at = {c: name for name, c in columns.items()}
    filled: dict[tuple[int, int], object] = {}
    for rng in data.merged:
        if rng.max_row <= header_row:
            continue
        top = data.value(rng.min_row, rng.min_col)
        rows = range(max(rng.min_row, header_row + 1), min(rng.max_row, max(data.last_row, rng.min_row)) + 1)
        for r in rows:
            for c in range(rng.min_col, min(rng.max_col, rng.min_col + 64) + 1):
                filled[(r, c)] = top if c == rng.min_col else None
        name = fields_at.get(rng.min_col, "")
        header = HEADERS.get(name, "")
        at = Place(place.file, place.sheet, rng.min_row, column_letter(rng.min_col), header)
        if rng.max_row > rng.min_row:
            what = f"{rng.coord} 是合并单元格：已当作第{rng.min_row}至{rng.max_row}行都填了“{cell_text(top)}”"
            fix = "如各行的内容不同，请取消合并后分别填写"
        else:
            others = "、".join(HEADERS[fields_at[c]] for c in range(rng.min_col + 1, rng.max_col + 1) if c in fields_at)
            what = f"{rng.coord} 是合并单元格：内容已作为“{header or '该栏'}”读取" + (f"，“{others}”视为空" if others else "")
            fix = "请取消合并，把各栏内容分别填写"
        problems.append(Problem(at, what, fix, error=False))
    return filled


def _info(data: SheetData, header_row: int, place: Place) -> dict[str, Cell]:
    """填报单位 / 联系人 / 联系电话 / 反馈情况 from the rows above the header.

    A label cell ("填报单位") takes the value of the cell right after it (after
    its merged range); a cell "填报单位：市财政局" holds both.
    """
    ends = {(rng.min_row, rng.min_col): rng.max_col for rng in data.merged}
    found: dict[str, Cell] = {}
    for (row, col) in sorted(k for k in data.cells if k[0] < header_row):
        value = data.value(row, col)
        info = info_field(value) if isinstance(value, str) else None
        if info is None or info[0] in found:
            continue
        name, text = info
        at = Place(place.file, place.sheet, row, column_letter(col), INFO_LABELS[name])
        if text:
            found[name] = Cell(text, at)
            continue
        nxt_col = ends.get((row, col), col) + 1
        nxt = data.value(row, nxt_col)
        value_at = Place(place.file, place.sheet, row, column_letter(nxt_col), INFO_LABELS[name])
        found[name] = Cell(None if info_field(nxt) else nxt, value_at)
    return found


def read_form_xlsx(path: Path | bytes, *, name: str | None = None) -> FilledForm:
    """Read a filled form (a path, or an upload's bytes named ``name``); raises :class:`SourceFileError` /
    :class:`FormError` for a file that is not one.

    The workbook is read as a stream through the guarded door (:mod:`caina.io.ooxml.xlsx`): at most
    ``max_sheet_rows`` rows with content per sheet; hidden sheets with content are reported, not read.
    """
    source = path if isinstance(path, bytes) else Path(path)
    shown = name or (str(source) if isinstance(source, Path) else "上传的反馈表.xlsx")
    wb = _open(source, shown)
    marker = _marker(wb)
    problems: list[Problem] = []
    visible = [s for s in wb.sheets if s.state == "visible" and s.name != MARKER_SHEET]
    for sheet in wb.sheets:
        if sheet.state != "visible" and sheet.name != MARKER_SHEET:
            hidden = wb.read(sheet)
            if hidden.has_content():
                how = "隐藏" if sheet.state == "hidden" else "深度隐藏"
                problems.append(
                    Problem(
                        Place(shown, sheet.name),
                        f"工作表“{sheet.name}”是{how}的，其中有{hidden.rows_with_content}行内容，未读取",
                        "如其中有意见，请在 Excel/WPS 中取消隐藏（右击工作表标签→取消隐藏），把意见移到意见反馈表中后重新导入",
                        error=False,
                    )
                )
    preferred = marker.sheet if marker else SHEET
    visible.sort(key=lambda s: s.name != preferred)
    form_data, header = None, None
    read: dict[str, SheetData] = {}
    for sheet in visible:
        data = wb.read(sheet)
        read[sheet.name] = data
        header = _header(data)
        if header is not None:
            form_data = data
            break
    if form_data is None or header is None:
        for sheet in visible:
            if sheet.name not in read:
                read[sheet.name] = wb.read(sheet)
        empty = not any(d.has_content() for d in read.values())
        raise FormError(
            "工作表是空的，没有意见反馈表" if empty else "找不到意见反馈表的表头（序号、页码行数、原文、修改意见、理由）",
            where=shown,
            fix="请使用 caina forms 生成的反馈表填写；自制的表格须有“页码行数”“原文”“修改意见”等列名",
        )
    header_row, columns = header
    form_name = form_data.sheet.name
    place = Place(shown, form_name)
    missing = [HEADERS[n] for n in REQUIRED_FIELDS if n not in columns]
    if missing:
        raise FormError(
            f"表头缺少“{'”“'.join(missing)}”列",
            where=f"{shown}，工作表“{form_name}”，第{header_row}行",
            fix="请不要删除或改名表头的列；可重新用 caina forms 生成反馈表后照填",
        )
    if form_data.stopped_at is not None:
        limit = form_data.rows_with_content
        problems.append(
            Problem(
                Place(shown, form_name, form_data.stopped_at),
                f"工作表有内容的行超过上限 {limit} 行：自第{form_data.stopped_at}行起未读取",
                "请把意见分成几份反馈表；确需读取更多行，请调高设置 CAINA_MAX_SHEET_ROWS（见 docs/settings.md）",
            )
        )
    if form_data.cleaned:
        problems.append(
            Problem(place, f"单元格中有{form_data.cleaned}个不能写入文档的控制字符，已删去", "", error=False)
        )
    for sheet in visible:
        if sheet.name == form_name:
            continue
        data = read.get(sheet.name) or wb.read(sheet, max_rows=1)
        if data.has_content():
            problems.append(
                Problem(
                    Place(shown, sheet.name),
                    f"工作表“{sheet.name}”不是意见反馈表，已忽略",
                    f"如其中有意见，请移到工作表“{form_name}”中",
                    error=False,
                )
            )
    merged = _merged_values(form_data, header_row, columns, place, problems)
    data_rows = sorted({r for r in form_data.rows(header_row + 1)} | {r for r, _ in merged})
    rows = []
    for r in data_rows:
        row_place = Place(shown, form_name, r)
        cells = {}
        for field, c in columns.items():
            value = merged[(r, c)] if (r, c) in merged else form_data.value(r, c)
            cells[field] = Cell(value, row_place.at(column_letter(c), HEADERS[field]))
        rows.append(FormRow(row_place, cells))
    info = _info(form_data, header_row, place)
    contact, phone = info.get("contact"), info.get("phone")
    return FilledForm(
        place=place,
        marker=marker,
        unit=info.get("unit"),
        contact=contact.text if contact else "",
        phone=phone.text if phone else "",
        state=info.get("state"),
        rows=tuple(rows),
        problems=tuple(problems),
    )
