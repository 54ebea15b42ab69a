"""Read public-comment files (公开征求意见): csv, xlsx, jsonl — streaming, row by row.

Columns (English or Chinese names, any order, any case)::

    id            编号 序号 意见编号 留言编号
    submitted_at  提交时间 时间 日期 留言时间
    author        提交人 姓名 作者 留言人 网友
    channel       渠道 来源 方式 提交方式
    text          意见 内容 意见内容 留言内容 正文 建议
    clause        条款 针对条款 条目 所涉条款 （optional）

``id`` and ``text`` are required; ``submitted_at``, ``author`` and ``channel`` may be missing (a note says
so) or empty in a row. Encodings: UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030 (which reads GBK and
GB2312 files), told apart from the first 64 KB; ``encoding=`` overrides.

Two kinds of problems:

- the **file** is refused (:class:`~caina.errors.CommentFileError`, nothing is imported): no header with the
  required columns, an encoding it is not in, broken CSV quoting, an .xlsx that is not one, more bad rows
  than ``max_rejects``;
- a **row** is set aside (:class:`Rejected`, with its row number, column and the reason, kept by the store):
  an empty id or text, a text longer than ``max_chars``, a time that is no time, a row with more or fewer
  cells than the header, a jsonl line that is not a JSON object.

Memory: one row at a time (a batch of rows for the store); a row's text is held once.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any, NamedTuple

from caina.errors import CommentFileError

__all__ = ["FIELDS", "REQUIRED", "Row", "Rejected", "CommentReader", "open_comments", "MAX_CHARS"]

FIELDS = ("id", "submitted_at", "author", "channel", "text", "clause")
REQUIRED = ("id", "text")
LABELS = {"id": "编号", "submitted_at": "提交时间", "author": "提交人", "channel": "渠道", "text": "意见内容", "clause": "条款"}
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "序号", "意见编号", "留言编号", "comment_id"),
    "submitted_at": ("submitted_at", "提交时间", "时间", "日期", "留言时间", "提交日期", "time", "date"),
    "author": ("author", "提交人", "姓名", "作者", "留言人", "网友", "name", "提出人"),
    "channel": ("channel", "渠道", "来源", "方式", "提交方式", "提交渠道", "source"),
    "text": ("text", "意见", "内容", "意见内容", "留言内容", "正文", "建议", "意见建议", "content", "comment"),
    "clause": ("clause", "条款", "针对条款", "条目", "所涉条款", "article"),
}
_BY_NAME = {alias.lower(): field for field, names in ALIASES.items() for alias in names}

MAX_CHARS = 50_000  # a comment longer than this is set aside (a letter is a few thousand characters)
MAX_ID_CHARS = 100
MAX_FIELD_CHARS = 1_000  # author, channel, clause, time
MAX_REJECTS = 1_000  # more bad rows than this: the file is refused whole
_CSV_FIELD_LIMIT = 256 * 1024 * 1024  # the csv module's own limit (128 KB) would refuse a long comment unread
_SNIFF_BYTES = 64 * 1024
_RAW_KEEP = 2_000  # characters of a rejected row's cells kept for the user to see


class Row(NamedTuple):
    """One good comment, its cells cleaned; ``row`` as a spreadsheet or editor numbers it (header = 1).

    A tuple, in the order the store stages rows."""

    row: int
    id: str
    submitted_at: str  # "YYYY-MM-DD HH:MM:SS", or "" if not given
    author: str
    channel: str
    text: str
    clause: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row set aside: where, which column, why; and what it held (cut to a few thousand characters)."""

    row: int
    column: str  # the column's label as the file names it ("意见内容"), or "" for the whole row
    problem: str
    raw: str

    def describe(self) -> str:
        at = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{at}：{self.problem}"


class _Counting(io.RawIOBase):
    """A raw binary stream that counts the bytes read (for the progress bar)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


_TIME_FAST = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M", "%Y年%m月%d日",
    "%Y%m%d",
)  # fmt: skip


def parse_time(value: object) -> str | None:
    """A submission time as "YYYY-MM-DD HH:MM:SS" (wall-clock time as written), "" if empty, None if no time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return f"{value.isoformat()} 00:00:00"
    s = str(value).strip()
    if not s:
        return ""
    if _TIME_FAST.fullmatch(s):
        return s if _valid_fast(s) else None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    except ValueError:
        pass
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(s, fmt).isoformat(sep=" ")
        except ValueError:
            continue
    return None


@cache
def _valid_day(day: str) -> bool:
    try:
        date(int(day[0:4]), int(day[5:7]), int(day[8:10]))
    except ValueError:
        return False
    return True


def _valid_fast(s: str) -> bool:
    """"YYYY-MM-DD HH:MM:SS" (already matched as digits): a real day and a real time of day."""
    return s[11:13] < "24" and s[14:16] < "60" and s[17:19] < "60" and _valid_day(s[:10])


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number in Excel: 123.0 → 123
    return str(value).strip()


def _shorten(text: str) -> str:
    return text if len(text) <= _RAW_KEEP else text[:_RAW_KEEP] + f"……（共{len(text)}字）"


def detect_encoding(head: bytes) -> str | None:
    """The encoding of a text file from its first bytes, or None if it is none of those read here."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            decoder.decode(head, final=False)  # a character cut at the end of the sample is not an error
        except UnicodeDecodeError:
            continue
        return encoding
    return None


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "utf-16": "UTF-16", "gb18030": "GB18030/GBK"}


class CommentReader:
    """Rows of one comment file, streamed. Iterate :meth:`rows` for good rows and rejects, in file order."""

    def __init__(
        self,
        path: Path,
        *,
        encoding: str | None = None,
        max_chars: int = MAX_CHARS,
        max_rejects: int = MAX_REJECTS,
    ) -> None:
        self.path = Path(path)
        self.max_chars = max_chars
        self.max_rejects = max_rejects
        self.notes: list[str] = []
        self.rejected = 0
        if not self.path.exists():
            raise CommentFileError("找不到意见文件", path=str(path), fix="请核对文件路径")
        if self.path.is_dir():
            raise CommentFileError("这里需要一个意见文件（.csv、.xlsx 或 .jsonl），而不是目录", path=str(path))
        self.size = self.path.stat().st_size
        if self.size == 0:
            raise CommentFileError("意见文件是空的", path=str(path), fix="请确认导出的文件有表头和数据")
        suffix = self.path.suffix.lower()
        with self.path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
        if head.startswith(b"PK\x03\x04"):
            self.kind = "xlsx"
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            raise CommentFileError(
                "这是旧版 Excel（.xls）或加密的文件，无法直接读取",
                path=str(path),
                fix="请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”或“CSV UTF-8（逗号分隔）”后再导入",
            )
        elif suffix in (".jsonl", ".ndjson", ".json"):
            self.kind = "jsonl"
        elif suffix in (".csv", ".txt", ".tsv", ""):
            self.kind = "csv"
        elif suffix == ".xlsx":
            raise CommentFileError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿", path=str(path),
                                   fix="请在 Excel 或 WPS 中重新另存为 .xlsx")  # fmt: skip
        else:
            raise CommentFileError(
                f"不支持的意见文件类型：“{self.path.suffix}”",
                path=str(path),
                fix="请导出为 .csv（UTF-8 或 GBK）、.xlsx 或 .jsonl（每行一个 JSON 对象）",
            )
        self.encoding = ""
        if self.kind != "xlsx":
            chosen = encoding or detect_encoding(head)
            if chosen is None:
                raise CommentFileError(
                    "无法识别文件的编码：既不是 UTF-8，也不是 GB18030/GBK",
                    path=str(path),
                    fix="请用 Excel 或 WPS 另存为“CSV UTF-8（逗号分隔）”，或用 --encoding 指明编码（如 --encoding big5）",
                )
            try:
                codecs.lookup(chosen)
            except LookupError:
                raise CommentFileError(f"未知的编码：“{chosen}”", fix="常用的有 utf-8、gb18030、utf-16、big5") from None
            self.encoding = chosen
            if chosen == "gb18030" and encoding is None:
                self.notes.append("文件不是 UTF-8 编码，已按 GB18030（兼容 GBK、GB2312）读取。")
        self._counter: _Counting | None = None
        self.columns: dict[str, int] = {}
        self.header: list[str] = []

    # -- progress -----------------------------------------------------------------------------------
    @property
    def bytes_read(self) -> int:
        return self._counter.count if self._counter else 0

    # -- header -------------------------------------------------------------------------------------
    def _map_header(self, cells: list[str], row: int) -> None:
        self.header = [c.strip().lstrip("\ufeff") for c in cells]
        columns: dict[str, int] = {}
        for i, name in enumerate(self.header):
            field = _BY_NAME.get(name.lower())
            if field and field not in columns:
                columns[field] = i
        missing = [f for f in REQUIRED if f not in columns]
        if missing:
            wanted = "、".join(f"{f}（{LABELS[f]}）" for f in missing)
            shown = "、".join(h or "（空）" for h in self.header[:12]) or "（空行）"
            raise CommentFileError(
                f"意见文件缺少必需的列：{wanted}。文件第{row}行（表头）的列是：{shown}",
                path=str(self.path),
                row=row,
                fix="第一行须是表头，列名可用 id,submitted_at,author,channel,text,clause 或 编号,提交时间,提交人,渠道,意见内容,条款",
            )
        for f in ("submitted_at", "author", "channel"):
            if f not in columns:
                self.notes.append(f"文件没有“{LABELS[f]}”（{f}）列，各条意见的{LABELS[f]}记为空。")
        self.columns = columns
        self._index = tuple(columns.get(f, -1) for f in ("id", "text", "submitted_at", "author", "channel", "clause"))

    def _label(self, field: str) -> str:
        i = self.columns.get(field)
        name = self.header[i] if i is not None and i < len(self.header) else ""
        if not name or name == LABELS[field]:
            return LABELS[field]
        return f"{name}（{LABELS[field]}）"

    # -- one row --------------------------------------------------------------------------------------
    def _check(self, row: int, cells: list[Any]) -> Row | Rejected:
        def get(field: str) -> Any:
            i = self.columns.get(field)
            return cells[i] if i is not None and i < len(cells) else None

        raw_text = get("text")
        text = raw_text.strip() if isinstance(raw_text, str) else _cell(raw_text)
        ident = _cell(get("id"))
        if not ident:
            return Rejected(row, self._label("id"), "编号为空：每条意见须有编号，重新导入时据此识别同一条意见", _shorten(text))
        if len(ident) > MAX_ID_CHARS:
            return Rejected(row, self._label("id"), f"编号过长（{len(ident)}字，上限{MAX_ID_CHARS}字）", _shorten(ident))
        if not text:
            return Rejected(row, self._label("text"), "意见内容为空", ident)
        if len(text) > self.max_chars:
            return Rejected(
                row, self._label("text"),
                f"意见内容过长（{len(text):,}字，上限{self.max_chars:,}字）：请核对是否把整个文件粘贴进了一个单元格，"
                "确属一条意见的可用 --max-chars 放宽上限",
                _shorten(text),
            )  # fmt: skip
        raw_time = get("submitted_at")
        when = parse_time(raw_time)
        if when is None:
            return Rejected(row, self._label("submitted_at"),
                            f"提交时间“{_shorten(_cell(raw_time))}”无法识别，请写成 2026-03-01 09:30:00 或 2026年3月1日",
                            _shorten(text))  # fmt: skip
        others = {f: _cell(get(f)) for f in ("author", "channel", "clause")}
        for f, v in others.items():
            if len(v) > MAX_FIELD_CHARS:
                return Rejected(row, self._label(f), f"{LABELS[f]}过长（{len(v)}字）", _shorten(v))
        return Row(row, ident, when, others["author"], others["channel"], text, others["clause"])

    def _check_strings(self, row: int, cells: list[str]) -> Row | Rejected:
        """:meth:`_check` for a row of strings as wide as the header (a CSV row): the fast path."""
        i_id, i_text, i_time, i_author, i_channel, i_clause = self._index
        text = cells[i_text].strip()
        ident = cells[i_id].strip()
        when = cells[i_time].strip() if i_time >= 0 else ""
        if not ident or not text or len(text) > self.max_chars or len(ident) > MAX_ID_CHARS or (
            when and not (len(when) == 19 and _TIME_FAST.fullmatch(when) and _valid_fast(when))
        ):
            return self._check(row, cells)  # the slow path says what is wrong, or reads another time format
        author = cells[i_author].strip() if i_author >= 0 else ""
        channel = cells[i_channel].strip() if i_channel >= 0 else ""
        clause = cells[i_clause].strip() if i_clause >= 0 else ""
        if len(author) > MAX_FIELD_CHARS or len(channel) > MAX_FIELD_CHARS or len(clause) > MAX_FIELD_CHARS:
            return self._check(row, cells)
        return Row(row, ident, when, author, channel, text, clause)

    def _reject(self, rejected: Rejected) -> Rejected:
        self.rejected += 1
        if self.rejected > self.max_rejects:
            raise CommentFileError(
                f"有问题的行超过{self.max_rejects}行，整个文件未导入（最近一处：{rejected.describe()}）",
                path=str(self.path),
                fix="多半是列错位、编码或引号的问题：请检查文件，或用 --max-rejects 放宽上限",
            )
        return rejected

    # -- the rows -------------------------------------------------------------------------------------
    def rows(self) -> Iterator[Row | Rejected]:
        if self.kind == "xlsx":
            yield from self._xlsx_rows()
            return
        with self.path.open("rb") as raw:
            self._counter = _Counting(raw)
            text = io.TextIOWrapper(io.BufferedReader(self._counter, 1 << 16), encoding=self.encoding, errors="strict", newline="")
            if self.kind == "csv":
                yield from self._csv_rows(text)
            else:
                yield from self._jsonl_rows(text)

    def _first_bad_line(self) -> int | None:
        """The line (1-based) where the file stops being in its encoding: text is decoded ahead of the rows in
        blocks, so the row being read when decoding fails is not the row at fault."""
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="strict")
        with self.path.open("rb") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    decoder.decode(line)
                except UnicodeDecodeError:
                    return number
        return None

    def _decode_error(self, row: int, exc: UnicodeDecodeError) -> CommentFileError:
        row = self._first_bad_line() or row
        other = "gb18030" if self.encoding.startswith("utf-8") else "utf-8"
        return CommentFileError(
            f"文件在这里不是{_ENCODING_NAMES.get(self.encoding, self.encoding)}编码的文字（{exc.reason}），整个文件未导入",
            path=str(self.path),
            row=row,
            fix=f"文件可能混用了不同编码：请用 Excel/WPS 另存为“CSV UTF-8”后重新导入，或用 --encoding {other} 再试",
        )

    def _csv_rows(self, text: io.TextIOWrapper) -> Iterator[Row | Rejected]:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
        dialect: type[csv.Dialect] = csv.excel_tab if self.path.suffix.lower() == ".tsv" else csv.excel
        reader = csv.reader(text, dialect=dialect, strict=True)
        width = 0
        for start, cells in self._csv_records(reader):
            if not width:
                if "".join(cells).strip():  # blank lines before the header are skipped
                    self._map_header(cells, start)
                    width = len(cells)
                break
        if not width:
            raise CommentFileError("意见文件没有表头和数据", path=str(self.path), fix="第一行须是表头，如 id,submitted_at,author,channel,text,clause")
        check, reject = self._check_strings, self._reject
        for start, cells in self._csv_records(reader):
            if len(cells) != width:
                if not "".join(cells).strip():
                    continue  # a blank line is no comment
                end = reader.line_num
                lines = f"第{start}行" if end == start else f"第{start}至{end}行"
                problem = f"这一行有{len(cells)}列，表头有{width}列（{lines}）：多半是意见内容里的英文逗号或引号没有用引号括起"
                yield reject(Rejected(start, "", problem, _shorten(",".join(cells))))
                continue
            checked = check(start, cells)
            if type(checked) is Row:
                yield checked
            elif "".join(cells).strip():
                yield reject(checked)  # type: ignore[arg-type]

    def _csv_records(self, reader: Any) -> Iterator[tuple[int, list[str]]]:
        """(first line number, cells) of each CSV record; decoding and quoting errors refuse the file."""
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise self._decode_error(reader.line_num + 1, exc) from None
            except csv.Error as exc:
                raise self._quoting_error(start, reader.line_num, str(exc)) from None
            yield start, cells

    def _quote_column(self, start: int, delimiter: str) -> str:
        """The column of the record starting on line ``start`` where its quoting goes wrong (read again, only
        when the file is refused)."""
        field = 0
        in_quote = at_start = False
        at_start = True
        opened = 0
        with self.path.open(encoding=self.encoding, errors="replace", newline="") as fh:
            for _ in range(start - 1):
                fh.readline()
            text = fh.read(1 << 20)
        i = 0
        while i < len(text):
            ch = text[i]
            if in_quote:
                if ch == '"':
                    if text[i + 1 : i + 2] == '"':
                        i += 2
                        continue
                    in_quote = False
                    after = text[i + 1 : i + 2]
                    if after not in ("", delimiter, "\n", "\r"):
                        break  # text after a closing quote
            elif ch == '"' and at_start:
                in_quote, opened = True, field
            elif ch == delimiter:
                field += 1
                at_start = True
                i += 1
                continue
            elif ch in "\r\n":
                return ""
            at_start = False
            i += 1
        else:
            field = opened  # the file ended inside the quote that opened in this column
        names = self.header
        return names[field] if field < len(names) and names[field] else f"第{field + 1}列"

    def _quoting_error(self, start: int, end: int, detail: str) -> CommentFileError:
        delimiter = "\t" if self.path.suffix.lower() == ".tsv" else ","
        column = self._quote_column(start, delimiter) if self.header else ""
        if "end of data" in detail or "EOF" in detail:
            what = f"从第{start}行开始的引号（\"）直到文件末尾都没有结束，整个文件未导入"
        else:
            what = f"引号使用不规范：一个单元格在引号结束后还有文字（{detail}），整个文件未导入"
        return CommentFileError(
            what,
            path=str(self.path),
            row=start,
            column=column,
            fix="含逗号、引号或换行的单元格须整个用英文双引号括起，单元格内的英文双引号写成两个（\"\"）；"
            "用 Excel 或 WPS 另存为 CSV 会自动这样做",
        )

    def _jsonl_rows(self, text: io.TextIOWrapper) -> Iterator[Row | Rejected]:
        fields = list(FIELDS)
        header_done = False
        number = 0
        while True:
            try:
                line = text.readline()
            except UnicodeDecodeError as exc:
                raise self._decode_error(number + 1, exc) from None
            if not line:
                break
            number += 1
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield self._reject(Rejected(number, "", f"不是有效的 JSON（第{exc.colno}个字符：{exc.msg}）", _shorten(line.strip())))
                continue
            if not isinstance(obj, dict):
                yield self._reject(Rejected(number, "", "这一行须是一个 JSON 对象，如 {\"id\": \"1\", \"text\": \"……\"}", _shorten(line.strip())))
                continue
            if not header_done:
                self._map_header(list(obj), number)
                fields = self.header
                header_done = True
            cells = [obj.get(name) for name in fields]
            checked = self._check(number, cells)
            yield self._reject(checked) if isinstance(checked, Rejected) else checked
        if not header_done:
            raise CommentFileError("意见文件没有任何意见", path=str(self.path), fix="jsonl 文件每行一个 JSON 对象，如 {\"id\": \"1\", \"text\": \"……\"}")

    def _xlsx_rows(self) -> Iterator[Row | Rejected]:
        from openpyxl import load_workbook  # only for .xlsx files

        self._check_zip()
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
                wb = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
            raise CommentFileError(
                f"无法打开 Excel 文件：不是有效的 .xlsx，或文件已损坏（{type(exc).__name__}）",
                path=str(self.path),
                fix="请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后重新导入",
            ) from None
        try:
            ws = wb.worksheets[0]
            header_done = False
            total_rows = max(1, ws.max_row or 1)
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                self._xlsx_progress = number / total_rows
                cells = list(values)
                if not header_done:
                    if not any(_cell(c) for c in cells):
                        continue
                    self._map_header([_cell(c) for c in cells], number)
                    header_done = True
                    continue
                if not any(_cell(c) for c in cells):
                    continue
                checked = self._check(number, cells)
                yield self._reject(checked) if isinstance(checked, Rejected) else checked
            if not header_done:
                raise CommentFileError("Excel 文件的第一个工作表是空的", path=str(self.path), fix="请把意见放在第一个工作表，第一行为表头")
        finally:
            wb.close()

    def _check_zip(self) -> None:
        """The workbook through the guarded door (:func:`caina.io.ooxml.open_package`): member names, links,
        bombs, XML encodings and DOCTYPE; read where it lies, with the limits of a big consultation."""
        from caina.errors import CainaError
        from caina.io.ooxml import Limits, open_package

        gb = 1024 * 1024 * 1024
        limits = Limits(file_bytes=8 * gb, unpacked_bytes=8 * gb, part_bytes=8 * gb, ratio=200, ratio_floor=16 * 1024 * 1024)
        try:
            with open_package(self.path, "xlsx", limits=limits, in_memory=False):
                pass
        except CainaError as exc:
            raise CommentFileError(f"无法读取 Excel 文件：{exc.what}", path=str(self.path), fix=exc.fix) from None

    @property
    def progress(self) -> float:
        """0..1 of the file read so far."""
        if self.kind == "xlsx":
            return float(getattr(self, "_xlsx_progress", 0.0))
        return min(1.0, self.bytes_read / self.size) if self.size else 1.0


def open_comments(path: Path, **kw: Any) -> CommentReader:
    return CommentReader(path, **kw)


def describe_encoding(encoding: str) -> str:
    return _ENCODING_NAMES.get(encoding, encoding)


Progress = Callable[[float], None]
