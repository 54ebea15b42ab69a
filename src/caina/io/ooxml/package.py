"""The one guarded door for every .docx and .xlsx caina opens.

:func:`open_package` takes a path or the bytes of an upload and returns a
checked :class:`Package`, or raises a :class:`~caina.errors.SourceFileError`
(:class:`~caina.errors.UnsafeFileError`, :class:`~caina.errors.EncryptedFileError`)
with a Chinese what / where / fix. Nothing is ever written. In order:

1. **the file** — a regular file only (a device, FIFO or socket is refused
   without blocking on it), no larger than ``max_office_mb``, refused from its
   ``stat`` before a byte is read;
2. **what it is** — the first bytes decide, not the extension: a zip, an OLE
   compound file (an *encrypted* .docx/.xlsx, a legacy .doc/.xls/.wps), PDF,
   RTF or anything else, each named;
3. **the zip** — at most 10,000 members; no member name that is absolute,
   climbs out with ``..``, uses backslashes or a drive letter, or appears
   twice; no symbolic link; no encrypted member; every member under
   ``max_part_mb``, all together under ``max_unpacked_mb``, none inflating
   more than 100× (above 1 MB); while reading, a member that inflates past
   its declared size is refused too;
4. **what it holds** — the main part (``_rels/.rels``) is a
   WordprocessingML document or a SpreadsheetML workbook as asked; an .xlsx
   given for a .docx (and the reverse), a .pptx, an OpenDocument file and the
   "Strict Open XML" dialect are named;
5. **every XML part** — declared in UTF-8 or UTF-16 only (UTF-32, EBCDIC and
   others are refused, so a DOCTYPE cannot hide in another encoding), no
   ``<!DOCTYPE``/``<!ENTITY`` in its prolog, parsed with entity resolution,
   DTD loading and network access off and libxml2's limits (depth 256,
   text nodes 10 MB);
6. **numbers in attributes** — every parsed WordprocessingML part goes
   through :func:`caina.io.ooxml.attrs.sanitize` (out-of-range values
   clamped, junk dropped, each with a warning in :attr:`Package.notes`).

Readers then take parts from the package (:meth:`Package.xml`,
:meth:`Package.open` to stream a big sheet); python-docx gets
:meth:`Package.sanitized_bytes` — the same checked parts.
"""

from __future__ import annotations

import io
import posixpath
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Literal, NoReturn

from lxml import etree

from caina import settings
from caina.errors import EncryptedFileError, SourceFileError, UnsafeFileError
from caina.io.ooxml import attrs

if TYPE_CHECKING:
    from caina.io.docx.ole import OleKind

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

__all__ = [
    "Kind",
    "Limits",
    "FileKind",
    "Package",
    "open_package",
    "parse_xml",
    "sniff",
    "MB",
]

MB = 1024 * 1024
Kind = Literal["docx", "xlsx"]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
S_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_WHAT = {"docx": "Word 文档", "xlsx": "Excel 工作簿"}
_SAVE_AS = {
    "docx": "请在 Word/WPS 中打开该文件，另存为“Word 文档（*.docx）”后再试",
    "xlsx": "请在 Excel/WPS 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后再试",
}
_XML_SUFFIXES = (".xml", ".rels", ".vml")
#: kind → (main part's root tag, its Strict namespace, what the Strict file is, what the main part should be)
_MAIN = {
    "docx": (f"{{{W_NS}}}document", W_STRICT_NS, " Word 文档", " Word 正文"),
    "xlsx": (f"{{{S_NS}}}workbook", S_STRICT_NS, "工作簿", "工作簿"),
}
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_PART_TYPES = {
    "styles": f"{_WML}.styles+xml",
    "numbering": f"{_WML}.numbering+xml",
    "settings": f"{_WML}.settings+xml",
    "fontTable": f"{_WML}.fontTable+xml",
    "webSettings": f"{_WML}.webSettings+xml",
    "comments": f"{_WML}.comments+xml",
    "footnotes": f"{_WML}.footnotes+xml",
    "endnotes": f"{_WML}.endnotes+xml",
    "header": f"{_WML}.header+xml",
    "footer": f"{_WML}.footer+xml",
}


@dataclass(frozen=True)
class Limits:
    """What the door lets in (defaults from the settings table, docs/settings.md)."""

    file_bytes: int = 100 * MB
    unpacked_bytes: int = 200 * MB
    part_bytes: int = 64 * MB
    members: int = 10_000
    ratio: int = 100  # uncompressed / compressed, for members …
    ratio_floor: int = 1 * MB  # … larger than this (small XML parts compress very well)
    prolog_bytes: int = 64 * 1024  # XML declaration, comments, processing instructions before the root

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            file_bytes=settings.limit_bytes("max_office_mb"),
            unpacked_bytes=settings.limit_bytes("max_unpacked_mb"),
            part_bytes=settings.limit_bytes("max_part_mb"),
        )


class FileKind(StrEnum):
    EMPTY = "empty"
    ZIP = "zip"
    OLE = "ole"
    PDF = "pdf"
    RTF = "rtf"
    OTHER = "other"


def sniff(head: bytes) -> FileKind:
    """What the first bytes of a file say it is."""
    if not head:
        return FileKind.EMPTY
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return FileKind.ZIP
    if head.startswith(OLE_SIGNATURE):
        return FileKind.OLE
    if head.startswith(b"%PDF"):
        return FileKind.PDF
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return FileKind.RTF
    return FileKind.OTHER


# ---------------------------------------------------------------- refusals by file type


def refuse_ole(data: bytes, path: str, kind: Kind = "docx") -> OleKind:
    """Raise for encrypted compound files and the wrong application; otherwise say what the file holds."""
    from caina.io.docx.ole import OleKind, classify_ole

    ole = classify_ole(data)
    if ole in (OleKind.ENCRYPTED_OOXML, OleKind.WORD_ENCRYPTED):
        if kind == "xlsx":
            raise EncryptedFileError(
                "文件已加密（设置了打开密码），无法读取",
                path=path,
                fix="请在 Excel/WPS 中用密码打开，删除打开密码后另存为 .xlsx",
            )
        raise EncryptedFileError(
            "文件已加密（设置了打开密码），无法读取",
            path=path,
            fix="请在 Word/WPS 中用密码打开，在“文件→信息→保护文档”（WPS：“文件→文档加密”）中删除密码后另存为 .docx",
        )
    if kind == "xlsx":
        if ole is OleKind.EXCEL:
            raise SourceFileError("这是旧版 Excel 文件（.xls），暂不能直接读取", path=path, fix=_SAVE_AS["xlsx"])
        what = "Word 文档" if ole in (OleKind.WORD, OleKind.WORKS) else "旧版 Office 文件"
        raise SourceFileError(f"这是{what}，不是 Excel 工作簿", path=path, fix="请给出 .xlsx 文件")
    if ole is OleKind.EXCEL:
        raise SourceFileError("这是 Excel 工作簿，不是 Word 文档", path=path, fix="请给出 Word 文件（.docx）")
    if ole is OleKind.POWERPOINT:
        raise SourceFileError("这是 PowerPoint 演示文稿，不是 Word 文档", path=path, fix="请给出 Word 文件（.docx）")
    return ole


def refuse_kind(kind: FileKind, path: str, suffix: str, what: Kind = "docx") -> NoReturn:
    """Raise the message for a file that is not an Office package at all."""
    name = _WHAT[what]
    if kind is FileKind.EMPTY:
        raise SourceFileError("文件是空的（0 字节）", path=path, fix="请重新保存或重新获取该文件")
    if kind is FileKind.PDF:
        raise SourceFileError(
            f"这是 PDF 文件，不是 {name}（扩展名却是 {suffix}）",
            path=path,
            fix="PDF 不能准确还原版式；请向起草单位索取 Word 原稿（.docx）"
            if what == "docx"
            else "请给出 .xlsx 文件",
        )
    raise SourceFileError(
        f"文件不是 {name}（扩展名是 {suffix}，内容却不是 {name} 格式）", path=path, fix=_SAVE_AS[what]
    )


# ---------------------------------------------------------------- XML


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_pis=True
)
_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_ROOT_START = re.compile(r"<[A-Za-z_]")


def _prolog_text(head: bytes) -> str | None:
    """The beginning of an XML part as text, or None when it is not in UTF-8 or UTF-16."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or head[:4] in (b"<\x00\x00\x00", b"\x00\x00\x00<"):
        return None  # UTF-32
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore")
    if head[:4] in (b"<\x00?\x00",):
        return head.decode("utf-16-le", "ignore")
    if head[:4] in (b"\x00<\x00?",):
        return head.decode("utf-16-be", "ignore")
    m = _DECL_ENCODING.match(head.lstrip(b"\xef\xbb\xbf"))
    if m and m.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8", b"utf-16", b"utf16"):
        return None
    return head.decode("utf-8", "ignore")


def _unsafe_xml(what: str, name: str, source: str) -> UnsafeFileError:
    return UnsafeFileError(
        f"文件中的 {name} {what}，可能用于读取本机文件或耗尽内存，已拒绝",
        path=source,
        fix="请勿使用来历不明的文件；如确为正常文件，请在 Word/WPS/Excel 中打开并另存后再试",
    )


def check_prolog(head: bytes, name: str, source: str, *, complete: bool = False) -> None:
    """Refuse an XML part whose encoding is not UTF-8/UTF-16 or whose prolog declares a DTD or entities.

    ``head`` is the part's first bytes (the whole part when ``complete``).
    """
    text = _prolog_text(head)
    if text is None:
        raise _unsafe_xml("不是 UTF-8 或 UTF-16 编码（Office 只写这两种）", name, source)
    m = _ROOT_START.search(text)
    prolog = text[: m.start()] if m else text
    upper = prolog.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise _unsafe_xml("含有 DOCTYPE/ENTITY 声明（Office 从不写入）", name, source)
    if m is None and not complete:
        raise _unsafe_xml("开头过长（没有根元素）", name, source)


def parse_xml(data: bytes, name: str, source: str) -> etree._Element:
    """Parse one package part: refuse other encodings and DOCTYPE/ENTITY, never resolve entities."""
    check_prolog(data[: 64 * 1024], name, source, complete=len(data) <= 64 * 1024)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        msg = str(exc.msg)
        if "depth" in msg.lower() or "huge" in msg.lower() or "too long" in msg.lower():
            raise UnsafeFileError(
                f"文件中的 {name} 结构异常（{msg}），超出 XML 的安全限度，未读取",
                path=source,
                fix="请勿使用来历不明的文件；如确为正常文件，请另存后再试",
            ) from None
        raise SourceFileError(
            f"文件已损坏：{name} 不是有效的 XML（{msg}）", path=source, fix="请在 Word/WPS/Excel 中打开并另存后再试"
        ) from None
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.doctype:
        raise _unsafe_xml("含有 DOCTYPE/ENTITY 声明（Office 从不写入）", name, source)
    return root


# ---------------------------------------------------------------- the package


class _Bounded(io.RawIOBase):
    """A member's stream that refuses to give more than ``limit`` bytes (a member lying about its size)."""

    def __init__(self, raw: IO[bytes], limit: int, on_excess: UnsafeFileError, name: str, source: str) -> None:
        self.raw, self.left, self.on_excess = raw, limit, on_excess
        self.name, self.source = name, source

    def readable(self) -> bool:
        return True

    def readinto(self, buf: memoryview) -> int:  # type: ignore[override]
        want = min(len(buf), self.left + 1)
        try:
            data = self.raw.read(want)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise SourceFileError(
                f"文件已损坏：压缩包内的 {self.name[:80]} 无法解压（{type(exc).__name__}）",
                path=self.source,
                fix="请在 Office/WPS 中打开并另存后再试",
            ) from None
        if len(data) > self.left:
            raise self.on_excess
        self.left -= len(data)
        buf[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


@dataclass
class _State:
    read_total: int = 0
    cache: dict[str, etree._Element] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # parts whose numbers were clamped or dropped


class Package:
    """A checked Office package: its members, relationships and safely parsed, sanitized XML."""

    def __init__(
        self, data: bytes | IO[bytes], source: str, kind: Kind = "docx", limits: Limits | None = None
    ) -> None:
        """``data``: the package's bytes, or an open binary file (a big workbook read where it lies)."""
        self.source = source
        self.kind = kind
        self._data = data if isinstance(data, bytes) else None
        self._file = None if isinstance(data, bytes) else data
        self.limits = limits or Limits.from_settings()
        self.attr_notes = attrs.Notes()
        self._state = _State()
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
            raise SourceFileError(
                f"文件已损坏：不是完整的 .{kind}（zip 压缩包无法打开）",
                path=source,
                fix="请重新下载或重新保存；" + _SAVE_AS[kind],
            ) from None
        self._check_members(infos)
        self.infos = {i.filename: i for i in infos}
        self._check_prologs()
        self.main = self._main_part()

    @property
    def data(self) -> bytes:
        """The package's bytes (read from its file when it was opened from one)."""
        if self._data is None:
            assert self._file is not None
            self._file.seek(0)
            self._data = self._file.read()
        return self._data

    def close(self) -> None:
        self.zip.close()
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- checks --------------------------------------------------------------

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> None:
        src, lim = self.source, self.limits
        fix = _SAVE_AS[self.kind]
        if len(infos) > lim.members:
            raise UnsafeFileError(f"压缩包内文件过多（{len(infos)} 个），疑为恶意文件，未读取", path=src, fix=fix)
        total = 0
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if _bad_name(name):
                raise UnsafeFileError(
                    f"压缩包内有不安全的文件名“{name[:80]}”（绝对路径、“..”或反斜杠），疑为恶意文件，未读取",
                    path=src,
                    fix="请勿使用来历不明的文件；如确为正常文件，请另存后再试",
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnsafeFileError(
                    f"压缩包内的 {name[:80]} 是符号链接，Office 文件中不会有，疑为恶意文件，未读取", path=src, fix=fix
                )
            key = name.lower()
            if key in seen:
                raise UnsafeFileError(f"压缩包内有两个同名的 {name[:80]}，疑为恶意文件，未读取", path=src, fix=fix)
            seen.add(key)
            if info.flag_bits & 0x1:
                raise EncryptedFileError("压缩包已加密，无法读取", path=src, fix="请删除密码后另存再试")
            if info.file_size > lim.part_bytes:
                raise UnsafeFileError(
                    f"压缩包内的 {name[:80]} 解压后达 {info.file_size / MB:.0f} MB，超过上限 "
                    f"{lim.part_bytes / MB:g} MB（单个部件），未读取",
                    path=src,
                    fix="请确认选对了文件；如其中有大图片，请压缩图片后另存；确需读取，请调高 CAINA_MAX_PART_MB",
                )
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > lim.ratio_floor and ratio > lim.ratio:
                raise UnsafeFileError(
                    f"压缩包内的 {name[:80]} 压缩比异常（{ratio:.0f} 倍，上限 {lim.ratio} 倍），疑为“压缩炸弹”，未读取",
                    path=src,
                    fix="请勿使用来历不明的文件；如确为正常文件，请另存后再试",
                )
        if total > lim.unpacked_bytes:
            raise UnsafeFileError(
                f"压缩包解压后达 {total / MB:.0f} MB，超过上限 {lim.unpacked_bytes / MB:g} MB，疑为“压缩炸弹”，未读取",
                path=src,
                fix="请勿使用来历不明的文件；如其中有大图片，请压缩图片后另存",
            )

    def _check_prologs(self) -> None:
        """Every XML part: encoding and prolog (no DOCTYPE in any encoding), before anything parses it."""
        for name, info in self.infos.items():
            if not name.lower().endswith(_XML_SUFFIXES) or info.is_dir():
                continue
            with self.open(name) as fh:
                head = fh.read(self.limits.prolog_bytes)
            check_prolog(head, name, self.source, complete=len(head) < self.limits.prolog_bytes)

    def _main_part(self) -> str:
        names = self.infos
        src = self.source
        word, excel = self.kind == "docx", self.kind == "xlsx"
        if "mimetype" in names and "content.xml" in names:
            raise SourceFileError(
                "这是 OpenDocument 文件（.odt/.ods 等），不是 Office Open XML 文件",
                path=src,
                fix=_SAVE_AS[self.kind],
            )
        rels = self.rels("")
        main = next((t for typ, t in rels.values() if typ.endswith("/officeDocument")), None)
        if main is None:
            if any(n.startswith("xl/") for n in names) and word:
                raise SourceFileError("这是 Excel 工作簿，不是 Word 文档", path=src, fix="请给出 Word 文件（.docx）")
            if any(n.startswith("word/") for n in names) and excel:
                raise SourceFileError("这是 Word 文档，不是 Excel 工作簿", path=src, fix="请给出 .xlsx 文件")
            if any(n.startswith("ppt/") for n in names):
                raise SourceFileError(f"这是 PowerPoint 演示文稿，不是 {_WHAT[self.kind]}", path=src, fix=_SAVE_AS[self.kind])
            raise SourceFileError(
                f"文件不是 {_WHAT[self.kind]}：压缩包中没有正文部件（缺少 _rels/.rels 或主部件）",
                path=src,
                fix=_SAVE_AS[self.kind],
            )
        if main.startswith("xl/") and word:
            raise SourceFileError("这是 Excel 工作簿，不是 Word 文档", path=src, fix="请给出 Word 文件（.docx）")
        if main.startswith("word/") and excel:
            raise SourceFileError("这是 Word 文档，不是 Excel 工作簿", path=src, fix="请给出 .xlsx 文件")
        if main.startswith("ppt/"):
            raise SourceFileError(f"这是 PowerPoint 演示文稿，不是 {_WHAT[self.kind]}", path=src, fix=_SAVE_AS[self.kind])
        if main not in names:
            raise SourceFileError(
                f"文件已损坏：缺少{' Word 正文' if word else '工作簿'}部件 {main}", path=src, fix=_SAVE_AS[self.kind]
            )
        return main

    # -- reading -------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self.infos

    def _excess(self, name: str) -> UnsafeFileError:
        return UnsafeFileError(
            f"压缩包内的 {name[:80]} 解压后超过其声明的大小或上限，疑为恶意文件，未读取",
            path=self.source,
            fix=_SAVE_AS[self.kind],
        )

    def open(self, name: str) -> IO[bytes]:
        """A stream of member ``name`` that stops at its declared size (and the part limit)."""
        info = self.infos[name]
        try:
            raw = self.zip.open(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            raise SourceFileError(
                f"文件已损坏：{name} 无法解压", path=self.source, fix=_SAVE_AS[self.kind]
            ) from None
        limit = min(info.file_size, self.limits.part_bytes)
        return io.BufferedReader(_Bounded(raw, limit, self._excess(name), name, self.source), buffer_size=256 * 1024)

    def read(self, name: str) -> bytes:
        try:
            with self.open(name) as fh:
                data = fh.read()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise SourceFileError(
                f"文件已损坏：{name} 无法解压", path=self.source, fix=_SAVE_AS[self.kind]
            ) from None
        self._state.read_total += len(data)
        if self._state.read_total > self.limits.unpacked_bytes:
            raise self._excess(name)
        return data

    def xml(self, name: str) -> etree._Element | None:
        """The parsed (and, for WordprocessingML, sanitized) part ``name``; None if there is no such part."""
        if name not in self.infos:
            return None
        cached = self._state.cache.get(name)
        if cached is None:
            cached = parse_xml(self.read(name), name, self.source)
            if attrs.sanitize(cached, name, self.attr_notes):
                self._state.changed.add(name)
            self._state.cache[name] = cached
        return cached

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part`` ("" = the package): rId → (type, target part name)."""
        base = posixpath.dirname(part)
        rels_name = posixpath.join(base, "_rels", posixpath.basename(part) + ".rels")
        root = self.xml(rels_name)
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", str(PurePosixPath(name)))
        return out

    def related(self, part: str, type_suffix: str) -> str | None:
        """The first part related to ``part`` by a relationship type ending in ``type_suffix``."""
        for typ, target in self.rels(part).values():
            if typ.endswith(type_suffix) and target in self.infos:
                return target
        return None

    @property
    def notes(self) -> tuple[str, ...]:
        """Warnings about the package's content (numbers clamped or dropped), in Chinese."""
        return tuple(self.attr_notes.messages())

    def document(self) -> etree._Element:
        """The WordprocessingML main part (a .docx package)."""
        return self.main_root()

    def main_root(self) -> etree._Element:
        """The main part's root: a WordprocessingML ``w:document`` or a SpreadsheetML ``workbook`` as the
        package's kind says; the "Strict Open XML" dialect and anything else are refused."""
        root = self.xml(self.main)
        assert root is not None
        tag, strict, strict_what, what = _MAIN[self.kind]
        ns = root.nsmap.get(root.prefix) if root.prefix else None
        if root.tag.startswith("{" + strict) or ns == strict:
            raise SourceFileError(
                f"这是“严格 Open XML”格式的{strict_what}，暂不支持",
                path=self.source,
                fix=f"请另存为“{_WHAT[self.kind]}（*.{self.kind}）”（不选“严格 Open XML”）",
            )
        if root.tag != tag:
            raise SourceFileError(
                f"文件不是 {_WHAT[self.kind]}：主部件 {self.main} 不是{what}", path=self.source, fix=_SAVE_AS[self.kind]
            )
        return root

    def sanitized_bytes(self) -> bytes:
        """The package for python-docx: every WordprocessingML part checked as :meth:`xml` checks it.

        Parts whose numbers had to be clamped or dropped are written back; all others are copied as
        they are. Members are copied by their (checked) names only.
        """
        for name in self.infos:
            if name.lower().endswith(".xml"):
                self.xml(name)
        replaced = {
            name: etree.tostring(self._state.cache[name], xml_declaration=True, encoding="UTF-8", standalone=True)
            for name in self._state.changed
        }
        types = self._content_types()
        if types is not None:
            replaced["[Content_Types].xml"] = types
        replaced.update(self._rels_without_missing_parts())
        if not replaced:
            return self.data
        return copy_members(self, replaced)

    def _rels_without_missing_parts(self) -> dict[str, bytes]:
        """Relationship parts without relationships to parts the package does not hold.

        Word and caina's reader skip such a relationship (a styles part that is not there means
        default styles); python-docx stops at it ("There is no item named 'word/styles.xml'").
        """
        out: dict[str, bytes] = {}
        for name in self.infos:
            if not name.endswith(".rels"):
                continue
            root = self.xml(name)
            if root is None:
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            dropped = False
            for rel in list(root.iter(f"{{{PKG_REL_NS}}}Relationship")):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                if part not in self.infos:
                    rel.getparent().remove(rel)
                    dropped = True
            if dropped:
                out[name] = bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
        return out

    def _content_types(self) -> bytes | None:
        """``[Content_Types].xml`` with the parts the main part relates to typed as what they are.

        A package whose styles or numbering part is only typed ``application/xml`` reads fine in
        Word's tolerant readers and in caina's own, but python-docx then takes the part for an
        unknown one and fails ("'Part' object has no attribute 'styles'"): the types are added.
        """
        root = self.xml("[Content_Types].xml")
        if root is None or self.kind != "docx":
            return None
        ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
        overrides = {(el.get("PartName") or "").lstrip("/") for el in root.iter(f"{ct}Override")}
        added = False
        for typ, target in self.rels(self.main).values():
            kind = typ.rsplit("/", 1)[-1]
            content_type = _PART_TYPES.get(kind)
            if content_type is None or target in overrides or target not in self.infos:
                continue
            el = etree.SubElement(root, f"{ct}Override")
            el.set("PartName", "/" + target)
            el.set("ContentType", content_type)
            overrides.add(target)
            added = True
        if not added:
            return None
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _bad_name(name: str) -> bool:
    """A member name that could point outside a folder it is extracted into, or is not a plain path."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    return any(seg == ".." for seg in name.split("/"))


def safe_member(info: zipfile.ZipInfo) -> bool:
    """Whether a zip member may be copied into a file caina writes: a plain relative name, not a link."""
    return not _bad_name(info.filename) and not stat.S_ISLNK(info.external_attr >> 16)


def copy_members(package: Package, replaced: dict[str, bytes]) -> bytes:
    """A new zip holding ``package``'s members (checked names only), with ``replaced`` parts swapped in
    and new ones added. What :mod:`caina.io.revisions` and the LibreOffice normaliser write out."""
    buf = io.BytesIO()
    left = dict(replaced)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name, info in package.infos.items():
            if not safe_member(info):  # checked at the door; never copied
                continue
            clean = zipfile.ZipInfo(name, date_time=info.date_time)
            clean.compress_type = zipfile.ZIP_DEFLATED
            clean.external_attr = 0o644 << 16
            data = left.pop(name, None)
            out.writestr(clean, data if data is not None else package.read(name))
        for name, data in left.items():
            if _bad_name(name):
                continue
            out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def open_package(
    source: Path | str | bytes,
    kind: Kind = "docx",
    *,
    name: str = "",
    limits: Limits | None = None,
    in_memory: bool = True,
) -> Package:
    """Open a .docx or .xlsx — a path, or the bytes of an upload (``name`` says what it is in messages).

    The one door: see the module docstring for every check. Raises a
    :class:`~caina.errors.SourceFileError` (or subclass) with a Chinese what/where/fix.
    ``in_memory=False`` (a path only) reads the members where the file lies instead of loading it whole
    (a workbook of a million comments); close the package when done (it is a context manager).
    """
    from caina.io.textfile import read_limited

    limits = limits or Limits.from_settings()
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        where = name or "上传的文件"
        suffix = Path(name).suffix or f".{kind}"
        if len(data) > limits.file_bytes:
            raise _too_large(len(data), limits, where)
    else:
        path = Path(source)
        where = name or str(path)
        suffix = path.suffix or "（无）"
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise SourceFileError(f"找不到{_WHAT[kind]}文件", path=where, fix="请核对路径和文件名") from None
        except OSError as exc:
            raise SourceFileError(f"无法读取文件：{exc.strerror}", path=where, fix="请检查文件权限") from None
        if size > limits.file_bytes:
            raise _too_large(size, limits, where)
        if not in_memory:
            return _open_in_place(path, where, kind, limits)
        data = read_limited(path, what=f"{_WHAT[kind]}文件", limit=limits.file_bytes)
    found = sniff(data[:8])
    if found is FileKind.ZIP:
        return Package(data, where, kind, limits)
    if found is FileKind.OLE:
        from caina.io.docx.ole import OleKind

        if refuse_ole(data, where, kind) is OleKind.OTHER and suffix.lower() == f".{kind}":
            # an OLE container named .docx/.xlsx whose streams say nothing else: what Office writes when encrypted
            raise EncryptedFileError(
                f"文件是 OLE 复合文件而不是 .{kind} 压缩包：多半设有打开密码（已加密）",
                path=where,
                fix="请在 Office/WPS 中用密码打开，删除打开密码后另存，再试",
            )
        raise SourceFileError(
            f"这是旧版 {'Word/WPS 文件（.doc/.wps）' if kind == 'docx' else 'Office 文件'}，不是 .{kind}",
            path=where,
            fix=_SAVE_AS[kind],
        )
    refuse_kind(found, where, suffix, kind)


def _open_in_place(path: Path, where: str, kind: Kind, limits: Limits) -> Package:
    """A package read from its file, which must be a regular file (never a FIFO or a device)."""
    import os

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceFileError(f"无法读取文件：{exc.strerror}", path=where, fix="请检查路径和文件权限") from None
    fh = os.fdopen(fd, "rb")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFileError("这不是普通文件（设备、管道或套接字），未读取", path=where, fix="请给出保存在磁盘上的文件")
        found = sniff(fh.read(8))
        if found is not FileKind.ZIP:
            fh.seek(0)
            head = fh.read(64 * 1024)
            if found is FileKind.OLE:
                refuse_ole(head, where, kind)
            refuse_kind(found, where, path.suffix or "（无）", kind)
        return Package(fh, where, kind, limits)
    except BaseException:
        fh.close()
        raise


def _too_large(size: int, limits: Limits, where: str) -> UnsafeFileError:
    return UnsafeFileError(
        f"文件过大（{size / MB:.0f} MB），超过上限 {limits.file_bytes / MB:g} MB，未读取",
        path=where,
        fix="请确认选对了文件；如其中有大图片，请在 Word/WPS 中压缩图片后另存；确需读取，请调高 CAINA_MAX_OFFICE_MB",
    )
