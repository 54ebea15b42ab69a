"""Open a Word package safely, or refuse it with a clear Chinese message.

Every check runs before any XML is parsed, and nothing is ever written:

1. **size** — a file larger than :data:`MAX_FILE_BYTES` is refused from its
   ``stat`` alone;
2. **what it is** — the first bytes decide, not the extension: a zip
   (``PK``), an OLE compound file (``D0CF11E0``: an *encrypted* .docx, a
   legacy .doc/.wps, Excel…), PDF, RTF, or anything else;
3. **zip bomb** — the declared uncompressed sizes must stay under
   :data:`MAX_TOTAL_UNCOMPRESSED` in total and under :data:`MAX_RATIO` times
   their compressed size (members above :data:`RATIO_FLOOR`); while reading,
   a member that inflates past its declared size is refused too;
4. **what the zip holds** — the main part named by ``_rels/.rels`` must be a
   WordprocessingML document (an .xlsx or .pptx renamed .docx is named as
   such), not in the "Strict Open XML" dialect;
5. **XML** — a part containing ``<!DOCTYPE`` or ``<!ENTITY`` is refused, and
   every part is parsed with entity resolution, DTD loading and network
   access off.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import NoReturn

from lxml import etree

from caina.errors import EncryptedFileError, SourceFileError, UnsafeFileError
from caina.io.docx.ole import OLE_SIGNATURE, OleKind, classify_ole
from caina.io.docx.xml import PKG_REL_NS, W_NS, W_STRICT_NS, Element

MB = 1024 * 1024
#: files above this size are refused before reading (a draft with pictures is a few MB)
MAX_FILE_BYTES = 100 * MB
#: total declared (and actual) uncompressed size of all zip members
MAX_TOTAL_UNCOMPRESSED = 200 * MB
#: uncompressed / compressed size allowed for one member …
MAX_RATIO = 100
#: … once it is larger than this (small XML parts compress very well)
RATIO_FLOOR = 1 * MB
#: members in one package
MAX_MEMBERS = 10_000

_SAVE_AS_DOCX = "请在 Word/WPS 中打开该文件，另存为“Word 文档（*.docx）”后再试"


class FileKind(StrEnum):
    EMPTY = "empty"
    ZIP = "zip"
    OLE = "ole"
    PDF = "pdf"
    RTF = "rtf"
    OTHER = "other"


def check_size(path: Path) -> int:
    try:
        size = Path(path).stat().st_size
    except FileNotFoundError:
        raise SourceFileError("找不到草案文件", path=str(path), fix="请核对路径") from None
    except OSError as exc:
        raise SourceFileError(f"无法读取文件：{exc.strerror}", path=str(path), fix="请检查文件权限") from None
    if size > MAX_FILE_BYTES:
        raise UnsafeFileError(
            f"文件过大（{size / MB:.0f} MB），超过草案文件的上限 {MAX_FILE_BYTES // MB} MB，未读取",
            path=str(path),
            fix="请确认这是草案本身；如草案中有大图片，请在 Word/WPS 中压缩图片或删除图片后另存为 .docx",
        )
    return size


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


def read_head(path: Path, n: int = 8) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def refuse_ole(data: bytes, path: str) -> OleKind:
    """Raise for encrypted compound files; otherwise say what the file holds."""
    kind = classify_ole(data)
    if kind in (OleKind.ENCRYPTED_OOXML, OleKind.WORD_ENCRYPTED):
        raise EncryptedFileError(
            "文件已加密（设置了打开密码），无法读取",
            path=path,
            fix="请在 Word/WPS 中用密码打开，在“文件→信息→保护文档”（WPS：“文件→文档加密”）中删除密码后另存为 .docx",
        )
    if kind is OleKind.EXCEL:
        raise SourceFileError("这是 Excel 工作簿，不是 Word 文档", path=path, fix="请给出草案的 Word 文件（.docx）")
    if kind is OleKind.POWERPOINT:
        raise SourceFileError("这是 PowerPoint 演示文稿，不是 Word 文档", path=path, fix="请给出草案的 Word 文件（.docx）")
    return kind


def refuse_kind(kind: FileKind, path: str, suffix: str) -> NoReturn:
    """Raise the message for a file that is not a Word package at all."""
    if kind is FileKind.EMPTY:
        raise SourceFileError("文件是空的（0 字节）", path=path, fix="请重新保存或重新获取草案文件")
    if kind is FileKind.PDF:
        raise SourceFileError(
            f"这是 PDF 文件，不是 Word 文档（扩展名却是 {suffix}）",
            path=path,
            fix="PDF 不能准确还原版式；请向起草单位索取 Word 原稿（.docx）",
        )
    raise SourceFileError(
        f"文件不是 Word 文档（扩展名是 {suffix}，内容却不是 Word 格式）",
        path=path,
        fix=_SAVE_AS_DOCX,
    )


class Package:
    """A checked .docx package: its parts, relationships and safely parsed XML."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
            raise SourceFileError(
                "文件已损坏：不是完整的 .docx（zip 压缩包无法打开）",
                path=source,
                fix="请重新下载或重新保存草案；如 Word 能打开，请另存为 .docx 后再试",
            ) from None
        self._check_bomb(infos)
        self.infos = {i.filename: i for i in infos}
        self._read_total = 0
        self.main = self._main_part()

    # -- checks --------------------------------------------------------------

    def _check_bomb(self, infos: list[zipfile.ZipInfo]) -> None:
        src = self.source
        if len(infos) > MAX_MEMBERS:
            raise UnsafeFileError(
                f"压缩包内文件过多（{len(infos)} 个），疑为恶意文件，未读取", path=src, fix=_SAVE_AS_DOCX
            )
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise EncryptedFileError(
                    "压缩包已加密，无法读取", path=src, fix="请删除密码后在 Word/WPS 中另存为 .docx"
                )
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise UnsafeFileError(
                    f"压缩包内的 {info.filename} 压缩比异常（{ratio:.0f} 倍，上限 {MAX_RATIO} 倍），疑为“压缩炸弹”，未读取",
                    path=src,
                    fix="请勿使用来历不明的文件；如确为草案，请在 Word/WPS 中另存为 .docx 后再试",
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeFileError(
                f"压缩包解压后达 {total / MB:.0f} MB，超过上限 {MAX_TOTAL_UNCOMPRESSED // MB} MB，疑为“压缩炸弹”，未读取",
                path=src,
                fix="请勿使用来历不明的文件；如草案中有大图片，请压缩图片后另存为 .docx",
            )

    def _main_part(self) -> str:
        names = self.infos
        src = self.source
        if "mimetype" in names and "content.xml" in names:
            raise SourceFileError(
                "这是 OpenDocument 文件（.odt 等），不是 .docx", path=src, fix="请在 WPS/LibreOffice 中另存为 .docx"
            )
        rels = self.rels("")
        main = next((t for typ, t in rels.values() if typ.endswith("/officeDocument")), None)
        if main is None:
            if any(n.startswith("xl/") for n in names):
                raise SourceFileError("这是 Excel 工作簿，不是 Word 文档", path=src, fix="请给出草案的 Word 文件（.docx）")
            if any(n.startswith("ppt/") for n in names):
                raise SourceFileError("这是 PowerPoint 演示文稿，不是 Word 文档", path=src, fix="请给出草案的 Word 文件（.docx）")
            raise SourceFileError(
                "文件不是 Word 文档：压缩包中没有 Word 正文（缺少 _rels/.rels 或 word/document.xml）",
                path=src,
                fix=_SAVE_AS_DOCX,
            )
        if main.startswith("xl/"):
            raise SourceFileError("这是 Excel 工作簿，不是 Word 文档", path=src, fix="请给出草案的 Word 文件（.docx）")
        if main.startswith("ppt/"):
            raise SourceFileError("这是 PowerPoint 演示文稿，不是 Word 文档", path=src, fix="请给出草案的 Word 文件（.docx）")
        if main not in names:
            raise SourceFileError(
                f"文件已损坏：缺少 Word 正文部件 {main}", path=src, fix="请重新保存草案，或在 Word/WPS 中另存为 .docx"
            )
        return main

    # -- reading -------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        limit = info.file_size
        try:
            with self.zip.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise SourceFileError(
                f"文件已损坏：{name} 无法解压", path=self.source, fix="请重新保存草案，或在 Word/WPS 中另存为 .docx"
            ) from None
        self._read_total += len(data)
        if len(data) > limit or self._read_total > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeFileError(
                f"压缩包内的 {name} 解压后超过其声明的大小，疑为恶意文件，未读取", path=self.source, fix=_SAVE_AS_DOCX
            )
        return data

    def xml(self, name: str) -> Element | None:
        """The parsed part ``name``, or None if the package has no such part."""
        if name not in self.infos:
            return None
        return parse_xml(self.read(name), name, self.source)

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

    def document(self) -> Element:
        root = self.xml(self.main)
        assert root is not None
        ns = root.nsmap.get(root.prefix) if root.prefix else None
        if root.tag.startswith("{" + W_STRICT_NS) or ns == W_STRICT_NS:
            raise SourceFileError(
                "这是“严格 Open XML”格式的 Word 文档，暂不支持",
                path=self.source,
                fix="请在 Word 中另存为“Word 文档（*.docx）”（不选“严格 Open XML 文档”）",
            )
        if root.tag != f"{{{W_NS}}}document":
            raise SourceFileError(
                f"文件不是 Word 文档：主部件 {self.main} 不是 Word 正文", path=self.source, fix=_SAVE_AS_DOCX
            )
        return root


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_pis=True
)


def _looks_like_dtd(data: bytes) -> bool:
    head = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        try:
            head = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return True  # undecodable: refuse rather than guess
    upper = head.upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper


def parse_xml(data: bytes, name: str, source: str) -> Element:
    """Parse one package part: refuse DOCTYPE/ENTITY, never resolve entities."""
    if _looks_like_dtd(data):
        raise UnsafeFileError(
            f"文件中的 {name} 含有 DOCTYPE/ENTITY 声明（Word 从不写入），可能用于读取本机文件，已拒绝",
            path=source,
            fix="请勿使用来历不明的文件；如确为草案，请在 Word/WPS 中打开并另存为 .docx 后再试",
        )
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SourceFileError(
            f"文件已损坏：{name} 不是有效的 XML（{exc.msg}）",
            path=source,
            fix="请在 Word/WPS 中打开草案并另存为 .docx 后再试",
        ) from None


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TOTAL_UNCOMPRESSED",
    "MAX_RATIO",
    "RATIO_FLOOR",
    "FileKind",
    "Package",
    "check_size",
    "sniff",
    "read_head",
    "refuse_ole",
    "refuse_kind",
    "parse_xml",
]
