"""caina.store: the database of the review desk (SQLAlchemy 2 Core + Alembic).

SQLite by default — one file, WAL, foreign keys on, a busy timeout, write
transactions taken with ``BEGIN IMMEDIATE`` so that concurrent writers queue
instead of failing — and PostgreSQL with a ``postgresql+psycopg://`` URL.
All SQL of caina lives in this package (:mod:`caina.store.queries`); the
schema is created and changed only by the Alembic migrations shipped in
:mod:`caina.store.migrations` (``caina db upgrade``; the server runs them on
start). :mod:`caina.store.consult_tables` holds the public-consultation tables
(issue 9, revision 0003_consult); :mod:`caina.store.consult` their SQL. See docs/store.md.
"""

from __future__ import annotations

import os
import threading
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: writers of other processes wait in SQLite's busy handler
    fcntl = None  # type: ignore[assignment]
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import NullPool

from caina.errors import InputError

DEFAULT_URL = "sqlite:///caina.db"
BUSY_TIMEOUT_MS = 30_000
PING_AFTER_IDLE_S = 10.0  # PostgreSQL: ping a pooled connection before use only after this long unused


def normalise_url(url: str | None) -> str:
    """``url`` as SQLAlchemy takes it: a bare path is a SQLite file; ``postgresql://`` uses psycopg 3."""
    url = (url or os.environ.get("CAINA_DATABASE_URL") or DEFAULT_URL).strip()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith(("sqlite", "postgresql+psycopg")):
        raise InputError(
            f"不支持的数据库地址“{make_url(url).render_as_string(hide_password=True)}”",
            where="--db / CAINA_DATABASE_URL",
            fix="请用 SQLite 文件（如 --db caina.db 或 sqlite:///caina.db）或 postgresql+psycopg://用户@主机/库名",
        )
    return url


class Store:
    """One database: an engine, its transactions, and its migrations."""

    def __init__(self, url: str | None = None, *, pool_size: int = 10) -> None:
        self.url = normalise_url(url)
        self.dialect = make_url(self.url).get_backend_name()
        self.engine: Engine
        self._write_lock: threading.Lock | None = None
        self._lock_path: str | None = None
        if self.dialect == "sqlite":
            self._write_lock = threading.Lock()
            path = make_url(self.url).database or ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                self._lock_path = f"{path}.lock"
            self.engine = create_engine(
                self.url,
                connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
                poolclass=NullPool if path in ("", ":memory:") else None,
            )
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(self.url, pool_size=pool_size, max_overflow=20)
            event.listen(self.engine, "checkout", self._ping_if_idle)
            event.listen(self.engine, "checkin", _mark_used)

    def _ping_if_idle(self, dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        """PostgreSQL: a pooled connection that has been idle for a while (a restarted server, a dropped network
        link) is pinged before use and replaced if dead; one used within the last PING_AFTER_IDLE_S seconds is
        trusted as SQLAlchemy's ``pool_pre_ping`` would not — a busy server saves a round trip on every request
        (a page view and a filing: 13 round trips with the session lookups, were 23 with the pings, the session's
        BEGIN/COMMIT and the base version's own query). Should a connection die within that window, the
        request that finds it fails once, SQLAlchemy then invalidates the pool, and the next request reconnects."""
        if time.monotonic() - record.info.get("caina_used", -PING_AFTER_IDLE_S - 1.0) <= PING_AFTER_IDLE_S:
            return
        try:
            self.engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # any failure of the ping: the connection is not usable
            raise DisconnectionError(f"idle connection failed its ping: {exc}") from exc

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (SQLite: BEGIN IMMEDIATE, so writers wait for each other up to the busy timeout).

        SQLite allows one writer at a time; this process's writers queue on a lock first, so that they wake
        as soon as the writer before them commits instead of sleeping in SQLite's busy handler (other
        processes on the same file still wait there)."""
        if self._write_lock is None:
            with self.engine.connect().execution_options(caina_immediate=True) as conn, conn.begin():
                yield conn
            return
        with self._write_lock, self._file_lock(), self.engine.connect().execution_options(caina_immediate=True) as conn, conn.begin():
            yield conn

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        """Writers of other processes on the same file (``caina serve --workers N``, the CLI beside the server)
        queue on an exclusive lock of ``<database>.lock`` before SQLite's own lock: the kernel wakes the next one
        the moment the lock is released, where SQLite's busy handler would poll with sleeps of 1 to 100 ms.
        Only a lock; SQLite's own locking still guards the data (the lock file may be deleted at any time)."""
        if self._lock_path is None or fcntl is None:
            yield
            return
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def lookups(self) -> Iterator[Connection]:
        """A connection for reads that need not agree with each other, without a transaction around them: each
        statement is atomic by itself (on PostgreSQL each sees its own snapshot — which is what READ COMMITTED
        gives the statements of a transaction anyway). No BEGIN and COMMIT: on PostgreSQL two round trips fewer.
        For what every request reads (the session) and the page view (the membership, then the page's
        opinions); anything that reads twice and needs the two to agree takes :meth:`read`, and a write
        :meth:`write`."""
        options: dict[str, Any] = {"caina_autocommit": True}
        if not self.is_sqlite:
            options["isolation_level"] = "AUTOCOMMIT"
        with self.engine.connect().execution_options(**options) as conn:
            yield conn

    def upgrade(self) -> None:
        """Bring the schema to the newest revision (creates it in an empty database)."""
        from caina.store.migrate import upgrade

        upgrade(self)

    def dispose(self) -> None:
        self.engine.dispose()


def _mark_used(_dbapi_conn: Any, record: Any) -> None:
    record.info["caina_used"] = time.monotonic()


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun explicitly below
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across a process crash (SIGKILL)
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get("caina_autocommit"):  # Store.lookups: the statement runs in SQLite's own autocommit
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("caina_immediate", False) else "BEGIN")


__all__ = ["DEFAULT_URL", "Store", "normalise_url"]
