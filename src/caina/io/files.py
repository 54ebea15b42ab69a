"""Atomic file writes: a crash or a rejected input never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from caina.errors import SourceFileError


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise SourceFileError(
            "输出目录不存在", path=str(parent), fix=f"请先创建目录（mkdir -p {parent}），或换一个输出路径"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))
