"""Open a draft by its file type."""

from __future__ import annotations

from pathlib import Path

from caina.core.model import Draft
from caina.errors import SourceFileError

SUPPORTED = (".docx", ".txt", ".md")


def read_draft(path: Path) -> Draft:
    path = Path(path)
    if path.is_dir():
        raise SourceFileError(
            "这是一个目录，不是草案文件", path=str(path), fix="请给出草案文件，如 examples/baise/draft.txt"
        )
    if not path.exists():
        raise SourceFileError(
            "找不到草案文件", path=str(path), fix="请核对路径；草案应为 .docx、.txt 或 .md 文件"
        )
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from caina.io.docx_reader import read_docx

        return read_docx(path)
    if suffix in (".txt", ".md"):
        from caina.io.text_reader import read_text

        return read_text(path)
    if suffix in (".doc", ".wps"):
        raise SourceFileError(
            f"暂不能直接读取 {suffix} 文件",
            path=str(path),
            fix=f"请在 Word/WPS 中另存为 .docx，或运行 soffice --headless --convert-to docx {path.name}",
        )
    raise SourceFileError(
        f"不支持的草案文件类型“{suffix or '（无扩展名）'}”",
        path=str(path),
        fix="草案应为 .docx、.txt 或 .md 文件",
    )


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
    return found[0]
