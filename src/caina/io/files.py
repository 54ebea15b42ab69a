"""Atomic file writes: a crash or a rejected input never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from caina.errors import SourceFileError


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    if path.is_dir():
        raise SourceFileError("输出路径是一个目录，不是文件", path=str(path), fix="请在目录后写出文件名")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise SourceFileError(
            "输出目录不存在", path=str(parent), fix=f"请先创建目录（mkdir -p {parent}），或换一个输出路径"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; the file gets the mode any new file would
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def _mode_for(path: Path) -> int:
    """The permissions to give ``path``: those of the file it replaces, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))
