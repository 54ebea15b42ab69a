"""Just enough of the OLE compound file format to tell what an old file is.

A compound file (signature ``D0 CF 11 E0 A1 B1 1A E1``) is either a legacy
Word/WPS document, an Excel/PowerPoint file, or — the case that matters most
— an *encrypted* Office Open XML document: Word saves a password-protected
.docx as a compound file holding ``EncryptionInfo`` and ``EncryptedPackage``
streams. This module lists the directory entries and reads the first bytes
of the ``WordDocument`` stream (whose FIB says whether a .doc is encrypted);
it never interprets anything else.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import StrEnum

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_SPECIAL = 0xFFFFFFFA  # ids at or above are markers, not sectors


class OleKind(StrEnum):
    ENCRYPTED_OOXML = "encrypted_ooxml"  # a password-protected .docx/.xlsx
    WORD = "word"  # Word 97–2003 .doc (or WPS saved in that format)
    WORD_ENCRYPTED = "word_encrypted"  # a .doc with a password to open
    WORKS = "works"  # Microsoft Works / old Kingsoft .wps (CONTENTS stream)
    EXCEL = "excel"
    POWERPOINT = "powerpoint"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


class _Ole:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE_SIGNATURE):
            raise ValueError("not a compound file")
        self.data = data
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError("bad sector size")
        self.size = 1 << shift
        self.n_sectors = max(0, (len(data) - self.size) // self.size)
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _SPECIAL]
        sector = first_difat
        per = self.size // 4 - 1
        for _ in range(min(n_difat, self.n_sectors)):
            if sector >= _SPECIAL:
                break
            ids = struct.unpack_from(f"<{per + 1}I", self._sector(sector))
            difat.extend(s for s in ids[:per] if s < _SPECIAL)
            sector = ids[per]
        fat: list[int] = []
        for s in difat[:n_fat]:
            fat.extend(struct.unpack_from(f"<{self.size // 4}I", self._sector(s)))
        self.fat = fat
        self.entries = self._directory(first_dir)

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.size
        if n >= self.n_sectors or start + self.size > len(self.data):
            raise ValueError("sector out of range")
        return self.data[start : start + self.size]

    def _chain(self, start: int):  # type: ignore[no-untyped-def]
        seen = 0
        s = start
        while s < _SPECIAL:
            if s >= len(self.fat) or seen > self.n_sectors:
                raise ValueError("broken chain")
            yield s
            seen += 1
            s = self.fat[s]

    def _directory(self, first: int) -> list[_Entry]:
        entries = []
        for s in self._chain(first):
            raw = self._sector(s)
            for off in range(0, self.size, 128):
                name_len = struct.unpack_from("<H", raw, off + 64)[0]
                kind = raw[off + 66]
                if kind == 0 or name_len < 2 or name_len > 64:
                    continue
                name = raw[off : off + name_len - 2].decode("utf-16-le", "replace")
                start, size = struct.unpack_from("<IQ", raw, off + 116)
                if self.size == 512:
                    size &= 0xFFFFFFFF
                entries.append(_Entry(name, kind, start, size))
        return entries

    def stream_head(self, name: str, n: int) -> bytes:
        """The first ``n`` bytes of a stream stored in regular sectors (empty if not)."""
        cutoff = struct.unpack_from("<I", self.data, 0x38)[0]
        for e in self.entries:
            if e.kind == 2 and e.name == name and e.size >= cutoff:
                out = b""
                for s in self._chain(e.start):
                    out += self._sector(s)
                    if len(out) >= n:
                        break
                return out[:n]
        return b""


def classify_ole(data: bytes) -> OleKind:
    """What a compound file holds; a damaged directory falls back to a byte search."""
    try:
        ole = _Ole(data)
    except (ValueError, struct.error):
        return _fallback(data)
    names = {e.name for e in ole.entries if e.kind in (1, 2)}
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return OleKind.ENCRYPTED_OOXML
    if "WordDocument" in names:
        try:
            fib = ole.stream_head("WordDocument", 12)
        except (ValueError, struct.error):
            fib = b""
        if len(fib) >= 12 and struct.unpack_from("<H", fib, 0)[0] == 0xA5EC:
            flags = struct.unpack_from("<H", fib, 0x0A)[0]
            if flags & 0x0100:
                return OleKind.WORD_ENCRYPTED
        return OleKind.WORD
    if "CONTENTS" in names or "MatOST" in names:
        return OleKind.WORKS
    if "Workbook" in names or "Book" in names:
        return OleKind.EXCEL
    if "PowerPoint Document" in names:
        return OleKind.POWERPOINT
    return OleKind.OTHER


def _fallback(data: bytes) -> OleKind:
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return OleKind.ENCRYPTED_OOXML
    if "WordDocument".encode("utf-16-le") in data:
        return OleKind.WORD
    return OleKind.OTHER


__all__ = ["OLE_SIGNATURE", "OleKind", "classify_ole"]
