"""Read worksheets of an .xlsx as a stream, with limits: what the opinion-form reader needs, nothing more.

The workbook comes through the guarded door (:func:`caina.io.ooxml.open_package`:
sizes, zip members, XML encodings and DOCTYPE). Then:

- the sheet list (names and states: visible, hidden, very hidden), the custom
  document properties and the shared strings are read;
- a sheet is read with ``lxml.etree.iterparse`` row by row, each row dropped
  from memory once read, so a sheet of a million rows costs time in
  proportion to its size, never memory; rows with content past
  ``max_rows`` (the ``max_sheet_rows`` setting) are not read — the reader
  stops there and says from which row;
- row and cell references are read under their ranges (rows 1–1,048,576,
  columns A–XFD); only the first :data:`MAX_COLUMNS` columns are kept;
- cell values: shared and inline strings (Excel's ``_x000D_`` escapes
  decoded), numbers (whole numbers as ``int``), booleans, error values as
  their text, formulas as their cached result (a formula is never
  evaluated); characters no document can hold are taken out and counted.

Nothing here knows about opinion forms: :mod:`caina.io.forms_xlsx` reads
them from :class:`SheetData`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from caina import settings
from caina.errors import SourceFileError, UnsafeFileError
from caina.io.ooxml.package import S_NS, Package, open_package
from caina.io.textfile import BAD_CHARS

__all__ = ["Workbook", "SheetInfo", "SheetData", "Range", "open_workbook", "column_letter", "MAX_COLUMNS"]

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384  # XFD
MAX_COLUMNS = 256  # columns kept per row
MAX_SHARED_STRINGS = 2_000_000
_S = f"{{{S_NS}}}"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def column_letter(col: int) -> str:
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as ``C7``; None when it is not one or out of range."""
    m = _REF.match(ref.strip())
    if m is None:
        return None
    row, col = int(m.group(2)), _column_number(m.group(1))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COLUMN):
        return None
    return row, col


@dataclass(frozen=True)
class Range:
    """A merged range, 1-based and inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def coord(self) -> str:
        return f"{column_letter(self.min_col)}{self.min_row}:{column_letter(self.max_col)}{self.max_row}"


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str  # visible | hidden | veryHidden
    part: str | None  # the worksheet part (None: a chart sheet or a dangling relationship)


@dataclass
class SheetData:
    """What was read of one sheet."""

    sheet: SheetInfo
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merged: list[Range] = field(default_factory=list)
    rows_with_content: int = 0
    last_row: int = 0  # the last row read that has content
    stopped_at: int | None = None  # the first row with content not read (past the row limit)
    cleaned: int = 0  # characters taken out of cell texts

    def value(self, row: int, col: int) -> object:
        return self.cells.get((row, col))

    def rows(self, first: int = 1, last: int | None = None) -> list[int]:
        """The rows (1-based) between ``first`` and ``last`` that have at least one cell with content."""
        last = self.last_row if last is None else last
        return sorted({r for r, _ in self.cells if first <= r <= last})

    def has_content(self) -> bool:
        return any(v not in (None, "") for v in self.cells.values())


def _unescape(text: str) -> str:
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


class Workbook:
    """An .xlsx opened through the guarded door: its sheets, custom properties and shared strings."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.source = package.source
        root = package.main_root()
        rels = package.rels(package.main)
        self.sheets: list[SheetInfo] = []
        sheets_el = root.find(f"{_S}sheets")
        for el in sheets_el if sheets_el is not None else ():
            if el.tag != f"{_S}sheet":
                continue
            rid = el.get(f"{{{_R_NS}}}id") or ""
            typ, target = rels.get(rid, ("", ""))
            part = target if typ.endswith("/worksheet") and package.has(target) else None
            state = el.get("state") or "visible"
            self.sheets.append(SheetInfo(el.get("name") or "", state, part))
        self._shared: list[str] | None = None

    @property
    def custom_properties(self) -> dict[str, str]:
        name = "docProps/custom.xml"
        root = self.package.xml(name) if self.package.has(name) else None
        out: dict[str, str] = {}
        if root is None:
            return out
        for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
            key = prop.get("name") or ""
            value = next((c.text or "" for c in prop if isinstance(c.tag, str) and c.tag.startswith(f"{{{_VT_NS}}}")), "")
            out.setdefault(key, value)
        return out

    def _shared_strings(self) -> list[str]:
        if self._shared is not None:
            return self._shared
        shared: list[str] = []
        part = self.package.related(self.package.main, "/sharedStrings")
        if part is not None:
            try:
                shared = self._read_shared(part)
            except etree.XMLSyntaxError as exc:
                raise self._corrupt(f"工作簿已损坏：{part}", exc) from None
        self._shared = shared
        return shared

    def _read_shared(self, part: str) -> list[str]:
        shared: list[str] = []
        with self.package.open(part) as fh:
            for _, si in etree.iterparse(
                fh, events=("end",), tag=f"{_S}si", resolve_entities=False, no_network=True, huge_tree=False,
                load_dtd=False,
            ):
                shared.append(_si_text(si))
                si.clear()
                if len(shared) > MAX_SHARED_STRINGS:
                    raise UnsafeFileError(
                        f"工作簿的共享文字超过 {MAX_SHARED_STRINGS} 条，疑为恶意文件，未读取",
                        path=self.source,
                        fix="请确认选对了文件",
                    )
        return shared

    def read(self, sheet: SheetInfo, *, max_rows: int | None = None, first_rows: int | None = None) -> SheetData:
        """The cells of ``sheet``: at most ``max_rows`` rows with content (default: the ``max_sheet_rows``
        setting); ``first_rows`` reads only the first rows (a marker sheet, a quick look)."""
        data = SheetData(sheet)
        if sheet.part is None:
            return data
        limit = settings.limit("max_sheet_rows") if max_rows is None else max_rows
        shared = self._shared_strings()
        row_no = 0
        try:
            with self.package.open(sheet.part) as fh:
                for _, el in etree.iterparse(
                    fh, events=("end",), tag=(f"{_S}row", f"{_S}mergeCell"), resolve_entities=False,
                    no_network=True, huge_tree=False, load_dtd=False,
                ):
                    if el.tag == f"{_S}mergeCell":
                        rng = _range(el.get("ref") or "")
                        if rng is not None and len(data.merged) < 10_000:
                            data.merged.append(rng)
                        el.clear()
                        continue
                    r = el.get("r")
                    row_no = int(r) if r and r.isdigit() and 1 <= int(r) <= MAX_ROW else row_no + 1
                    if first_rows is not None and row_no > first_rows:
                        break
                    values = self._row(el, row_no, shared, data)
                    el.clear()
                    while el.getprevious() is not None:
                        del el.getparent()[0]
                    if not values:
                        continue
                    if data.rows_with_content >= limit:
                        data.stopped_at = row_no
                        break
                    data.rows_with_content += 1
                    data.last_row = row_no
                    data.cells.update(values)
        except etree.XMLSyntaxError as exc:
            raise self._corrupt(f"工作表“{sheet.name}”已损坏：{sheet.part}", exc) from None
        return data

    def _corrupt(self, what: str, exc: etree.XMLSyntaxError) -> SourceFileError:
        return SourceFileError(
            f"{what} 不是有效的 XML（{exc.msg}）", path=self.source, fix="请在 Excel/WPS 中打开该文件，另存为 .xlsx 后再试"
        )

    def _row(self, row: etree._Element, row_no: int, shared: list[str], data: SheetData) -> dict[tuple[int, int], object]:
        out: dict[tuple[int, int], object] = {}
        col = 0
        for c in row.iterchildren(f"{_S}c"):
            ref = c.get("r")
            at = parse_ref(ref) if ref else None
            col = at[1] if at is not None else col + 1
            if col > MAX_COLUMNS:
                continue
            value = _value(c, shared)
            if isinstance(value, str):
                value = _unescape(value)
                if BAD_CHARS.search(value):
                    data.cleaned += len(BAD_CHARS.findall(value))
                    value = BAD_CHARS.sub("", value)
            if value is None or value == "":
                continue
            out[(row_no, col)] = value
        return out


def _si_text(si: etree._Element) -> str:
    """The text of a shared or inline string (rich runs joined; phonetic guides left out)."""
    parts = []
    for t in si.iter(f"{_S}t"):
        parent = t.getparent()
        if parent is not None and parent.tag == f"{_S}rPh":
            continue
        parts.append(t.text or "")
    return "".join(parts)


def _value(c: etree._Element, shared: list[str]) -> object:
    kind = c.get("t") or "n"
    v = c.find(f"{_S}v")
    text = v.text if v is not None else None
    if kind == "inlineStr":
        is_ = c.find(f"{_S}is")
        return _si_text(is_) if is_ is not None else None
    if text is None:
        return None
    if kind == "s":
        try:
            return shared[int(text)]
        except (ValueError, IndexError):
            return None
    if kind in ("str", "e", "d"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    try:
        number = float(text)
    except ValueError:
        return text
    if number != number or number in (float("inf"), float("-inf")):
        return text
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _range(ref: str) -> Range | None:
    a, _, b = ref.partition(":")
    start, end = parse_ref(a), parse_ref(b or a)
    if start is None or end is None:
        return None
    return Range(min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))


def open_workbook(source: Path | str | bytes, *, name: str = "") -> Workbook:
    """An .xlsx through the guarded door (a path, or an upload's bytes named ``name``)."""
    return Workbook(open_package(source, "xlsx", name=name))


# ---------------------------------------------------------------- writing

#: what a spreadsheet reads as the start of a formula (OWASP "CSV/formula injection"): = + - @, and tab/CR/LF
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def set_text(cell: object, value: object) -> None:
    """Put ``value`` into an openpyxl ``cell`` as inert text: never a formula, whatever it starts with.

    openpyxl writes a string starting with "=" as a live formula. Every text caina writes into an
    .xlsx goes through here: it is stored as a string, and text starting with one of
    :data:`FORMULA_START` also gets Excel's quote prefix (``quotePrefix``, what typing ``'`` does), so
    editing the cell or exporting the sheet to CSV keeps it text. Other values (numbers, None) are set as
    they are.
    """
    cell.value = value  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.data_type = "s"  # type: ignore[attr-defined]
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # type: ignore[attr-defined]
