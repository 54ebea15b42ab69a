"""Atomic writes: whole files only, with the permissions any new file gets."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from caina.errors import SourceFileError
from caina.io.files import atomic_write_bytes, atomic_write_text


def test_a_new_file_gets_the_umask_permissions_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "报告.md", "甲")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # colleagues and web servers can read the report


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_directory_is_not_overwritten(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match="目录"):
        atomic_write_bytes(tmp_path, b"x")
    assert not list(tmp_path.iterdir())  # no temporary file left
