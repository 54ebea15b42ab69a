"""The 意见汇总表: every opinion and its decision in one .xlsx sheet (openpyxl).

Text that a spreadsheet would take for a formula (starting with = + - @, tab or CR) is
written as inert text (OWASP formula injection): a unit cannot plant a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

COLUMNS = (
    ("number", "序号", 6),
    ("unit", "提出单位", 18),
    ("target", "位置", 18),
    ("quote", "原文", 30),
    ("text", "意见", 50),
    ("proposed", "建议修改为", 30),
    ("status", "状态", 8),
    ("decision", "采纳情况", 12),
    ("duplicate_of", "与第几条重复", 8),
    ("reason", "理由", 40),
    ("edits", "关联修改", 16),
    ("created_at", "提交时间", 18),
    ("decided_at", "决定时间", 18),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A value as the sheet stores it (timestamps as text in UTC). Formula-like text is made inert below."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    if value is None:
        return ""
    return value


def summary_to_xlsx(title: str, rows: list[dict[str, Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "意见汇总表"
    ws.append([f"《{title}》意见汇总表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([label for _, label, _ in COLUMNS])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        values = [inert(row.get(key)) for key, _, _ in COLUMNS]
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                if cell.value.startswith(_FORMULA_START):
                    cell.value = "'" + cell.value if cell.value.startswith(("=", "+", "-", "@")) else cell.value.lstrip("\t\r")
                cell.data_type = "s"  # text, never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, (_, _, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
