"""Read a printed draft (a text PDF from Word, WPS, LibreOffice or a PDF printer) into glyphs.

pypdfium2 (PDFium, the PDF engine of Chromium) gives each character with its
origin, its advance box and its font size; :mod:`caina.core.printed` groups
them into lines. docs/drafts.md says why PDFium and not pdfminer/pdfplumber
(measured: ≈ 25× faster on the same pages, the same characters).

Refused, with what to do instead (nothing is written either way):

- not a PDF, or damaged;
- encrypted (a password or an owner lock PDFium cannot open);
- no pages;
- larger than ``CAINA_PDF_MAX_MB`` (default 200 MB) or with more than
  ``CAINA_PDF_MAX_PAGES`` pages (default 2000);
- scanned: pages with images and no text layer;
- text that cannot be read: most characters in the Private Use Area or without
  a Unicode value (fonts embedded without a ToUnicode map).
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

from caina.core.printed import Glyph, PdfPage, PdfText
from caina.errors import PrintedFileError

__all__ = ["read_pdf", "read_pdf_bytes", "is_pdf", "MAX_BYTES", "MAX_PAGES"]

def _limit(name: str) -> float:
    from caina import settings

    value = settings.get(name)
    try:
        number = float(value)
    except ValueError:
        number = float(settings.setting(name).default)
    return number if number > 0 else float(settings.setting(name).default)


MAX_BYTES = int(_limit("pdf_max_mb") * 1024 * 1024)  # read once, at import: CAINA_PDF_MAX_MB
MAX_PAGES = int(_limit("pdf_max_pages"))  # CAINA_PDF_MAX_PAGES

_FIX_SCANNED = (
    "这是扫描件或图片 PDF，没有文字层，无法逐字定位。请向起草单位索取 Word/WPS 导出的 PDF（“另存为 PDF”），"
    "或直接使用 .docx 草案"
)


_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]{0,200}?/Count\s+0\b|/Count\s+0\b[^>]{0,200}?/Type\s*/Pages\b")


def is_pdf(head: bytes) -> bool:
    """Whether the first bytes are a PDF header (it may follow up to 1 KB of junk, as readers allow)."""
    return b"%PDF-" in head[:1024]


def read_pdf(path: Path) -> PdfText:
    """The glyphs of every page of the PDF at ``path`` (see the module docstring for what is refused)."""
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise PrintedFileError("找不到 PDF 文件", path=where, fix="请核对路径")
    if not path.is_file():
        raise PrintedFileError("这不是一个普通文件", path=where, fix="请给出 PDF 文件的路径")
    size = path.stat().st_size
    _check_size(size, where)
    return read_pdf_bytes(path.read_bytes(), source=where)


def _check_size(size: int, where: str) -> None:
    if size > MAX_BYTES:
        raise PrintedFileError(
            f"PDF 文件过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_BYTES / 1024 / 1024:.0f} MB）",
            path=where,
            fix="草案 PDF 通常不过几 MB；请确认文件无误，或设置环境变量 CAINA_PDF_MAX_MB 调高上限",
        )


def read_pdf_bytes(data: bytes, *, source: str = "") -> PdfText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    where = source or "PDF"
    _check_size(len(data), where)
    if not data:
        raise PrintedFileError("PDF 文件是空的", path=where, fix="请重新导出 PDF")
    if not is_pdf(data[:1024]):
        raise PrintedFileError("这不是 PDF 文件（文件头不是 %PDF-）", path=where, fix="请给出 Word/WPS 导出的 PDF")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or "security" in text:
            raise PrintedFileError(
                "PDF 已加密（需要密码才能打开）",
                path=where,
                fix="请向起草单位索取未加密的 PDF，或在 PDF 阅读器中去掉密码后另存",
            ) from None
        if "success" in text or _NO_PAGES.search(data[:1_000_000]):  # a page tree with no pages
            raise PrintedFileError(
                "PDF 没有任何页面（或页面树已损坏）", path=where, fix="请重新导出 PDF，或使用 .docx 草案"
            ) from None
        raise PrintedFileError(
            f"PDF 文件已损坏，无法读取（{exc}）", path=where, fix="请重新导出 PDF，或使用 .docx 草案"
        ) from None
    try:
        return _read(pdf, raw, where)
    finally:
        pdf.close()


def _read(pdf, raw, where: str) -> PdfText:  # type: ignore[no-untyped-def]
    n = len(pdf)
    if n == 0:
        raise PrintedFileError("PDF 没有任何页面", path=where, fix="请重新导出 PDF")
    if n > MAX_PAGES:
        raise PrintedFileError(
            f"PDF 有{n}页，超过上限{MAX_PAGES}页",
            path=where,
            fix="请确认文件无误，或设置环境变量 CAINA_PDF_MAX_PAGES 调高上限",
        )
    if raw.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1 and raw.FPDF_GetDocPermissions(pdf.raw) == 0:
        raise PrintedFileError("PDF 已加密，禁止提取文字", path=where, fix="请向起草单位索取未加密的 PDF")
    meta = pdf.get_metadata_dict(skip_empty=True)
    pages: list[PdfPage] = []
    total = bad = 0
    images = 0
    for index in range(n):
        page = pdf[index]
        try:
            width, height = page.get_size()
            glyphs, unreadable = _glyphs(page, raw, height)
            count_images = 0
            if not glyphs:  # a page with no text: is it a scan?
                count_images = sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
        finally:
            page.close()
        images += count_images
        total += len(glyphs) + unreadable
        bad += unreadable
        pages.append(PdfPage(index + 1, width, height, tuple(glyphs), count_images))
    if total == 0:
        if images:
            raise PrintedFileError("PDF 没有文字层（扫描件）", path=where, fix=_FIX_SCANNED)
        raise PrintedFileError("PDF 中没有文字", path=where, fix="请确认这是草案的 PDF，或使用 .docx 草案")
    if bad > 0.2 * total:
        raise PrintedFileError(
            f"PDF 中的文字无法识别：{bad}/{total} 个字符没有可用的编码（字体未带 Unicode 映射）",
            path=where,
            fix="请在 Word/WPS 中用“另存为 PDF”重新导出（不要“打印为图片”），或使用 .docx 草案",
        )
    return PdfText(
        pages=tuple(pages),
        producer=str(meta.get("Producer", "")),
        creator=str(meta.get("Creator", "")),
        source=where,
    )


def _glyphs(page, raw, height: float) -> tuple[list[Glyph], int]:  # type: ignore[no-untyped-def]
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = raw.FPDFText_CountChars(tp)
        if count <= 0:
            return [], 0
        buf = ctypes.create_unicode_buffer(count + 1) if False else (ctypes.c_ushort * (count + 1))()
        raw.FPDFText_GetText(tp, 0, count, buf)
        units = list(buf[:count])
        rect = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        glyphs: list[Glyph] = []
        unreadable = 0
        get_unicode = raw.FPDFText_GetUnicode
        generated = raw.FPDFText_IsGenerated
        loose = raw.FPDFText_GetLooseCharBox
        get_matrix = raw.FPDFText_GetMatrix
        font_size = raw.FPDFText_GetFontSize
        # two calls a character: the loose box (the advance across, the font's ascent to descent up and
        # down) and the font size (with the text matrix only where the size is in the matrix: Quartz)
        for i in range(count):
            code = units[i]
            if 0xD800 <= code < 0xE000:
                code = get_unicode(tp, i)  # a character beyond the BMP: ask for the whole code point
            if code in (0x0D, 0x0A, 0x02, 0xFFFE) or (code == 0x20 and generated(tp, i) == 1):
                continue
            ch = chr(code) if 0 <= code < 0x110000 else "\ufffd"
            if code < 0x20 or code == 0xFFFD or 0xE000 <= code < 0xF900:
                if ch != "\t":
                    unreadable += 1
                    continue
            loose(tp, i, rect)
            size = font_size(tp, i)
            if size < 3.0:  # the size is in the text matrix
                get_matrix(tp, i, matrix)
                scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                size = size * scale if scale > 0 else size
            glyphs.append(
                Glyph(ch, rect.left, rect.right, round(height - rect.bottom, 2), round(size, 3), top=round(height - rect.top, 2))
            )
        return glyphs, unreadable
    finally:
        textpage.close()
