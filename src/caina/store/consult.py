"""Storage of public consultations (公开征求意见): comments, rows set aside, grouping and attribution results.

SQLAlchemy 2 Core tables on their own :data:`metadata` (created with ``create_all`` until they join the web
store's Alembic chain). SQLite by default; PostgreSQL with a ``postgresql+psycopg://`` URL, where comments are
loaded with ``COPY`` (psycopg 3). Everything the consultation pipeline stores or reads goes through
:class:`ConsultStore`; the services layer sees only its methods.

Tables (all keyed by ``review``, the consultation's name or id):

- ``consult_comments`` — one row per comment; ``(review, comment_id)`` unique: importing the same file again
  changes nothing, a changed text under the same id replaces the old one; ``seq`` is the import order;
- ``consult_rejects`` — rows set aside at import, with file, row number, column and reason;
- ``consult_results`` — per comment: its group, the units it is about ("第十条、第十一条", 总体) and how;
- ``consult_groups`` — per group: size, kind (single, duplicate, campaign), representative comment, units;
- ``consult_reviews`` — per consultation: the draft it was analysed against, counts of that analysis, and
  whether comments were imported since (stale).

Imports are one transaction: a file refused half-way leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from caina.errors import CainaError, InputError

__all__ = ["metadata", "ConsultStore", "ImportCounts", "StoredRow", "open_store"]

metadata = MetaData()

comments = Table(
    "consult_comments",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("review", String(200), nullable=False),
    Column("comment_id", String(100), nullable=False),
    Column("submitted_at", String(19)),
    Column("author", String(1000), nullable=False, default=""),
    Column("channel", String(1000), nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("clause", String(1000), nullable=False, default=""),
    Column("source", String(500), nullable=False, default=""),
    Column("source_row", Integer),
    UniqueConstraint("review", "comment_id", name="uq_consult_comments_review_id"),
)
Index("ix_consult_comments_review_seq", comments.c.review, comments.c.seq)

rejects = Table(
    "consult_rejects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review", String(200), nullable=False, index=True),
    Column("source", String(500), nullable=False),
    Column("source_row", Integer, nullable=False),
    Column("column_name", String(200), nullable=False, default=""),
    Column("problem", Text, nullable=False),
    Column("raw", Text, nullable=False, default=""),
    Column("imported_at", DateTime, nullable=False),
)

results = Table(
    "consult_results",
    metadata,
    Column("review", String(200), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("comment_id", String(100), nullable=False),
    Column("group_no", Integer, nullable=False),
    Column("units", String(2000), nullable=False),
    Column("how", String(8), nullable=False),
)

groups = Table(
    "consult_groups",
    metadata,
    Column("review", String(200), primary_key=True),
    Column("group_no", Integer, primary_key=True),
    Column("size", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("representative_seq", Integer, nullable=False),
    Column("units", String(2000), nullable=False),
)

reviews = Table(
    "consult_reviews",
    metadata,
    Column("review", String(200), primary_key=True),
    Column("draft", String(1000), nullable=False, default=""),
    Column("draft_title", String(1000), nullable=False, default=""),
    Column("analysed_at", DateTime),
    Column("analysed_comments", Integer),
    Column("distinct_texts", Integer),
    Column("stale", Boolean, nullable=False, default=True),
)

_STAGE_COLUMNS = ("source_row", "comment_id", "submitted_at", "author", "channel", "text", "clause")


@dataclass(frozen=True)
class ImportCounts:
    read: int  # good rows in the file
    new: int
    updated: int  # an id already stored, with other content
    unchanged: int  # an id already stored with the same content (a re-import)
    repeated: int  # the same id again in the file with the same content: imported once
    rejected: int  # rows set aside (bad rows, and an id repeated in the file with other content)


@dataclass(frozen=True)
class StoredRow:
    seq: int
    comment_id: str
    text: str


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA temp_store=FILE")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _sqlite_throwaway(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=MEMORY")  # rollback still works; a crash loses a file nobody keeps
    cur.execute("PRAGMA synchronous=OFF")
    cur.close()


def open_store(url: str, *, throwaway: bool = False) -> ConsultStore:
    """A store on ``url`` (``sqlite:///path.db`` or ``postgresql+psycopg://…``), tables created if missing.

    ``throwaway``: a SQLite file that is deleted after one run (``caina consult run``): no fsync, rollback
    journal in memory."""
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise InputError(f"数据库地址无法使用：{exc}", where=url,
                         fix="请写成 sqlite:///caina.db 或 postgresql+psycopg://用户:密码@主机:端口/库名") from None  # fmt: skip
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if throwaway:
            event.listen(engine, "connect", _sqlite_throwaway)
    store = ConsultStore(engine)
    try:
        metadata.create_all(engine)
    except OperationalError as exc:
        raise CainaError(f"无法连接或创建数据库：{exc.orig}", where=url, fix="请检查数据库地址、权限和磁盘空间") from None
    return store


class ConsultStore:
    """The consultation tables on one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------------------------ import
    @contextmanager
    def importing(self, review: str, source: str) -> Iterator[_Import]:
        """A transaction for one file: stage rows and rejects, then :meth:`_Import.finish`; any exception
        rolls everything back."""
        with self.engine.begin() as conn:
            job = _Import(self, conn, review, source)
            yield job

    # ------------------------------------------------------------------------------------ reading
    def count(self, review: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM consult_comments WHERE review = :r"), {"r": review}).scalar_one())

    def batches(self, review: str, size: int = 50_000) -> Iterator[pa.RecordBatch]:
        """The comments of ``review`` in import order, as Arrow record batches (seq, comment_id, text, clause)."""
        schema = pa.schema([("seq", pa.int64()), ("comment_id", pa.string()), ("text", pa.string()), ("clause", pa.string())])
        last = 0
        with self.engine.connect() as conn:
            while True:  # keyset pagination: each batch is one short query, memory stays one batch
                rows = conn.execute(
                    text(
                        "SELECT seq, comment_id, text, clause FROM consult_comments WHERE review = :r AND seq > :last "
                        "ORDER BY seq LIMIT :n"
                    ),
                    {"r": review, "last": last, "n": size},
                ).all()
                if not rows:
                    return
                cols = list(zip(*rows, strict=True))
                yield pa.RecordBatch.from_arrays([pa.array(c) for c in cols], schema=schema)
                last = rows[-1][0]

    def review_info(self, review: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(reviews.select().where(reviews.c.review == review)).mappings().first()
            return dict(row) if row else None

    # ------------------------------------------------------------------------------------ results
    def save_results(
        self,
        review: str,
        rows: Iterable[tuple[int, str, int, str, str]],
        group_rows: Iterable[tuple[int, int, str, int, str]],
        *,
        draft: str,
        draft_title: str,
        analysed: int,
        distinct: int,
    ) -> None:
        """Replace the analysis of ``review``: per comment (seq, comment id, group_no, units, how), per group
        (group_no, size, kind, representative seq, units). One transaction."""
        with self.engine.begin() as conn:
            conn.execute(results.delete().where(results.c.review == review))
            conn.execute(groups.delete().where(groups.c.review == review))
            self._bulk(conn, "consult_results", ("review", "seq", "comment_id", "group_no", "units", "how"),
                       ((review, *r) for r in rows))  # fmt: skip
            self._bulk(conn, "consult_groups", ("review", "group_no", "size", "kind", "representative_seq", "units"),
                       ((review, *g) for g in group_rows))  # fmt: skip
            conn.execute(reviews.delete().where(reviews.c.review == review))
            conn.execute(
                reviews.insert().values(
                    review=review, draft=draft, draft_title=draft_title, analysed_at=datetime.now(),
                    analysed_comments=analysed, distinct_texts=distinct, stale=False,
                )
            )  # fmt: skip

    def _bulk(self, conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], chunk: int = 50_000) -> int:
        """Insert many rows fast: COPY on PostgreSQL, executemany on SQLite."""
        count = 0
        if self.postgres:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for r in rows:
                    copy.write_row(r)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        batch: list[Sequence[Any]] = []
        for r in rows:
            batch.append(r)
            if len(batch) >= chunk:
                conn.exec_driver_sql(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            conn.exec_driver_sql(sql, batch)
            count += len(batch)
        return count

    def assignments(self, review: str, size: int = 50_000) -> Iterator[list[tuple[str, int, str, str]]]:
        """(comment id, group, units, how) of every comment in import order, a batch at a time."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(
                text("SELECT comment_id, group_no, units, how FROM consult_results WHERE review = :r ORDER BY seq"),
                {"r": review},
            )
            while rows := result.fetchmany(size):
                yield [(str(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in rows]

    # ------------------------------------------------------------------------------------ stats
    def aggregates(self, review: str, top: int | None) -> dict[str, Any]:
        """The counts the stats are made of, each one SQL aggregate."""
        p = {"r": review}
        with self.engine.connect() as conn:
            q = conn.execute
            total = int(q(text("SELECT COUNT(*) FROM consult_comments WHERE review = :r"), p).scalar_one())
            # a masked name (朱**) or none cannot be told apart: each such comment counts as one participant
            masked = "(author = '' OR author = '匿名' OR author LIKE '%*%' OR author LIKE '%＊%')"
            named = int(q(text(f"SELECT COUNT(DISTINCT author) FROM consult_comments WHERE review = :r AND NOT {masked}"), p).scalar_one())
            anonymous = int(q(text(f"SELECT COUNT(*) FROM consult_comments WHERE review = :r AND {masked}"), p).scalar_one())
            by_channel = {str(k): int(v) for k, v in q(text(
                "SELECT channel, COUNT(*) FROM consult_comments WHERE review = :r GROUP BY channel ORDER BY COUNT(*) DESC, channel"), p)}
            by_day = {str(k) if k else "": int(v) for k, v in q(text(
                "SELECT SUBSTR(submitted_at, 1, 10) AS day, COUNT(*) FROM consult_comments WHERE review = :r "
                "GROUP BY SUBSTR(submitted_at, 1, 10) ORDER BY day"), p)}
            by_units = [(str(k), int(v)) for k, v in q(text(
                "SELECT units, COUNT(*) FROM consult_results WHERE review = :r GROUP BY units"), p)]
            by_how = {str(k): int(v) for k, v in q(text(
                "SELECT how, COUNT(*) FROM consult_results WHERE review = :r GROUP BY how"), p)}
            kinds = {str(k): (int(n), int(s)) for k, n, s in q(text(
                "SELECT kind, COUNT(*), SUM(size) FROM consult_groups WHERE review = :r GROUP BY kind"), p)}
            limit = "" if top is None else f" LIMIT {int(top)}"
            largest = [dict(m) for m in q(text(
                "SELECT g.group_no, g.size, g.kind, g.units, c.text FROM consult_groups g "
                "JOIN consult_comments c ON c.seq = g.representative_seq "
                "WHERE g.review = :r AND g.size > 1 ORDER BY g.size DESC, g.group_no" + limit), p).mappings()]
            rejected = int(q(text("SELECT COUNT(*) FROM consult_rejects WHERE review = :r"), p).scalar_one())
        return {
            "comments": total, "named_authors": named, "anonymous": anonymous, "by_channel": by_channel,
            "by_day": by_day, "by_units": by_units, "by_how": by_how, "kinds": kinds, "largest": largest,
            "rejected": rejected,
        }  # fmt: skip

    def rejected_rows(self, review: str, limit: int | None = None) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            sel = rejects.select().where(rejects.c.review == review).order_by(rejects.c.id)
            if limit is not None:
                sel = sel.limit(limit)
            return [dict(m) for m in conn.execute(sel).mappings()]


class _Import:
    """One file's import inside one transaction (see :meth:`ConsultStore.importing`)."""

    def __init__(self, store: ConsultStore, conn: Connection, review: str, source: str) -> None:
        self.store = store
        self.conn = conn
        self.review = review
        self.source = source
        self.staged = 0
        self.rejected = 0
        self._now = datetime.now()
        # importing a file again replaces what was set aside from it last time
        conn.execute(rejects.delete().where((rejects.c.review == review) & (rejects.c.source == source)))
        conn.exec_driver_sql("DROP TABLE IF EXISTS consult_stage")
        conn.exec_driver_sql(
            "CREATE TEMPORARY TABLE consult_stage (source_row INTEGER NOT NULL, comment_id VARCHAR(100) NOT NULL, "
            "submitted_at VARCHAR(19), author TEXT NOT NULL, channel TEXT NOT NULL, text TEXT NOT NULL, clause TEXT NOT NULL)"
        )

    def stage(self, rows: Sequence[Sequence[Any]]) -> None:
        """Good rows: (row, id, submitted_at or "", author, channel, text, clause)."""
        self.staged += self.store._bulk(self.conn, "consult_stage", _STAGE_COLUMNS, rows)

    def reject(self, rows: Sequence[tuple[int, str, str, str]]) -> None:
        """Rows set aside: (row, column, problem, raw)."""
        self.rejected += self.store._bulk(
            self.conn, "consult_rejects", ("review", "source", "source_row", "column_name", "problem", "raw", "imported_at"),
            [(self.review, self.source, r[0], r[1], r[2], r[3], self._now) for r in rows],
        )  # fmt: skip

    def finish(self) -> ImportCounts:
        c = self.conn.exec_driver_sql
        p: dict[str, Any] = {"r": self.review, "s": self.source, "t": self._now}
        q = self.conn.execute
        c("CREATE INDEX consult_stage_id ON consult_stage (comment_id, source_row)")
        # the same id twice in the file: once if the content is the same, else the later rows are set aside
        firsts = (
            "SELECT comment_id, MIN(source_row) AS first_row FROM consult_stage GROUP BY comment_id HAVING COUNT(*) > 1"
        )
        conflicting = q(text(
            f"SELECT s.source_row, s.comment_id, f.first_row, s.text FROM consult_stage s JOIN ({firsts}) f "
            "ON s.comment_id = f.comment_id JOIN consult_stage o ON o.comment_id = f.comment_id AND o.source_row = f.first_row "
            "WHERE s.source_row > f.first_row AND (s.text <> o.text OR s.author <> o.author OR s.channel <> o.channel "
            "OR COALESCE(s.submitted_at, '') <> COALESCE(o.submitted_at, '') OR s.clause <> o.clause) ORDER BY s.source_row"
        )).all()  # fmt: skip
        if conflicting:
            self.reject([(int(r[0]), "编号", f"编号“{r[1]}”与第{r[2]}行相同而内容不同：同一编号只能是一条意见，已保留第{r[2]}行",
                          str(r[3])[:2000]) for r in conflicting])  # fmt: skip
        repeated = int(q(text("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM consult_stage GROUP BY comment_id HAVING COUNT(*) > 1) d")).scalar_one())  # noqa: E501
        repeated -= len(conflicting)
        c("DELETE FROM consult_stage WHERE source_row > (SELECT MIN(o.source_row) FROM consult_stage o WHERE o.comment_id = consult_stage.comment_id)")
        existing = q(text(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.text = s.text AND c.author = s.author AND c.channel = s.channel "
            "AND COALESCE(c.submitted_at, '') = s.submitted_at AND c.clause = s.clause THEN 1 ELSE 0 END), 0) "
            "FROM consult_stage s JOIN consult_comments c ON c.review = :r AND c.comment_id = s.comment_id"
        ), p).one()  # fmt: skip
        known, same = int(existing[0]), int(existing[1])
        staged = int(q(text("SELECT COUNT(*) FROM consult_stage")).scalar_one())
        q(text(
            "INSERT INTO consult_comments (review, comment_id, submitted_at, author, channel, text, clause, source, source_row) "
            "SELECT :r, comment_id, NULLIF(submitted_at, ''), author, channel, text, clause, :s, source_row FROM consult_stage "
            "WHERE true ORDER BY source_row "
            "ON CONFLICT (review, comment_id) DO UPDATE SET submitted_at = excluded.submitted_at, author = excluded.author, "
            "channel = excluded.channel, text = excluded.text, clause = excluded.clause, source = excluded.source, "
            "source_row = excluded.source_row"
        ), p)  # fmt: skip
        if staged - same or self.rejected:
            q(reviews.update().where(reviews.c.review == self.review).values(stale=True))
        c("DROP TABLE consult_stage")
        return ImportCounts(
            read=staged + repeated + len(conflicting), new=staged - known, updated=known - same, unchanged=same,
            repeated=repeated, rejected=self.rejected,
        )  # fmt: skip

