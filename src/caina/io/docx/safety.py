"""Open a Word file safely: the Word side of the one guarded door (:mod:`caina.io.ooxml.package`).

Every check runs before any XML is parsed, and nothing is ever written:
**size** (a regular file no larger than ``max_office_mb``, refused from its
``stat``), **what it is** (the first bytes decide: zip, OLE compound file —
an *encrypted* .docx or a legacy .doc/.wps —, PDF, RTF, anything else),
**zip members** (count, names, symlinks, per-part and total sizes,
compression ratio), **what the zip holds** (a WordprocessingML document, not
"Strict Open XML"), **XML** (UTF-8/UTF-16 only, no ``<!DOCTYPE``/``<!ENTITY``,
entity resolution, DTDs and network off) and **numbers in attributes**
(:mod:`caina.io.ooxml.attrs`). docs/security.md lists the limits.
"""

from __future__ import annotations

import stat
from pathlib import Path

from caina import settings
from caina.errors import SourceFileError, UnsafeFileError
from caina.io.ooxml.package import (
    MB,
    FileKind,
    Limits,
    Package,
    open_package,
    parse_xml,
    refuse_kind,
    refuse_ole,
    sniff,
)

#: default limits (the settings max_office_mb, max_unpacked_mb; docs/settings.md)
MAX_FILE_BYTES = Limits().file_bytes
MAX_TOTAL_UNCOMPRESSED = Limits().unpacked_bytes
MAX_RATIO = Limits().ratio
RATIO_FLOOR = Limits().ratio_floor
MAX_MEMBERS = Limits().members


def check_size(path: Path) -> int:
    """The size of a Word file to read: a regular file under the limit, or a clear refusal."""
    try:
        info = Path(path).stat()
    except FileNotFoundError:
        raise SourceFileError("找不到草案文件", path=str(path), fix="请核对路径") from None
    except OSError as exc:
        raise SourceFileError(f"无法读取文件：{exc.strerror}", path=str(path), fix="请检查文件权限") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFileError("这不是普通文件（设备、管道或套接字），未读取", path=str(path), fix="请给出保存在磁盘上的文件")
    limit = settings.limit_bytes("max_office_mb")
    if info.st_size > limit:
        raise UnsafeFileError(
            f"文件过大（{info.st_size / MB:.0f} MB），超过草案文件的上限 {limit // MB} MB，未读取",
            path=str(path),
            fix="请确认这是草案本身；如草案中有大图片，请在 Word/WPS 中压缩图片或删除图片后另存为 .docx",
        )
    return info.st_size


def read_head(path: Path, n: int = 8) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TOTAL_UNCOMPRESSED",
    "MAX_RATIO",
    "RATIO_FLOOR",
    "FileKind",
    "Package",
    "open_package",
    "check_size",
    "sniff",
    "read_head",
    "refuse_ole",
    "refuse_kind",
    "parse_xml",
]
