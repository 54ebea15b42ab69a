"""Read an adoption report from .txt, .md or .docx into plain text for :mod:`caina.core.report_parse`.

- .txt / .md: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (covers GBK/GB2312) or Big5.
- .docx: paragraphs in order (Word's automatic numbering written out as
  "1." "（一）"…), tables as Markdown pipe rows (one row a line; merged cells
  repeat their text; paragraphs inside a cell are joined).
- Traditional characters: a text written mostly in traditional characters is
  converted to simplified with OpenCC (``t2s``), and a warning says so; 「」『』
  become “”‘’. Simplified text is never passed through OpenCC.
- Limits: text files are read through :mod:`caina.io.textfile` (regular files
  only, the ``max_text_mb`` setting; control characters taken out and named),
  .docx through the guarded door :mod:`caina.io.ooxml` (``max_office_mb`` and
  the zip and XML checks; python-docx gets the checked parts); empty files
  and binary junk are refused.

Every refusal is a :class:`~caina.errors.ReportImportError` naming the file and the fix.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from caina.core.numerals import to_chinese
from caina.errors import CainaError, EncryptedFileError, ReportImportError, SourceFileError, UnsafeFileError
from caina.io.ooxml.package import Package
from caina.io.simplified import to_simplified
from caina.io.textfile import clean, decode, encoding_label, read_limited, squeeze_spaces

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
    warnings: list[str]
    if suffix == ".docx":
        text, warnings, encoding = *_read_docx(path), "docx"
        text, cleaned = clean(text, where=path.name)
        warnings.extend(cleaned)
    else:
        data = read_limited(path, what="报告文件", error=ReportImportError)
        if not data:
            raise ReportImportError("报告文件是空的", path=where, fix="请确认文件已保存了报告全文")
        text, encoding = _decode(data, where)
        text, cleaned = clean(text.replace("\r\n", "\n").replace("\r", "\n"), where=path.name)
        warnings = [*([f"{path.name} 不是 UTF-8 编码，已按 {encoding_label(encoding)} 编码读取"] if encoding != "utf-8" else []),
                    *cleaned]
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text, squeezed = squeeze_spaces(text, where=path.name)
    warnings.extend(squeezed)
    if not text.strip():
        raise ReportImportError("报告文件中没有文字", path=where, fix="请确认文件已保存了报告全文")
    text, converted = to_simplified(text)
    if converted:
        warnings.append("报告以繁体字书写，已用 OpenCC（t2s）转换为简体字后解析；引文请以简体草案核对")
    return ReportText(text, tuple(warnings), encoding, converted)


# --- text files ---------------------------------------------------------------

def _decode(data: bytes, where: str) -> tuple[str, str]:
    return decode(data, where=where, error=ReportImportError, what="报告文件")


# --- traditional characters -----------------------------------------------------



# --- .docx ----------------------------------------------------------------------

def _read_docx(path: Path) -> tuple[str, list[str]]:
    """The report's lines from a .docx opened through the guarded door, and what the door had to fix."""
    from caina.io.ooxml import open_package

    where = str(path)
    bad = ReportImportError(
        "无法打开 .docx 文件（文件已损坏，或不是 Word 文档）",
        path=where,
        fix="请用 Word/WPS 打开该文件并重新另存为 .docx 后再导入",
    )
    try:
        package = open_package(path, "docx")
        package.document()  # a WordprocessingML document, not Strict Open XML
    except (UnsafeFileError, EncryptedFileError):
        raise
    except SourceFileError as exc:  # damaged or not Word: said as the importer says it
        raise ReportImportError(f"无法打开 .docx 文件：{exc.what}", path=where, fix=exc.fix) from None
    return docx_report_text(package, bad), list(package.notes)


def docx_report_text(package: Package, bad: ReportImportError | None = None) -> str:
    """The report's lines from a package that passed the guarded door (python-docx reads its checked parts);
    ``bad`` is raised when python-docx cannot make sense of it."""
    from docx import Document

    try:
        doc = Document(io.BytesIO(package.sanitized_bytes()))
        return "\n".join(_docx_lines(doc))
    except CainaError:
        raise
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on a package it cannot make sense of
        raise bad or ReportImportError(
            "无法打开 .docx 文件（文件已损坏，或不是 Word 文档）",
            path=package.source,
            fix="请用 Word/WPS 打开该文件并重新另存为 .docx 后再导入",
        ) from None


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
