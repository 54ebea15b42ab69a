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
import warnings
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
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
from caina.errors import FormError, SourceFileError
from caina.io.files import atomic_write_bytes
from caina.io.gbt9704 import FONTS

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
    ws[ref] = text
    ws[ref].font = Font(name=HEADER_FONT, size=12)
    ws[ref].alignment = _CENTER
    ws[ref].border = _BOX


def _blank(ws: Worksheet, ref: str, *, merge_to: str = "", locked: bool = False, value: str = "") -> None:
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")
    cell = ws[ref]
    cell.value = value or None
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
    hidden.append(["json", marker.to_json()])
    for key in ("format", "unit", "draft_id", "draft_version", "draft_title", "fingerprint", "review", "sheet"):
        hidden.append([key, str(getattr(marker, key))])
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
    ws["A1"] = spec.title
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
    ws["A5"] = "填写说明：\n" + "\n".join(spec.instructions)
    ws["A5"].font = Font(name=BODY_FONT, size=11)
    ws["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[5].height = 16 * (len(spec.instructions) + 3)

    for i, name in enumerate(FIELDS, 1):
        cell = ws.cell(HEADER_ROW, i, HEADERS[name])
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


def _open(path: Path) -> Any:
    if not path.exists():
        raise SourceFileError("找不到反馈表文件", path=str(path), fix="请核对文件路径")
    try:
        with warnings.catch_warnings(), path.open("rb") as fh:  # closed even when openpyxl gives up half-way
            # files saved by Excel/WPS carry extensions openpyxl drops with a UserWarning
            # (data validation lists, conditional formats); they do not matter here
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
            return load_workbook(fh, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise SourceFileError(
            f"无法打开反馈表：不是有效的 .xlsx 文件，或文件已损坏（{type(exc).__name__}）",
            path=str(path),
            fix="请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后重新导入",
        ) from None


def _marker(wb: Any) -> FormMarker | None:
    for prop in getattr(wb, "custom_doc_props", None) or ():
        if getattr(prop, "name", None) == MARKER_PROPERTY:
            marker = FormMarker.from_json(getattr(prop, "value", None))
            if marker is not None:
                return marker
    if MARKER_SHEET in wb.sheetnames:
        for row in wb[MARKER_SHEET].iter_rows(values_only=True):
            if row and row[0] == "json" and len(row) > 1:
                return FormMarker.from_json(row[1])
    return None


def _header(ws: Worksheet) -> tuple[int, dict[str, int]] | None:
    """The header row and its columns (field → 1-based column), if the sheet has one."""
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=_SEARCH_ROWS, values_only=True), 1):
        columns: dict[str, int] = {}
        for c, value in enumerate(row, 1):
            name = header_field(value)
            if name and name not in columns:
                columns[name] = c
        if "quote" in columns and "opinion" in columns and len(columns) >= 3:
            return r, columns
    return None


def _has_content(ws: Worksheet) -> bool:
    return any(v not in (None, "") for row in ws.iter_rows(values_only=True) for v in row)


def _merged_values(
    ws: Worksheet, header_row: int, columns: dict[str, int], place: Place, problems: list[Problem]
) -> dict[tuple[int, int], object]:
    """Values of merged data cells: a block merged down several rows counts as the same text on each row."""
    fields_at = {c: name for name, c in columns.items()}
    filled: dict[tuple[int, int], object] = {}
    for rng in ws.merged_cells.ranges:
        if rng.max_row <= header_row:
            continue
        top = ws.cell(rng.min_row, rng.min_col).value
        for r in range(max(rng.min_row, header_row + 1), rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                filled[(r, c)] = top if c == rng.min_col else None
        name = fields_at.get(rng.min_col, "")
        header = HEADERS.get(name, "")
        at = Place(place.file, place.sheet, rng.min_row, get_column_letter(rng.min_col), header)
        if rng.max_row > rng.min_row:
            what = f"{rng.coord} 是合并单元格：已当作第{rng.min_row}至{rng.max_row}行都填了“{cell_text(top)}”"
            fix = "如各行的内容不同，请取消合并后分别填写"
        else:
            others = "、".join(HEADERS[fields_at[c]] for c in range(rng.min_col + 1, rng.max_col + 1) if c in fields_at)
            what = f"{rng.coord} 是合并单元格：内容已作为“{header or '该栏'}”读取" + (f"，“{others}”视为空" if others else "")
            fix = "请取消合并，把各栏内容分别填写"
        problems.append(Problem(at, what, fix, error=False))
    return filled


def _info(ws: Worksheet, header_row: int, place: Place) -> dict[str, Cell]:
    """填报单位 / 联系人 / 联系电话 / 反馈情况 from the rows above the header.

    A label cell ("填报单位") takes the value of the cell right after it (after
    its merged range); a cell "填报单位：市财政局" holds both.
    """
    ends = {(rng.min_row, rng.min_col): rng.max_col for rng in ws.merged_cells.ranges}
    found: dict[str, Cell] = {}
    for row in ws.iter_rows(min_row=1, max_row=max(header_row - 1, 0)):
        for cell in row:
            info = info_field(cell.value) if isinstance(cell.value, str) else None
            if info is None or info[0] in found:
                continue
            name, value = info
            at = Place(place.file, place.sheet, cell.row, cell.column_letter, INFO_LABELS[name])
            if value:
                found[name] = Cell(value, at)
                continue
            col = ends.get((cell.row, cell.column), cell.column) + 1
            nxt = ws.cell(cell.row, col)
            value_at = Place(place.file, place.sheet, cell.row, get_column_letter(col), INFO_LABELS[name])
            found[name] = Cell(None if info_field(nxt.value) else nxt.value, value_at)
    return found


def read_form_xlsx(path: Path, *, name: str | None = None) -> FilledForm:
    """Read a filled form; raises :class:`SourceFileError` / :class:`FormError` for a file that is not one."""
    path = Path(path)
    shown = name or str(path)
    wb = _open(path)
    marker = _marker(wb)
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible" and ws.title != MARKER_SHEET]
    preferred = marker.sheet if marker else SHEET
    sheets.sort(key=lambda ws: ws.title != preferred)
    form_ws, header = None, None
    for ws in sheets:
        header = _header(ws)
        if header is not None:
            form_ws = ws
            break
    if form_ws is None or header is None:
        empty = not any(_has_content(ws) for ws in sheets)
        raise FormError(
            "工作表是空的，没有意见反馈表" if empty else "找不到意见反馈表的表头（序号、页码行数、原文、修改意见、理由）",
            where=shown,
            fix="请使用 caina forms 生成的反馈表填写；自制的表格须有“页码行数”“原文”“修改意见”等列名",
        )
    header_row, columns = header
    place = Place(shown, form_ws.title)
    problems: list[Problem] = []
    missing = [HEADERS[n] for n in REQUIRED_FIELDS if n not in columns]
    if missing:
        raise FormError(
            f"表头缺少“{'”“'.join(missing)}”列",
            where=f"{shown}，工作表“{form_ws.title}”，第{header_row}行",
            fix="请不要删除或改名表头的列；可重新用 caina forms 生成反馈表后照填",
        )
    for ws in sheets:
        if ws is not form_ws and _has_content(ws):
            problems.append(
                Problem(
                    Place(shown, ws.title),
                    f"工作表“{ws.title}”不是意见反馈表，已忽略",
                    f"如其中有意见，请移到工作表“{form_ws.title}”中",
                    error=False,
                )
            )
    merged = _merged_values(form_ws, header_row, columns, place, problems)
    rows = []
    for r in range(header_row + 1, form_ws.max_row + 1):
        row_place = Place(shown, form_ws.title, r)
        cells = {}
        for field, c in columns.items():
            value = merged[(r, c)] if (r, c) in merged else form_ws.cell(r, c).value
            cells[field] = Cell(value, row_place.at(get_column_letter(c), HEADERS[field]))
        rows.append(FormRow(row_place, cells))
    info = _info(form_ws, header_row, place)
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
