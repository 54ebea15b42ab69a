"""Open a draft by what the file is: Word package, old Word/WPS file, or text.

The extension picks the family (``.txt``/``.md`` → text; ``.docx`` and
friends, ``.doc``, ``.wps`` → Word), then the first bytes decide: a zip is
read as .docx whatever its extension; an OLE compound file is refused when
encrypted and otherwise converted through LibreOffice (see
:mod:`caina.io.convert`), as is an RTF file saved as .doc; anything else
(PDF, random bytes, an empty file) is refused with what it is and how to fix
it. Files above the size limit are refused before they are read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from caina.core.model import Draft
from caina.errors import SourceFileError

SUPPORTED = (".docx", ".txt", ".md", ".doc", ".wps")
WORD_PACKAGES = (".docx", ".docm", ".dotx", ".dotm")
CONVERTIBLE = (".doc", ".wps")


def read_draft(path: Path) -> Draft:
    path = Path(path)
    if path.is_dir():
        raise SourceFileError(
            "这是一个目录，不是草案文件", path=str(path), fix="请给出草案文件，如 examples/baise/draft.txt"
        )
    if not path.exists():
        raise SourceFileError(
            "找不到草案文件", path=str(path), fix="请核对路径；草案应为 .docx、.doc、.wps、.txt 或 .md 文件"
        )
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        from caina.io.text_reader import read_text

        return read_text(path)
    if suffix in WORD_PACKAGES or suffix in CONVERTIBLE:
        return _read_word(path, suffix)
    raise SourceFileError(
        f"不支持的草案文件类型“{suffix or '（无扩展名）'}”",
        path=str(path),
        fix="草案应为 .docx、.doc、.wps、.txt 或 .md 文件；PDF 请向起草单位索取 Word 原稿",
    )


def _read_word(path: Path, suffix: str) -> Draft:
    from caina import settings
    from caina.io.docx.ole import OleKind
    from caina.io.docx.reader import read_docx_bytes
    from caina.io.docx.safety import FileKind, check_size, refuse_kind, refuse_ole, sniff
    from caina.io.textfile import read_limited

    check_size(path)  # a regular file under the limit, refused from its stat
    data = read_limited(path, what="草案文件", limit=settings.limit_bytes("max_office_mb"))
    kind = sniff(data[:8])
    if kind is FileKind.ZIP:
        draft = read_docx_bytes(data, source=str(path))
        if suffix in CONVERTIBLE:
            return _note(draft, f"文件扩展名是 {suffix}，内容实为 .docx，已按 .docx 读取")
        return draft
    if kind is FileKind.OLE:
        ole = refuse_ole(data, str(path))
        actual = "Works/WPS" if ole is OleKind.WORKS else "旧版 Word（.doc）"
    elif kind is FileKind.RTF:
        actual = "RTF"
    else:
        refuse_kind(kind, str(path), suffix)
    from caina.io.convert import convert_to_docx

    draft = read_docx_bytes(convert_to_docx(path), source=str(path))
    note = f"草案是{actual}格式，已由 LibreOffice 转换为 .docx 后读取：版式以转换结果为准，修订稿只能写为 .docx"
    if suffix in WORD_PACKAGES:
        note = f"文件扩展名是 {suffix}，内容实为{actual}格式，已由 LibreOffice 转换后读取：版式以转换结果为准"
    return _note(draft, note)


def _note(draft: Draft, note: str) -> Draft:
    return replace(draft, notes=(note, *draft.notes))


def find_draft(directory: Path, name: str | None = None) -> Path:
    """The draft in a case directory: ``name`` if given, else the one ``draft.*``."""
    directory = Path(directory)
    if name:
        return directory / name
    found = [directory / f"draft{ext}" for ext in SUPPORTED if (directory / f"draft{ext}").exists()]
    if not found:
        raise SourceFileError(
            "目录中没有草案文件 draft.docx / draft.txt / draft.md",
            path=str(directory),
            fix="请把草案放入该目录并命名为 draft.docx（或 .txt/.md），或在 review.yaml 中用 draft: 指明文件名",
        )
    if len(found) > 1:  # two versions of the draft: their pages and lines may differ, never guess
        names = "、".join(p.name for p in found)
        raise SourceFileError(
            f"目录中有{len(found)}份草案（{names}），不知道按哪一份排版和定位",
            path=str(directory),
            fix=f"请在 review.yaml 开头写明 draft: {found[0].name}（或另一份的文件名），或移走多余的那份",
        )
    return found[0]
