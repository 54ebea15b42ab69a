"""Read an adoption report from .txt, .md or .docx into plain text for :mod:`caina.core.report_parse`.

- .txt / .md: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (covers GBK/GB2312) or Big5.
- .docx: paragraphs in order (Word's automatic numbering written out as
  "1." "（一）"…), tables as Markdown pipe rows (one row a line; merged cells
  repeat their text; paragraphs inside a cell are joined).
- Traditional characters: a text written mostly in traditional characters is
  converted to simplified with OpenCC (``t2s``), and a warning says so; 「」『』
  become “”‘’. Simplified text is never passed through OpenCC.
- Limits: files over :data:`MAX_BYTES` (and .docx whose unpacked size is over
  :data:`MAX_UNPACKED`) are refused; empty files and binary junk too.

Every refusal is a :class:`~caina.errors.ReportImportError` naming the file and the fix.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from caina.core.numerals import to_chinese
from caina.errors import EncryptedFileError, ReportImportError, UnsafeFileError
from caina.io.simplified import to_simplified

MAX_BYTES = 10 * 1024 * 1024  # a report is a few pages; 10 MB is far beyond any real one
MAX_UNPACKED = 100 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUPPORTED = (*TEXT_SUFFIXES, ".docx")
_FIX_TYPES = "请提供 .txt、.md 或 .docx 文件"


@dataclass(frozen=True)
class ReportText:
    text: str
    warnings: tuple[str, ...]
    encoding: str  # "utf-8", "gb18030", "docx"…
    converted: bool = False  # traditional → simplified


def read_report(path: Path) -> ReportText:
    """The report's text, ready for :func:`caina.core.report_parse.parse_report`."""
    path = Path(path)
    where = str(path)
    if path.is_dir():
        raise ReportImportError("这是一个目录，不是报告文件", path=where, fix=f"{_FIX_TYPES}，如 caina import-report 报告.docx")
    if not path.exists():
        raise ReportImportError("找不到报告文件", path=where, fix="请核对路径和文件名")
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps"):
        raise ReportImportError(
            f"暂不能直接读取 {suffix} 文件", path=where,
            fix=f"请在 Word/WPS 中另存为 .docx，或运行 soffice --headless --convert-to docx {path.name}",
        )  # fmt: skip
    if suffix == ".pdf":
        raise ReportImportError(
            "暂不能读取 PDF 报告", path=where, fix="请用 Word/WPS 打开后另存为 .docx，或复制全文存为 .txt（UTF-8）"
        )
    if suffix not in SUPPORTED:
        raise ReportImportError(f"不支持的报告文件类型“{suffix or '（无扩展名）'}”", path=where, fix=_FIX_TYPES)
    size = path.stat().st_size
    if size == 0:
        raise ReportImportError("报告文件是空的", path=where, fix="请确认文件已保存了报告全文")
    if size > MAX_BYTES:
        raise UnsafeFileError(
            f"报告文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB）",
            path=where,
            fix="意见采纳情况报告通常只有几页；请确认选对了文件，或把报告正文另存为单独的文件",
        )
    warnings: list[str]
    if suffix == ".docx":
        text, warnings, encoding = _read_docx(path), [], "docx"
    else:
        text, encoding = _decode(path.read_bytes(), where)
        warnings = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ReportImportError("报告文件中没有文字", path=where, fix="请确认文件已保存了报告全文")
    text, converted = to_simplified(text)
    if converted:
        warnings.append("报告以繁体字书写，已用 OpenCC（t2s）转换为简体字后解析；引文请以简体草案核对")
    return ReportText(text, tuple(warnings), encoding, converted)


# --- text files ---------------------------------------------------------------

def _decode(data: bytes, where: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        if b"\x00" in data[:65536]:
            raise _junk(where)
        candidates = ("utf-8", "gb18030", "big5")
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, enc.replace("-sig", "")
    raise _junk(where)


def _junk(where: str) -> ReportImportError:
    return ReportImportError(
        "无法把文件当作文字读取（可能是二进制文件或已损坏）",
        path=where,
        fix="请确认这是报告的 .txt/.md 文件（UTF-8 或 GBK 编码）；Word 文件请用 .docx",
    )


_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\n\r\t《》“”‘’…—·]")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(sample) * 0.01:
        return False
    plausible = len(_PLAUSIBLE.findall(sample))
    return plausible >= len(sample) * 0.85


# --- traditional characters -----------------------------------------------------



# --- .docx ----------------------------------------------------------------------

def _read_docx(path: Path) -> str:
    where = str(path)
    bad = ReportImportError(
        "无法打开 .docx 文件（文件已损坏，或不是 Word 文档）",
        path=where,
        fix="请用 Word/WPS 打开该文件并重新另存为 .docx 后再导入",
    )
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE container: Word's encrypted .docx
        raise EncryptedFileError(
            "该 .docx 设有打开密码（已加密），无法读取", path=where, fix="请在 Word/WPS 中取消密码后另存为 .docx，再导入"
        )
    if not zipfile.is_zipfile(path):
        raise bad
    try:
        with zipfile.ZipFile(path) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED:
                raise ReportImportError(
                    "该 .docx 解压后过大", path=where, fix="请确认选对了文件，或删去其中的图片等大对象后重试"
                )
            if "word/document.xml" not in zf.namelist():
                raise bad
    except zipfile.BadZipFile:
        raise bad from None
    try:
        from docx import Document

        doc = Document(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises several types for a broken package
        raise bad from None
    return "\n".join(_docx_lines(doc))


def _docx_lines(doc) -> list[str]:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(doc)
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, doc)
            lines.append(numbering.prefix(p) + p.text.strip())
        elif child.tag == qn("w:tbl"):
            table = Table(child, doc)
            lines.append("")
            for i, row in enumerate(table.rows):
                cells = [_cell_text(c) for c in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
                if i == 0:
                    lines.append("|" + "---|" * len(cells))
            lines.append("")
    return lines


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    text = ""
    for part in parts:
        if text and not text.endswith(("。", "；", "：", "，", "、", "！", "？")):
            text += " "
        text += part
    return text.replace("|", "｜").replace("\n", " ")


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class _Numbering:
    """Word's automatic list numbers ("1." "（一）"), written out as text."""

    def __init__(self, doc) -> None:  # type: ignore[no-untyped-def]
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part
            return
        abstract = {}
        for an in root.findall(qn("w:abstractNum")):
            abstract[an.get(qn("w:abstractNumId"))] = an
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            an = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
            if an is None:
                continue
            for lvl in an.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                self.levels[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"), "0")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )

    def prefix(self, p) -> str:  # type: ignore[no-untyped-def]
        qn = self.qn
        ppr = p._p.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style = p.style if num_pr is None else None
        while num_pr is None and style is not None:  # numbering defined by the paragraph's style ("List Number")
            sppr = style.element.pPr
            num_pr = sppr.find(qn("w:numPr")) if sppr is not None else None
            style = style.base_style
        if num_pr is None or not p.text.strip():
            return ""
        num_id_el, ilvl_el = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        if num_id_el is None:
            return ""
        num_id = num_id_el.get(qn("w:val"))
        ilvl = int(ilvl_el.get(qn("w:val"))) if ilvl_el is not None else 0
        if (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        start = self.levels[(num_id, ilvl)][2]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _ = self.levels[(num_id, ilvl)]
        if fmt == "bullet" or fmt == "none":
            return ""

        def render(level: int) -> str:
            n = counters[level] or self.levels.get((num_id, level), ("decimal", "", 1))[2]
            f = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            if f.startswith(("chinese", "ideograph", "taiwanese", "japanese")) and n <= 9999:
                return to_chinese(n)
            if f == "lowerLetter":
                return _LETTERS[(n - 1) % 26]
            if f == "upperLetter":
                return _LETTERS[(n - 1) % 26].upper()
            return str(n)

        return re.sub(r"%([1-9])", lambda m: render(int(m.group(1)) - 1), text)
