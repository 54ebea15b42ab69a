"""Storage of public consultations (公开征求意见): comments, rows set aside, grouping and attribution results,
the drafting office's decisions per group.

The tables are those of :mod:`caina.store.consult_tables`, on the store's one metadata and in its Alembic chain
(revision ``0003_consult``): a consultation lives in the same database as the review desk, and may belong to one
of its reviews. SQLite by default; PostgreSQL with a ``postgresql+psycopg://`` URL, where comments are loaded
with ``COPY`` (psycopg 3). Everything the consultation pipeline stores or reads goes through
:class:`ConsultStore`; the services layer sees only its methods.

Imports are one transaction: a file refused half-way leaves nothing behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from caina.errors import CainaError, InputError
from caina.store import Store
from caina.store.consult_tables import decisions as decisions_t
from caina.store.consult_tables import groups, rejects, results, reviews
from caina.store.schema import now

__all__ = ["ConsultStore", "ImportCounts", "StoredRow", "open_store", "consult_store", "consultation_name", "consultation_state"]

REBUILD_INDEX_FROM = 100_000  # comments analysed: from here the results' index is rebuilt after the load (SQLite)
RESULTS_INDEX = next(i for i in results.indexes if i.name == "ix_consult_results_group")

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


def _sqlite_cache(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA temp_store=FILE")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _sqlite_throwaway(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA synchronous=OFF")  # a crash loses a file nobody keeps
    cur.close()


def open_store(url: str | None, *, throwaway: bool = False) -> ConsultStore:
    """A store on ``url`` (a SQLite file path, ``sqlite:///path.db`` or ``postgresql+psycopg://…``; default
    ``CAINA_DATABASE_URL``, else caina.db), its schema brought to the newest revision by the Alembic chain — the
    same migrations as ``caina db upgrade`` and ``caina serve``.

    ``throwaway``: a fresh SQLite file deleted after one run (``caina consult run``): its tables are made in one
    step with ``create_all`` of the same metadata the migrations are checked against (no Alembic), and nothing
    is synced to disk."""
    try:
        store = Store(url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise InputError(f"数据库地址无法使用：{exc}", where=str(url),
                         fix="请写成 caina.db、sqlite:///caina.db 或 postgresql+psycopg://用户:密码@主机:端口/库名") from None  # fmt: skip
    if store.is_sqlite:
        event.listen(store.engine, "connect", _sqlite_cache)
        if throwaway:
            event.listen(store.engine, "connect", _sqlite_throwaway)
    try:
        if throwaway:
            import caina.store.tables  # noqa: F401  every table, as the migrations make them
            from caina.store.schema import metadata

            metadata.create_all(store.engine)
        else:
            store.upgrade()
    except OperationalError as exc:
        store.dispose()
        raise CainaError(f"无法连接或创建数据库：{exc.orig}", where=store.safe_url, fix="请检查数据库地址、权限和磁盘空间") from None
    except BaseException:
        store.dispose()
        raise
    return ConsultStore(store)


def consultation_name(conn: Connection, review_id: int) -> str | None:
    """The name of the consultation of desk review ``review_id`` (None: it has none), in ``conn``'s transaction."""
    name = conn.execute(reviews.select().with_only_columns(reviews.c.review).where(reviews.c.review_id == review_id)).scalar()
    return str(name) if name is not None else None


def consultation_state(conn: Connection, review: str) -> str:
    """What the report's 公开征求意见情况 of ``review`` depends on, as text: its analysis (time, stale) and its
    decisions (how many, the newest, the sum of their versions) — a report job is reused only while it is the same."""
    info = conn.execute(reviews.select().with_only_columns(reviews.c.analysed_at, reviews.c.stale, reviews.c.analysed_comments)
                        .where(reviews.c.review == review)).first()  # fmt: skip
    n, newest, versions = conn.execute(text(
        "SELECT COUNT(*), MAX(decided_at), COALESCE(SUM(version), 0) FROM consult_decisions WHERE review = :r"
    ), {"r": review}).one()  # fmt: skip
    return f"{review}|{tuple(info) if info else ()}|{n}|{newest}|{versions}"


def consult_store(store: Store) -> ConsultStore:
    """The consultation tables of a store already open (the web app's), sharing its engine; not closed by
    :meth:`ConsultStore.close`."""
    return ConsultStore(store, owned=False)


class ConsultStore:
    """The consultation tables on one database."""

    def __init__(self, store: Store, *, owned: bool = True) -> None:
        self.store = store
        self.engine: Engine = store.engine
        self.postgres = self.engine.dialect.name == "postgresql"
        self._owned = owned

    def close(self) -> None:
        if self._owned:
            self.store.dispose()

    # ------------------------------------------------------------------------------------ import
    @contextmanager
    def importing(self, review: str, source: str, review_id: int | None = None) -> Iterator[_Import]:
        """A transaction for one file: stage rows and rejects, then :meth:`_Import.finish`; any exception
        rolls everything back. ``review_id``: the desk review a new consultation belongs to."""
        with self.engine.begin() as conn:
            job = _Import(self, conn, review, source, review_id)
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

    # ------------------------------------------------------------------------------------ consultations
    def consultation_of(self, review_id: int) -> str | None:
        """The name of the consultation that belongs to desk review ``review_id``, if any."""
        with self.engine.connect() as conn:
            name = conn.execute(reviews.select().with_only_columns(reviews.c.review).where(reviews.c.review_id == review_id)).scalar()
            return str(name) if name is not None else None

    def desk_review(self, review_id: int) -> dict[str, Any] | None:
        """The desk review ``review_id`` (id, title), if the database has it."""
        from caina.store.desk import reviews as desk_reviews

        with self.engine.connect() as conn:
            row = conn.execute(desk_reviews.select().with_only_columns(desk_reviews.c.id, desk_reviews.c.title)
                               .where(desk_reviews.c.id == review_id)).mappings().first()  # fmt: skip
            return dict(row) if row else None

    def attach(self, review: str, review_id: int | None) -> None:
        """Make consultation ``review`` belong to desk review ``review_id`` (None: to none)."""
        with self.engine.begin() as conn:
            if review_id is not None:
                conn.execute(reviews.update().where(reviews.c.review_id == review_id).values(review_id=None))
            conn.execute(reviews.update().where(reviews.c.review == review).values(review_id=review_id))

    def consultations(self) -> list[dict[str, Any]]:
        """Every consultation with its comment count, desk review and analysis time."""
        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT r.review, r.review_id, r.draft_title, r.analysed_at, r.stale, "
                "(SELECT COUNT(*) FROM consult_comments c WHERE c.review = r.review) AS comments "
                "FROM consult_reviews r ORDER BY r.review"
            )).mappings()  # fmt: skip
            return [dict(r) for r in rows]

    def cached_stats(self, review: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            value = conn.execute(reviews.select().with_only_columns(reviews.c.stats).where(reviews.c.review == review)).scalar()
        if isinstance(value, str):  # a JSON column read back as text by an older driver
            value = json.loads(value)
        return value if isinstance(value, dict) else None

    def cache_stats(self, review: str, data: dict[str, Any], analysed_at: Any) -> None:
        """Keep ``data`` as the statistics of the analysis made at ``analysed_at`` (not over a newer one)."""
        with self.engine.begin() as conn:
            conn.execute(reviews.update().where((reviews.c.review == review) & (reviews.c.analysed_at == analysed_at)
                                                & (reviews.c.stale == False)).values(stats=data))  # noqa: E712  # fmt: skip

    # ------------------------------------------------------------------------------------ groups, drill-down
    def group(self, review: str, group_no: int) -> dict[str, Any] | None:
        """One group with its representative comment."""
        with self.engine.connect() as conn:
            row = conn.execute(text(
                "SELECT g.group_no, g.size, g.kind, g.units, g.representative_seq, c.comment_id AS representative_id, "
                "c.text AS representative FROM consult_groups g JOIN consult_comments c ON c.seq = g.representative_seq "
                "WHERE g.review = :r AND g.group_no = :g"
            ), {"r": review, "g": group_no}).mappings().first()  # fmt: skip
            return dict(row) if row else None

    def group_page(self, review: str, *, unit: str = "", groups_in: Sequence[int] | None = None, after: int = 0,
                   limit: int = 50, min_size: int = 1) -> list[dict[str, Any]]:  # fmt: skip
        """Groups in number order (largest first) after group ``after``: those about ``unit`` (a label such as
        第十条 or 总体), or those numbered in ``groups_in``; with the representative comment. Keyset paging."""
        where = ["g.review = :r", "g.group_no > :after", "g.size >= :min"]
        p: dict[str, Any] = {"r": review, "after": after, "n": limit, "min": min_size}
        if unit:
            where.append("('、' || g.units || '、') LIKE :unit ESCAPE '!'")
            p["unit"] = "%、" + unit.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "、%"
        if groups_in is not None:
            chosen = sorted(int(g) for g in groups_in if int(g) > after)[:limit]
            if not chosen:
                return []
            where.append(f"g.group_no IN ({', '.join(str(g) for g in chosen)})")
        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT g.group_no, g.size, g.kind, g.units, g.representative_seq, c.text AS representative "
                "FROM consult_groups g JOIN consult_comments c ON c.seq = g.representative_seq "
                f"WHERE {' AND '.join(where)} ORDER BY g.group_no LIMIT :n"
            ), p).mappings()  # fmt: skip
            return [dict(r) for r in rows]

    def group_count(self, review: str, unit: str = "") -> tuple[int, int]:
        """(groups, comments) about ``unit`` (all groups without one)."""
        p: dict[str, Any] = {"r": review}
        cond = ""
        if unit:
            cond = " AND ('、' || units || '、') LIKE :unit ESCAPE '!'"
            p["unit"] = "%、" + unit.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "、%"
        with self.engine.connect() as conn:
            n, size = conn.execute(text(f"SELECT COUNT(*), COALESCE(SUM(size), 0) FROM consult_groups WHERE review = :r{cond}"), p).one()
            return int(n), int(size)

    def group_comments(self, review: str, group_no: int, *, after: int = 0, limit: int = 50) -> list[dict[str, Any]]:
        """The comments of a group in import order after comment ``after`` (its seq). Keyset paging."""
        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT c.seq, c.comment_id, c.submitted_at, c.author, c.channel, c.text, r.units, r.how "
                "FROM consult_results r JOIN consult_comments c ON c.seq = r.seq "
                "WHERE r.review = :r AND r.group_no = :g AND r.seq > :after ORDER BY r.seq LIMIT :n"
            ), {"r": review, "g": group_no, "after": after, "n": limit}).mappings()  # fmt: skip
            return [dict(r) for r in rows]

    def group_of_comment(self, review: str, seq: int) -> int | None:
        with self.engine.connect() as conn:
            g = conn.execute(text("SELECT group_no FROM consult_results WHERE review = :r AND seq = :s"), {"r": review, "s": seq}).scalar()
            return int(g) if g is not None else None

    # ------------------------------------------------------------------------------------ decisions
    def decisions(self, review: str) -> list[dict[str, Any]]:
        """Every decision with the group its anchor comment is in now (``group_no``; None before an analysis),
        that group's size, and the group the duplicate's anchor is in (``duplicate_of``); oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT d.id, d.anchor_seq, d.disposition, d.reason, d.duplicate_of_seq, d.decided_by, d.decided_by_name, "
                "d.decided_at, d.version, r.group_no, g.size, dr.group_no AS duplicate_of "
                "FROM consult_decisions d "
                "LEFT JOIN consult_results r ON r.review = d.review AND r.seq = d.anchor_seq "
                "LEFT JOIN consult_groups g ON g.review = r.review AND g.group_no = r.group_no "
                "LEFT JOIN consult_results dr ON dr.review = d.review AND dr.seq = d.duplicate_of_seq "
                "WHERE d.review = :r ORDER BY d.decided_at, d.id"
            ), {"r": review}).mappings()  # fmt: skip
            return [dict(r) for r in rows]

    def decision_row(self, conn: Connection, review: str, anchor_seq: int) -> dict[str, Any] | None:
        row = conn.execute(decisions_t.select().where((decisions_t.c.review == review) & (decisions_t.c.anchor_seq == anchor_seq))).mappings().first()
        return dict(row) if row else None

    def put_decision(self, conn: Connection, review: str, anchor_seq: int, values: dict[str, Any], version: int | None) -> dict[str, Any] | None:
        """Insert or update the decision anchored on ``anchor_seq`` in ``conn``'s transaction, over ``version``
        (0: none yet; None: whatever is there). Returns the row as saved, or None when the version is stale."""
        row = self.decision_row(conn, review, anchor_seq)
        values = {**values, "decided_at": values.get("decided_at") or now()}
        if row is None:
            if version not in (None, 0):
                return None
            conn.execute(decisions_t.insert().values(review=review, anchor_seq=anchor_seq, version=1, **values))
        else:
            if version is not None and version != row["version"]:
                return None
            done = conn.execute(decisions_t.update().where((decisions_t.c.id == row["id"]) & (decisions_t.c.version == row["version"]))
                                .values(version=row["version"] + 1, **values)).rowcount  # fmt: skip
            if not done:
                return None
        return self.decision_row(conn, review, anchor_seq)

    def group_decision(self, conn: Connection, review: str, group_no: int) -> dict[str, Any] | None:
        """The decision of group ``group_no`` in ``conn``'s transaction: the newest of those anchored on its comments."""
        row = conn.execute(text(
            "SELECT d.* FROM consult_decisions d JOIN consult_results r ON r.review = d.review AND r.seq = d.anchor_seq "
            "WHERE d.review = :r AND r.group_no = :g ORDER BY d.decided_at DESC, d.id DESC LIMIT 1"
        ), {"r": review, "g": group_no}).mappings().first()  # fmt: skip
        return dict(row) if row else None

    def delete_decision(self, conn: Connection, review: str, anchor_seq: int) -> None:
        conn.execute(decisions_t.delete().where((decisions_t.c.review == review) & (decisions_t.c.anchor_seq == anchor_seq)))

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
        unit_order: Sequence[str] = (),
    ) -> None:
        """Replace the analysis of ``review``: per comment (seq, comment id, group_no, units, how), per group
        (group_no, size, kind, representative seq, units). One transaction. The consultation keeps the review
        it belongs to and its decisions (they follow their comments into the new groups)."""
        # SQLite: a large load goes in without the drill-down index, which is then built once from the sorted
        # rows (docs/benchmarks.md: 1M comments, the index kept up row by row cost ≈ 12 CPU s); DDL is
        # transactional there, so a failure restores it with everything else
        rebuild = not self.postgres and analysed >= REBUILD_INDEX_FROM
        with self.engine.begin() as conn:
            conn.execute(results.delete().where(results.c.review == review))
            conn.execute(groups.delete().where(groups.c.review == review))
            if rebuild:
                conn.exec_driver_sql(f"DROP INDEX IF EXISTS {RESULTS_INDEX.name}")
            self._bulk(conn, "consult_results", ("review", "seq", "comment_id", "group_no", "units", "how"),
                       ((review, *r) for r in rows))  # fmt: skip
            if rebuild:
                RESULTS_INDEX.create(conn)
            self._bulk(conn, "consult_groups", ("review", "group_no", "size", "kind", "representative_seq", "units"),
                       ((review, *g) for g in group_rows))  # fmt: skip
            values = {"draft": draft, "draft_title": draft_title, "analysed_at": datetime.now(), "analysed_comments": analysed,
                      "distinct_texts": distinct, "stale": False, "unit_order": list(unit_order), "stats": None}  # fmt: skip
            if not conn.execute(reviews.update().where(reviews.c.review == review).values(**values)).rowcount:
                conn.execute(reviews.insert().values(review=review, **values))

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
            # one scan of the comments for the counts by channel, day and masked name, one for the distinct names,
            # one of the results by units and how (docs/benchmarks.md: each scan of a million rows costs ≈ 1 s)
            # a masked name (朱**) or none cannot be told apart: each such comment counts as one participant
            masked = "(author = '' OR author = '匿名' OR author LIKE '%*%' OR author LIKE '%＊%')"
            total = anonymous = 0
            channels: dict[str, int] = {}
            days: dict[str, int] = {}
            for channel, day, is_masked, n in q(text(
                f"SELECT channel, SUBSTR(submitted_at, 1, 10), CASE WHEN {masked} THEN 1 ELSE 0 END, COUNT(*) "
                "FROM consult_comments WHERE review = :r GROUP BY 1, 2, 3"), p):  # fmt: skip
                n = int(n)
                total += n
                anonymous += n if is_masked else 0
                channels[str(channel)] = channels.get(str(channel), 0) + n
                days[str(day) if day else ""] = days.get(str(day) if day else "", 0) + n
            by_channel = dict(sorted(channels.items(), key=lambda kv: (-kv[1], kv[0])))
            by_day = dict(sorted(days.items()))
            named = int(q(text(f"SELECT COUNT(DISTINCT author) FROM consult_comments WHERE review = :r AND NOT {masked}"), p).scalar_one())
            units_count: dict[str, int] = {}
            by_how: dict[str, int] = {}
            for units, how, n in q(text("SELECT units, how, COUNT(*) FROM consult_results WHERE review = :r GROUP BY units, how"), p):
                units_count[str(units)] = units_count.get(str(units), 0) + int(n)
                by_how[str(how)] = by_how.get(str(how), 0) + int(n)
            by_units = list(units_count.items())
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

    def __init__(self, store: ConsultStore, conn: Connection, review: str, source: str, review_id: int | None = None) -> None:
        self.store = store
        self.review_id = review_id
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
        if not q(reviews.select().where(reviews.c.review == self.review)).first():
            q(reviews.insert().values(review=self.review, review_id=self.review_id, draft="", draft_title="", stale=True))
        elif staged - same or self.rejected:
            q(reviews.update().where(reviews.c.review == self.review).values(stale=True, stats=None))
        c("DROP TABLE consult_stage")
        return ImportCounts(
            read=staged + repeated + len(conflicting), new=staged - known, updated=known - same, unchanged=same,
            repeated=repeated, rejected=self.rejected,
        )  # fmt: skip

