"""The store: migrations match the tables, the audit log is append-only, SQLite settings, backup and restore,
re-anchoring on a new draft — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from caina.services.desk import opinions, reviews
from caina.store import Store
from caina.store.backup import backup, restore
from tests.desk_fixtures import EXAMPLE, Desk, PgCluster


def test_migrations_match_the_tables(desk: Desk) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import caina.store.tables
    from caina.store.migrate import current, head
    from caina.store.schema import metadata

    versions = Path(caina.store.tables.__file__).parent / "migrations" / "versions"
    newest = max(p.stem for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert current(desk.store) == head(desk.store) == newest
    with desk.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    desk.store.upgrade()  # again: nothing to do


def test_audit_log_is_append_only(desk: Desk) -> None:
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError), desk.store.write() as conn:
            conn.execute(text(statement))
    with desk.store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one() > 20


def test_sqlite_settings(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "x.db"))
    store.upgrade()
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30000
    store.dispose()


def test_bad_database_url() -> None:
    from caina.errors import InputError

    with pytest.raises(InputError, match="不支持的数据库地址"):
        Store("mysql://x@y/z")


def _count(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(text("SELECT count(*) FROM opinions")).scalar_one())


def test_backup_and_restore(desk: Desk, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if desk.backend == "postgresql":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        import shutil

        if not (shutil.which("pg_dump") or (cluster.bindir / "pg_dump").exists()):
            pytest.skip("pg_dump not installed")
    file = tmp_path / "backup.bin"
    before = _count(desk.store)
    backup(desk.store, file)
    assert file.stat().st_size > 0 and not list(tmp_path.glob(".backup.bin.*"))
    later = opinions.OpinionIn(text="备份后的意见", target_kind="whole")
    opinions.file_opinion(desk.store, desk.actor("reviewer"), desk.ids["review"], later)
    assert _count(desk.store) == before + 1
    restore(desk.store, file)
    assert _count(desk.store) == before
    # the draft (a blob) came back with the rows: the page view works on the restored database
    assert desk.client("reviewer").get(f"/api/v1/reviews/{desk.ids['review']}/pages/3").status_code == 200


def test_restore_refuses_other_files(tmp_path: Path) -> None:
    from caina.errors import SourceFileError

    store = Store(str(tmp_path / "x.db"))
    store.upgrade()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database")
    with pytest.raises(SourceFileError, match="不是 SQLite 备份文件"):
        restore(store, junk)


def test_new_draft_reanchors_opinions(desk: Desk) -> None:
    owner = desk.actor("owner")
    rid = desk.ids["review"]
    text_ = (EXAMPLE / "draft.txt").read_text(encoding="utf-8")
    changed = text_.replace("重点支持百矿集团开展电解铝碳渣", "重点支持电解铝企业开展电解铝碳渣")
    added = "本段新增一句话，使后面的文字下移一行以上，用于测试重新定位是否正确。"
    changed = changed.replace("围绕打造生态型铝产业示范基地", added + "围绕打造生态型铝产业示范基地")
    number = reviews.upload_version(desk.store, owner, rid, changed.encode(), "送审稿二.txt")
    assert number == 2
    ops = {o["number"]: o for o in opinions.list_opinions(desk.store, owner, rid)}
    assert ops[5]["anchor_status"] == "anchored" and ops[5]["anchor_version"] == 2
    assert ops[5]["locator"] != "P3倒数第五行"  # the sentence moved: its new place, computed
    assert ops[6]["anchor_status"] == "orphaned" and ops[6]["locator"] == ""  # its quote is gone


def test_sqlite_writers_of_two_processes_queue_on_the_lock_file(tmp_path: Path) -> None:
    """Two Store objects on one file stand for two worker processes (flock locks belong to the open file, so
    two in one process exclude each other as two processes do): the second writer waits for the first to
    commit — on the kernel's lock, not in SQLite's polling busy handler — and a failed write releases it."""
    import threading

    url = f"sqlite:///{tmp_path / 'two.db'}"
    a, b = Store(url), Store(url)
    try:
        with a.write() as conn:
            conn.execute(text("CREATE TABLE t (n INTEGER)"))
        assert (tmp_path / "two.db.lock").exists()
        inside, release, order = threading.Event(), threading.Event(), []

        def first() -> None:
            with a.write() as conn:
                conn.execute(text("INSERT INTO t VALUES (1)"))
                inside.set()
                release.wait(10)
                order.append("first commits")

        def second() -> None:
            inside.wait(10)
            with b.write() as conn:
                order.append("second begins")
                conn.execute(text("INSERT INTO t VALUES (2)"))

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for t in threads:
            t.start()
        inside.wait(10)
        threads[1].join(0.3)
        assert threads[1].is_alive() and order == []  # waiting for the first writer's lock
        import fcntl
        import os

        fd = os.open(tmp_path / "two.db.lock", os.O_RDWR)
        try:  # the first writer holds the lock file itself (not only SQLite's lock)
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
        release.set()
        for t in threads:
            t.join(10)
        assert order == ["first commits", "second begins"]
        with pytest.raises(RuntimeError), a.write() as conn:
            conn.execute(text("INSERT INTO t VALUES (3)"))
            raise RuntimeError("rejected input")
        with b.write() as conn:  # not blocked: the failed write let go of the lock, and wrote nothing
            assert conn.execute(text("SELECT n FROM t ORDER BY n")).scalars().all() == [1, 2]
    finally:
        a.dispose()
        b.dispose()


def _count_up(url: str, n: int) -> None:
    store = Store(url)
    for _ in range(n):
        with store.write() as conn:
            last = conn.execute(text("SELECT max(n) FROM t")).scalar_one()
            conn.execute(text("INSERT INTO t VALUES (:n)"), {"n": last + 1})
    store.dispose()


def test_sqlite_writers_in_several_processes_lose_nothing(tmp_path: Path) -> None:
    """Four processes each take the next number 50 times (read the last, write the next, in one write
    transaction): 200 distinct numbers, 1 to 200 — no write lost, none interleaved."""
    import multiprocessing

    url = f"sqlite:///{tmp_path / 'many.db'}"
    store = Store(url)
    with store.write() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (0)"))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_count_up, args=(url, 50)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with store.read() as conn:
        assert conn.execute(text("SELECT n FROM t WHERE n > 0 ORDER BY n")).scalars().all() == list(range(1, 201))
    store.dispose()


def test_a_single_statement_runs_without_a_transaction_and_leaves_none_behind(desk: Desk) -> None:
    """Store.lookups (the session lookup of every request): no transaction around the one statement (on
    PostgreSQL the connection is in autocommit), and the pooled connection goes back as it came — the next
    write is still one transaction that a failure rolls back whole."""
    store: Store = desk.store
    for _ in range(3):  # the same pooled connection again and again
        with store.lookups() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() > 0
            raw = conn.connection.dbapi_connection
            assert (not raw.in_transaction) if store.is_sqlite else raw.autocommit
        with pytest.raises(RuntimeError), store.write() as conn:
            raw = conn.connection.dbapi_connection
            assert raw.in_transaction if store.is_sqlite else not raw.autocommit
            conn.execute(text("UPDATE users SET display_name = 'x' WHERE id = (SELECT min(id) FROM users)"))
            raise RuntimeError("rejected")
        with store.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM users WHERE display_name = 'x'")).scalar_one() == 0


def test_postgresql_pings_a_pooled_connection_only_after_it_sat_idle(pg_cluster: PgCluster, monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy server does not ping before every use (a round trip saved per request); a connection that sat
    idle is pinged, and one the database dropped meanwhile is replaced without the caller seeing an error."""
    import caina.store

    pg_cluster.sql("CREATE DATABASE ping_test")
    store = Store(pg_cluster.db_url("ping_test"), pool_size=1)
    pings: list[int] = []
    real_ping = store.engine.dialect.do_ping
    monkeypatch.setattr(store.engine.dialect, "do_ping", lambda conn: (pings.append(1), real_ping(conn))[1])
    try:
        for _ in range(5):
            with store.read() as conn:
                conn.execute(text("SELECT 1"))
        assert len(pings) == 1  # the new connection only
        pg_cluster.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ping_test'")
        monkeypatch.setattr(caina.store, "PING_AFTER_IDLE_S", 0.0)  # as if it had sat idle
        with store.read() as conn:
            assert conn.execute(text("SELECT 42")).scalar_one() == 42
        assert len(pings) == 3  # the dead one's failed ping, then the new connection's
    finally:
        store.dispose()
        pg_cluster.sql("DROP DATABASE ping_test WITH (FORCE)")
