"""LibreOffice as the layout oracle: normalise a .docx, render it, read its lines back.

Three steps, used by ``caina verify-layout`` (:mod:`caina.services.verify`),
the 50-draft test and ``bench/layout_vs_libreoffice.py``:

1. :func:`normalise_docx` — a copy LibreOffice sets on the same grid as Word
   (see ``docs/verify-layout.md``): every ``w:docGrid`` becomes
   ``type="lines"`` keeping its ``linePitch`` (LibreOffice sets only 14
   characters a line on Word's ``linesAndChars`` grid), ``docDefaults`` gets
   ``<w:spacing w:val="-5"/>`` (−0.25 pt: 28 characters a line) and
   ``w:lang w:eastAsia="zh-CN"`` (quotes between 汉字 take the CJK font).
   Nothing else changes: styles, runs, tables and sections stay as they are.
2. :func:`render_pdfs` — one ``soffice --convert-to pdf`` call for any number
   of documents (≈ 1.7 s for ten), with its own ``-env:UserInstallation``
   profile and a fontconfig file aliasing the official font names
   (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体, 宋体) to free fonts, both
   in a temporary directory (:data:`caina.io.pdf.FONT_ALIASES`).
3. :func:`read_pdf_lines` — ``pdftotext -bbox-layout``: the words of each
   page inside the text block (header and footer bands ignored), grouped into
   lines by their vertical position, each numbered by its grid slot
   ``floor((yMin − top margin) / linePitch) + 1``.

When ``soffice`` or ``pdftotext`` is missing, :class:`~caina.errors.ToolMissingError`
gives the install command.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path, PurePosixPath

from lxml import etree

from caina.core.verify import OracleLine
from caina.errors import CainaError, SourceFileError, ToolMissingError
from caina.io.pdf import INSTALL_COMMAND, find_soffice, fontconfig_text, run_soffice

__all__ = [
    "INSTALL_COMMAND",
    "Geometry",
    "normalise_docx",
    "find_pdftotext",
    "check_tools",
    "tools_available",
    "render_pdfs",
    "read_pdf_lines",
    "parse_bbox",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = "/officeDocument"
_STYLES = "/styles"
_NUMBERING = "/numbering"

# Seconds: a first start creates the profile (≈ 2–3 s); then ≈ 0.1 s a document and 0.02 s a page.
BASE_TIMEOUT = 60.0
PER_DOCUMENT_TIMEOUT = 10.0

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_pis=False
)


# ---------------------------------------------------------------- normalise


def _parse(data: bytes, name: str, where: str) -> etree._Element:
    if b"<!DOCTYPE" in data[:2048].upper() or b"<!ENTITY" in data.upper():
        raise SourceFileError(f"{name} 含有 DOCTYPE/ENTITY 声明，已拒绝", path=where, fix="请在 Word/WPS 中另存为 .docx 后再试")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SourceFileError(f"{name} 不是有效的 XML（{exc.msg}）", path=where, fix="请在 Word/WPS 中另存为 .docx 后再试") from None


def _target(zf: zipfile.ZipFile, rels_name: str, base: str, kind: str) -> str | None:
    """The part a relationship of type ``…kind`` in ``rels_name`` points to (a zip member name)."""
    if rels_name not in zf.namelist():
        return None
    root = _parse(zf.read(rels_name), rels_name, "")
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        if (rel.get("Type") or "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            path = PurePosixPath(target.lstrip("/")) if target.startswith("/") else PurePosixPath(base) / target
            parts: list[str] = []
            for piece in path.parts:
                if piece == "..":
                    if parts:
                        parts.pop()
                elif piece not in (".", ""):
                    parts.append(piece)
            return "/".join(parts)
    return None


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _child(parent: etree._Element, tag: str, *, first: bool = False) -> etree._Element:
    el = parent.find(_W + tag)
    if el is None:
        el = etree.Element(_W + tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


_RPR_AFTER_SPACING = {_W + t for t in ("w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
                                        "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
                                        "specVanish", "oMath")}  # fmt: skip
_RPR_AFTER_LANG = {_W + t for t in ("eastAsianLayout", "specVanish", "oMath")}


def _set_in_order(rpr: etree._Element, tag: str, later: set[str], **attrs: str) -> None:
    el = rpr.find(_W + tag)
    if el is None:
        el = etree.Element(_W + tag)
        for i, existing in enumerate(rpr):
            if existing.tag in later:
                rpr.insert(i, el)
                break
        else:
            rpr.append(el)
    for k, v in attrs.items():
        el.set(_W + k, v)


def _normalise_styles(root: etree._Element) -> None:
    defaults = _child(root, "docDefaults", first=True)
    rpr_default = _child(defaults, "rPrDefault", first=True)
    rpr = _child(rpr_default, "rPr")
    _set_in_order(rpr, "spacing", _RPR_AFTER_SPACING, val="-5")
    lang = rpr.find(_W + "lang")
    _set_in_order(rpr, "lang", _RPR_AFTER_LANG, eastAsia="zh-CN")
    if lang is None or lang.get(_W + "val") is None:
        rpr.find(_W + "lang").set(_W + "val", "en-US")  # type: ignore[union-attr]


def _normalise_document(root: etree._Element, lines_per_page: int) -> int:
    """Every section's grid → ``lines`` keeping its pitch; returns the number of sections."""
    count = 0
    for sect in root.iter(_W + "sectPr"):
        count += 1
        grid = sect.find(_W + "docGrid")
        if grid is None:  # schema order: docGrid comes before printerSettings and sectPrChange
            grid = etree.Element(_W + "docGrid")
            later = [c for c in sect if c.tag in (_W + "printerSettings", _W + "sectPrChange")]
            if later:
                later[0].addprevious(grid)
            else:
                sect.append(grid)
        pitch = grid.get(_W + "linePitch")
        if not pitch or not pitch.strip().lstrip("-").isdigit() or int(pitch) <= 0:
            grid.set(_W + "linePitch", str(_default_pitch(sect, lines_per_page)))
        grid.set(_W + "type", "lines")
        grid.attrib.pop(_W + "charSpace", None)
    return count


def _default_pitch(sect: etree._Element, lines_per_page: int) -> int:
    """Line pitch in twips that fits ``lines_per_page`` lines in the section's text block (A4 37/35 mm)."""
    height, top, bottom = 16838, 2098, 1984
    size, margins = sect.find(_W + "pgSz"), sect.find(_W + "pgMar")
    try:
        if size is not None and size.get(_W + "h"):
            height = int(size.get(_W + "h"))  # type: ignore[arg-type]
        if margins is not None:
            top = abs(int(margins.get(_W + "top") or top))
            bottom = abs(int(margins.get(_W + "bottom") or bottom))
    except ValueError:
        pass
    return max(1, (height - top - bottom) // max(1, lines_per_page))


_IND_CHARS = (("firstLineChars", "firstLine"), ("hangingChars", "hanging"), ("leftChars", "left"),
              ("startChars", "start"), ("rightChars", "right"), ("endChars", "end"))  # fmt: skip


def _indents_in_twips(root: etree._Element, char_pitch_pt: float) -> int:
    """Give every ``w:ind`` set in 字 (``*Chars``, hundredths) its twips: LibreOffice reads only the twips.

    Word sets ``firstLineChars="200"`` as 2 字 of the grid; LibreOffice 7.4
    ignores the attribute and uses ``firstLine`` (python-docx and some
    templates write 2 × 16 pt there, 0.4 pt more than 2 字 of a 28-字 line).
    Returns how many attributes were set.
    """
    count = 0
    for ind in root.iter(_W + "ind"):
        for chars_name, twips_name in _IND_CHARS:
            raw = ind.get(_W + chars_name)
            if raw is None:
                continue
            try:
                chars = int(raw)
            except ValueError:
                continue
            if chars:
                ind.set(_W + twips_name, str(round(chars / 100 * char_pitch_pt * 20)))
                count += 1
    return count


def normalise_docx(
    data: bytes, *, where: str = "", lines_per_page: int = 22, char_pitch_pt: float | None = None
) -> bytes:
    """A copy of a .docx that LibreOffice sets on Word's grid (see the module docstring).

    Every other member of the package is copied byte for byte. ``lines_per_page``
    gives the pitch of a section that has no ``w:docGrid`` line pitch at all.
    With ``char_pitch_pt`` (the width of one 字 on the grid), indents given in
    字 are also written in twips, as Word sets them (LibreOffice ignores ``*Chars``).
    """
    from caina.io.ooxml.package import open_package, safe_member

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SourceFileError("文件不是有效的 .docx（zip 压缩包无法打开）", path=where, fix="请在 Word/WPS 中另存为 .docx 后再试") from None
    open_package(data, "docx", name=where or "草案")  # the guarded door's checks before anything is copied
    main = _target(zf, "_rels/.rels", "", _OFFICE_DOC) or "word/document.xml"
    if main not in names:
        raise SourceFileError("文件中没有 Word 正文（word/document.xml）", path=where, fix="请在 Word/WPS 中另存为 .docx 后再试")
    folder = str(PurePosixPath(main).parent)
    rels = f"{folder}/_rels/{PurePosixPath(main).name}.rels"
    styles = _target(zf, rels, folder, _STYLES)
    numbering = _target(zf, rels, folder, _NUMBERING)
    changed: dict[str, bytes] = {}
    doc_root = _parse(zf.read(main), main, where)
    _normalise_document(doc_root, lines_per_page)
    if char_pitch_pt:
        _indents_in_twips(doc_root, char_pitch_pt)
    changed[main] = _serialise(doc_root)
    if styles and styles in names:
        styles_root = _parse(zf.read(styles), styles, where)
        _normalise_styles(styles_root)
        if char_pitch_pt:
            _indents_in_twips(styles_root, char_pitch_pt)
        changed[styles] = _serialise(styles_root)
    if char_pitch_pt and numbering and numbering in names:
        numbering_root = _parse(zf.read(numbering), numbering, where)
        if _indents_in_twips(numbering_root, char_pitch_pt):
            changed[numbering] = _serialise(numbering_root)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zf.infolist():
            if safe_member(info):  # never a name with "..", an absolute name or a link
                out.writestr(info, changed.get(info.filename, b"") or zf.read(info.filename))
    return buf.getvalue()


# ---------------------------------------------------------------- render


def find_pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found:
        return found
    raise ToolMissingError(
        "未找到 pdftotext（poppler-utils），无法从 PDF 读回各行",
        fix=f"请安装后重试：{INSTALL_COMMAND}（或在项目目录运行 make system）",
    )


def check_tools() -> tuple[str, str]:
    """Paths of ``soffice`` and ``pdftotext``; ToolMissingError (with the install command) when one is absent."""
    try:
        soffice = find_soffice()
    except ToolMissingError:
        raise ToolMissingError(
            "未找到 LibreOffice（soffice），无法用它排版草案来逐行核对",
            fix=f"请安装后重试：{INSTALL_COMMAND}（或在项目目录运行 make system）",
        ) from None
    return soffice, find_pdftotext()


def tools_available() -> bool:
    try:
        check_tools()
    except ToolMissingError:
        return False
    return True


def render_pdfs(
    docx_files: Sequence[Path], outdir: Path, *, timeout: float | None = None, profile: Path | None = None
) -> list[Path]:
    """Convert every .docx to PDF in one ``soffice`` call; the PDFs, in order.

    Inputs are copied under unique names into a private directory (so two
    drafts named alike never overwrite each other's PDF); the profile and the
    fontconfig file live there too and are removed afterwards. ``profile``: a
    LibreOffice user profile directory to use (and keep) instead, so that a
    later call starts warm (the benchmark); never share one between
    concurrent calls.
    """
    soffice = find_soffice()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if not docx_files:
        return []
    limit = timeout if timeout is not None else BASE_TIMEOUT + PER_DOCUMENT_TIMEOUT * len(docx_files)
    with tempfile.TemporaryDirectory(prefix="caina-lo-") as tmp:
        root = Path(tmp)
        inputs = []
        for i, src in enumerate(docx_files):
            dst = root / f"d{i:04d}.docx"
            shutil.copyfile(src, dst)
            inputs.append(dst)
        fonts = root / "fonts.conf"
        fonts.write_text(fontconfig_text(), encoding="utf-8")
        env = dict(os.environ, FONTCONFIG_FILE=str(fonts))
        env.pop("SAL_USE_VCLPLUGIN", None)
        pdf_dir = root / "pdf"
        cmd = [
            soffice, f"-env:UserInstallation={Path(profile or root / 'profile').resolve().as_uri()}",
            "--headless", "--invisible",
            "--norestore", "--nologo", "--nolockcheck", "--nodefault",
            "--convert-to", "pdf", "--outdir", str(pdf_dir), *map(str, inputs),
        ]  # fmt: skip
        done = run_soffice(cmd, env, limit)
        results = []
        for i, src in enumerate(docx_files):
            pdf = pdf_dir / f"d{i:04d}.pdf"
            if not pdf.exists() or pdf.stat().st_size == 0:
                tail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
                raise CainaError(
                    f"LibreOffice 未能把文件转换为 PDF：{tail[-1] if tail else f'退出码 {done.returncode}'}",
                    where=str(src),
                    fix="请确认文件能在 Word/WPS 中正常打开；若 LibreOffice 刚安装，请先运行一次 soffice --headless --version",
                )
            dst = outdir / (Path(src).stem + ".pdf")
            if dst in results:
                dst = outdir / f"{Path(src).stem}-{i}.pdf"
            shutil.move(str(pdf), dst)
            results.append(dst)
    return results


# ---------------------------------------------------------------- read back


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where the text block is on a page (points from the top edge) and the grid's line pitch."""

    top_pt: float
    bottom_pt: float  # the text block's lower edge, from the top of the page
    line_pitch_pt: float


_PAGE = re.compile(r"<page\b[^>]*>(.*?)</page>", re.S)
_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', re.S)


def parse_bbox(xhtml: str, geometry: Geometry) -> list[OracleLine]:
    """Lines of ``pdftotext -bbox-layout`` output: (page, slot, text), reading order.

    Words whose vertical centre lies outside the text block (page numbers,
    headers) are ignored. Words are grouped into one line when their tops
    are within a third of a line pitch of each other, then joined left to
    right without spaces (pdftotext splits words at spaces and at the
    autospace gaps around digits; the comparison ignores spaces anyway).
    """
    pitch = geometry.line_pitch_pt
    out: list[OracleLine] = []
    for page_no, body in enumerate(_PAGE.findall(xhtml), start=1):
        words = []
        for x0, y0, _x1, y1, text in _WORD.findall(body):
            top, bottom = float(y0), float(y1)
            centre = (top + bottom) / 2
            if centre < geometry.top_pt or centre > geometry.bottom_pt:
                continue
            words.append((top, float(x0), unescape(text)))
        words.sort()
        groups: list[list[tuple[float, float, str]]] = []
        for word in words:
            if groups and word[0] - groups[-1][0][0] < pitch / 3:
                groups[-1].append(word)
            else:
                groups.append([word])
        for group in groups:
            top = min(w[0] for w in group)
            slot = int((top - geometry.top_pt) // pitch) + 1
            text = "".join(w[2] for w in sorted(group, key=lambda w: w[1]))
            out.append(OracleLine(page_no, max(1, slot), text))
    return out


def read_pdf_lines(pdf: Path, geometry: Geometry, *, timeout: float = 60.0) -> list[OracleLine]:
    """The text lines LibreOffice drew in ``pdf``, as :func:`parse_bbox` reads them."""
    exe = find_pdftotext()
    try:
        done = subprocess.run(
            [exe, "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise CainaError("pdftotext 读取 PDF 超时", where=str(pdf), fix="请确认 PDF 文件完整") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise CainaError(f"pdftotext 无法读取 PDF：{detail or done.returncode}", where=str(pdf), fix="请确认 PDF 文件完整")
    return parse_bbox(done.stdout.decode("utf-8", "replace"), geometry)
