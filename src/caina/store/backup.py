"""Backups of the whole store: SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore.

Drafts, uploads and generated files are rows of the ``blobs`` table (by checksum), so one
backup holds everything; restore brings back exactly that state.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from caina.errors import SourceFileError, ToolMissingError
from caina.store import Store


def _sqlite_path(store: Store) -> Path:
    database = make_url(store.url).database
    if not database or database == ":memory:":
        raise SourceFileError("内存数据库不能备份", fix="请用 SQLite 文件或 PostgreSQL")
    return Path(database)


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise ToolMissingError(f"找不到 {name}", fix="请安装 PostgreSQL 客户端（apt-get install postgresql-client）")
    return found


def _pg_url(store: Store) -> str:
    return make_url(store.url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(store: Store, target: Path) -> Path:
    """Write a consistent copy of the database to ``target`` (atomically: a failure leaves no file)."""
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise SourceFileError("备份文件所在的目录不存在", path=str(parent), fix=f"请先创建目录（mkdir -p {parent}）")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    try:
        if store.is_sqlite:
            source = sqlite3.connect(_sqlite_path(store))
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)  # the online backup API: a consistent snapshot while the server runs
            finally:
                dest.close()
                source.close()
        else:
            subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={tmp}", _pg_url(store)],  # noqa: S603
                           check=True, capture_output=True, timeout=3600)  # fmt: skip
        os.replace(tmp, target)
    except subprocess.CalledProcessError as exc:
        raise SourceFileError(f"pg_dump 失败：{exc.stderr.decode(errors='replace').strip()}", path=str(target),
                              fix="请检查数据库地址和权限") from None  # fmt: skip
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return target


def restore(store: Store, source: Path) -> None:
    """Replace the database's content with a backup (stop the server first)."""
    source = Path(source)
    if not source.is_file():
        raise SourceFileError("找不到备份文件", path=str(source), fix="请核对路径")
    if store.is_sqlite:
        with open(source, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise SourceFileError("这不是 SQLite 备份文件", path=str(source), fix="请给出 caina db backup 写出的文件")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "opinions" not in tables:
                raise SourceFileError("这个 SQLite 文件不是 caina 的数据库备份", path=str(source),
                                      fix="请给出 caina db backup 写出的文件")  # fmt: skip
            store.dispose()
            dest = sqlite3.connect(_sqlite_path(store))
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        return
    try:
        subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", f"--dbname={_pg_url(store)}",  # noqa: S603
                        str(source)], check=True, capture_output=True, timeout=3600)  # fmt: skip
    except subprocess.CalledProcessError as exc:
        raise SourceFileError(f"pg_restore 失败：{exc.stderr.decode(errors='replace').strip()[:500]}", path=str(source),
                              fix="请确认这是 caina db backup 写出的 PostgreSQL 备份") from None  # fmt: skip
    store.dispose()
