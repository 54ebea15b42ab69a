"""Every text file caina reads comes in through here: bounded, decoded, cleaned.

- :func:`read_limited` reads regular files only (a device such as ``/dev/zero``,
  a FIFO or a socket is refused without blocking on it), at most a size
  limit (a setting, see docs/settings.md), refusing a larger file from its
  ``stat`` before reading a byte;
- :func:`decode` says which encoding the bytes are in: a BOM (UTF-8, UTF-16,
  UTF-32) decides; else strict UTF-8; else GB18030 (which covers GBK and
  GB2312, what Windows tools in Chinese offices write) or Big5 — but only when
  the result reads as text: random bytes decode as "GB18030" too, so a text
  with control characters or mostly rare characters is refused;
- :func:`clean` takes out what no document can hold (C0/C1 control
  characters other than tab and line breaks, U+FFFE/U+FFFF, lone
  surrogates), naming the line and the character of the first ones; a form
  feed or vertical tab (a page or line break in exported text) becomes a
  line break.

:func:`read_text_input` does all three and returns the notes to show the user
(the encoding assumed when it was not UTF-8, the characters taken out).
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caina import settings
from caina.errors import CainaError, SourceFileError, UnsafeFileError

__all__ = [
    "TextInput",
    "read_limited",
    "decode",
    "clean",
    "read_text_input",
    "encoding_label",
    "bad_characters",
    "char_name",
    "squeeze_spaces",
]

MB = 1024 * 1024
ErrorType = Callable[..., CainaError]  # called as error(what, path=..., fix=...)

ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
    "gb18030": "GB18030（含 GBK、GB2312）",
    "big5": "Big5（繁体）",
}


def encoding_label(encoding: str) -> str:
    return ENCODING_LABELS.get(encoding, encoding)


@dataclass(frozen=True)
class TextInput:
    """A text file as read: its text, the encoding assumed and what the user should be told."""

    text: str
    encoding: str  # utf-8, utf-16, utf-32, gb18030, big5
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- reading


def read_limited(
    path: Path, *, what: str = "文件", limit: int | None = None, error: ErrorType = SourceFileError
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (default: the ``max_text_mb`` setting)."""
    where = str(path)
    limit = settings.limit_bytes("max_text_mb") if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"找不到{what}", path=where, fix="请核对路径和文件名") from None
    except PermissionError:
        raise error(f"无法读取{what}：没有读取权限", path=where, fix="请检查文件权限（chmod），或换一个文件") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise error(f"{what}的路径或文件名过长", path=where[:200], fix="请改用较短的文件名") from None
        raise error(f"无法读取{what}：{exc.strerror}", path=where, fix="请核对路径和文件权限") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"这是一个目录，不是{what}", path=where, fix="请给出文件的路径")
        if not stat.S_ISREG(info.st_mode):
            kind = "管道（FIFO）" if stat.S_ISFIFO(info.st_mode) else "设备或套接字"
            raise UnsafeFileError(
                f"这是{kind}，不是普通文件，未读取", path=where, fix=f"请给出保存在磁盘上的{what}"
            )
        if info.st_size > limit:
            raise UnsafeFileError(
                f"{what}过大（{info.st_size / MB:.1f} MB），超过上限 {limit / MB:g} MB，未读取",
                path=where,
                fix="请确认选对了文件；确需读取更大的文件，请调高设置 CAINA_MAX_TEXT_MB（见 docs/settings.md）",
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(1 * MB, limit + 1 - total))
            except BlockingIOError:  # pragma: no cover - regular files do not block
                break
            except OSError as exc:
                raise error(f"无法读取{what}：{exc.strerror}", path=where, fix="请检查文件") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnsafeFileError(
                    f"{what}在读取时超过上限 {limit / MB:g} MB（文件还在增大？），未读取",
                    path=where,
                    fix="请等文件写完后再试",
                )
        return b"".join(chunks)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\n\r\t《》“”‘’…—·]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SAMPLE = 20000


def _gb2312_share(text: str) -> float:
    """Share of the Chinese characters of ``text`` that GB2312 has (the 6,763 in everyday use)."""
    chars = _CJK.findall(text[:_SAMPLE])
    if not chars:
        return 1.0
    common = 0
    for ch in chars:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(chars)


def looks_like_text(text: str, *, legacy: bool = False) -> bool:
    """Whether decoded bytes read as text: few control characters, mostly usual characters.

    ``legacy``: decoded as GB18030/Big5, which turn random bytes into characters too; then most
    Chinese characters must also be everyday ones (GB2312: ≈ 28 % of random byte pairs, > 95 % of
    real text).
    """
    sample = text[:_SAMPLE]
    if not sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > len(sample) * 0.01:
        return False
    if len(_PLAUSIBLE.findall(sample)) < len(sample) * 0.85:
        return False
    return not legacy or _gb2312_share(sample) >= 0.6


def decode(data: bytes, *, where: str = "", error: ErrorType = SourceFileError, what: str = "文件") -> tuple[str, str]:
    """(text, encoding) of text-file bytes; refuses binary data with a message naming ``where``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding if encoding != "utf-8" else "utf-8-sig").lstrip("\ufeff"), encoding
            except UnicodeDecodeError:
                raise _junk(where, error, what) from None
    if b"\x00" in data[:65536]:
        raise error(
            f"{what}不是文本文件（含有二进制内容）",
            path=where,
            fix="Word 文件请使用 .docx 扩展名；文本请保存为 UTF-8 编码的 .txt 或 .md",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text, legacy=encoding == "gb18030"):
            return text, encoding
    raise _junk(where, error, what)


def _junk(where: str, error: ErrorType, what: str) -> CainaError:
    return error(
        f"无法把{what}当作文字读取：不是 UTF-8、UTF-16、GB18030（GBK）或 Big5 编码的文本，可能是二进制文件或已损坏",
        path=where,
        fix="请确认选对了文件；文本请另存为 UTF-8 编码（记事本、WPS“另存为”可选编码）",
    )


# ---------------------------------------------------------------- cleaning

# what XML 1.0 and a terminal cannot take: C0 controls but tab/LF/CR, DEL, C1 controls, U+FFFE/U+FFFF, surrogates
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_BREAKS = {"\x0b": "\n", "\x0c": "\n"}  # vertical tab (Word's line break in exported text), form feed (page)

_NAMES = {
    0x00: "空字符 NUL",
    0x07: "响铃 BEL",
    0x08: "退格 BS",
    0x0B: "垂直制表符 VT",
    0x0C: "换页符 FF",
    0x1B: "转义 ESC",
    0x7F: "删除 DEL",
    0xFFFE: "非字符",
    0xFFFF: "非字符",
}


def char_name(ch: str) -> str:
    """``U+0000（空字符 NUL）`` — how a message names a character a user cannot see."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        name = "不成对的代理项"
    elif 0x80 <= code <= 0x9F:
        name = "C1 控制字符"
    else:
        name = _NAMES.get(code, "控制字符")
    return f"U+{code:04X}（{name}）"


def bad_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of each character :func:`clean` would take out (1-based)."""
    out = []
    for m in BAD_CHARS.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        out.append((line, column, m.group()))
    return out


def clean(text: str, *, where: str = "") -> tuple[str, tuple[str, ...]]:
    """``text`` without the characters no document can hold, and a note naming the first ones."""
    if not BAD_CHARS.search(text):
        return text, ()
    found = bad_characters(text)
    shown = "；".join(f"第{line}行第{col}个字符 {char_name(ch)}" for line, col, ch in found[:3])
    more = f"等{len(found)}处" if len(found) > 3 else ""
    kinds = {ch for _, _, ch in found}
    cleaned = BAD_CHARS.sub(lambda m: _BREAKS.get(m.group(), ""), text)
    what = "已删去" if kinds - set(_BREAKS) else "已换为换行"
    prefix = f"{where}：" if where else ""
    return cleaned, (f"{prefix}含有不能写入文档的控制字符（{shown}{more}），{what}",)


_SPACE_RUN = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]{9,}")
MAX_SPACES = 8


def squeeze_spaces(text: str, *, where: str = "") -> tuple[str, tuple[str, ...]]:
    """``text`` with every run of more than :data:`MAX_SPACES` spaces within a line cut to that many.

    For texts that are parsed, not laid out (reports): a run of thousands of spaces is layout left over
    from another program, and the parser's patterns would spend time on it that grows with its square.
    Line breaks are kept, so line numbers stay those of the file.
    """
    found = _SPACE_RUN.search(text)
    if found is None:
        return text, ()
    line = text.count("\n", 0, found.start()) + 1
    n = len(_SPACE_RUN.findall(text))
    prefix = f"{where}：" if where else ""
    note = f"{prefix}有{n}处连续空格超过{MAX_SPACES}个（首处在第{line}行），已各按{MAX_SPACES}个读取"
    return _SPACE_RUN.sub(lambda m: m.group()[:MAX_SPACES], text), (note,)


def read_text_input(
    path: Path,
    *,
    what: str = "文件",
    error: ErrorType = SourceFileError,
    limit: int | None = None,
    clean_controls: bool = True,
) -> TextInput:
    """Read, decode and (unless ``clean_controls`` is off) clean a text file; see the module docstring."""
    where = str(path)
    data = read_limited(Path(path), what=what, limit=limit, error=error)
    text, encoding = decode(data, where=where, error=error, what=what)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    notes: list[str] = []
    if encoding not in ("utf-8",):
        notes.append(f"{Path(path).name} 不是 UTF-8 编码，已按 {encoding_label(encoding)} 编码读取")
    if clean_controls:
        text, cleaned = clean(text, where=Path(path).name)
        notes.extend(cleaned)
    return TextInput(text, encoding, tuple(notes))
