"""Every SQL statement of the review desk. Services call these functions; nothing else builds SQL.

Rows come back as plain dicts. Writes take the connection of a transaction opened
with :meth:`caina.store.Store.write`, so one service call is one transaction.

The statements of the hot paths — the session lookup, membership, versions, filing an opinion, the
opinions of a page — are built once, at import, with bound parameters (``bindparam``): building a
statement and computing its cache key cost more than running it (bench/desk_cpu.py), and a statement
object that is reused keeps its cache key, so SQLAlchemy finds the compiled SQL at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from caina.store.desk import (
    app_secrets,
    audit_events,
    blobs,
    edits,
    invites,
    jobs,
    login_failures,
    members,
    opinion_edits,
    opinions,
    proposers,
    reviews,
    sessions,
    users,
    versions,
)
from caina.store.schema import now

Row = dict[str, Any]


def _one(conn: Connection, stmt: Any, params: Mapping[str, Any] | None = None) -> Row | None:
    row = conn.execute(stmt, params).mappings().first()
    return dict(row) if row is not None else None


def _all(conn: Connection, stmt: Any, params: Mapping[str, Any] | None = None) -> list[Row]:
    return [dict(r) for r in conn.execute(stmt, params).mappings()]


_INSERTS: dict[str, Any] = {}


def _insert(conn: Connection, table: Table, values: Mapping[str, Any]) -> int:
    """INSERT one row and return its id. The values go as parameters of one prebuilt statement per table
    (SQLAlchemy compiles it once per set of columns), not into a new statement each time."""
    stmt = _INSERTS.get(table.name)
    if stmt is None:
        stmt = _INSERTS[table.name] = insert(table).returning(table.c.id)
    return int(conn.execute(stmt, dict(values)).scalar_one())


# -- users, secrets, sessions, throttling -------------------------------------------------


def user_by_name(conn: Connection, username: str) -> Row | None:
    return _one(conn, select(users).where(users.c.username == username))


def user_by_id(conn: Connection, user_id: int) -> Row | None:
    return _one(conn, select(users).where(users.c.id == user_id))


def all_users(conn: Connection) -> list[Row]:
    return _all(conn, select(users).order_by(users.c.id))


def add_user(conn: Connection, username: str, display_name: str, password_hash: str, is_admin: bool) -> int:
    return _insert(
        conn,
        users,
        {
            "username": username,
            "display_name": display_name,
            "password_hash": password_hash,
            "is_admin": is_admin,
            "created_at": now(),
        },
    )


def set_password_hash(conn: Connection, user_id: int, password_hash: str) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))


def secret(conn: Connection, name: str, make: str) -> str:
    """The named secret; ``make`` is stored first when there is none (the first process to ask wins)."""
    row = _one(conn, select(app_secrets).where(app_secrets.c.name == name))
    if row is not None:
        return str(row["value"])
    try:
        with conn.begin_nested():
            conn.execute(insert(app_secrets).values(name=name, value=make))
    except IntegrityError:
        pass
    row = _one(conn, select(app_secrets).where(app_secrets.c.name == name))
    assert row is not None
    return str(row["value"])


def add_session(conn: Connection, session_id: str, user_id: int, csrf: str, expires_at: dt.datetime) -> None:
    conn.execute(
        insert(sessions).values(id=session_id, user_id=user_id, csrf=csrf, created_at=now(), expires_at=expires_at)
    )


_SESSION_USER = (
    select(
        sessions.c.csrf,
        sessions.c.expires_at,
        users.c.id,
        users.c.username,
        users.c.display_name,
        users.c.is_admin,
        users.c.disabled,
    )
    .join(users, users.c.id == sessions.c.user_id)
    .where(sessions.c.id == bindparam("session_id"))
)


def session_user(conn: Connection, session_id: str) -> Row | None:
    """The session and its user (``csrf``, ``expires_at`` and the user's ``id``, ``username``, ``display_name``,
    ``is_admin``, ``disabled`` — not the password hash, which a request never needs), if it exists."""
    return _one(conn, _SESSION_USER, {"session_id": session_id})


def drop_session(conn: Connection, session_id: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.id == session_id))


def drop_expired_sessions(conn: Connection) -> None:
    conn.execute(delete(sessions).where(sessions.c.expires_at < now()))


def add_login_failure(conn: Connection, keys: Iterable[str]) -> None:
    at = now()
    for key in keys:
        conn.execute(insert(login_failures).values(key=key, at=at))


def login_failures_since(conn: Connection, key: str, since: dt.datetime) -> tuple[int, dt.datetime | None]:
    """How many failures ``key`` had since ``since``, and the oldest of them."""
    row = conn.execute(
        select(func.count(), func.min(login_failures.c.at)).where(
            login_failures.c.key == key, login_failures.c.at >= since
        )
    ).one()
    oldest = row[1]
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return int(row[0]), oldest


def clear_login_failures(conn: Connection, key: str) -> None:
    conn.execute(delete(login_failures).where(login_failures.c.key == key))


# -- blobs -------------------------------------------------------------------------------


def put_blob(conn: Connection, data: bytes) -> str:
    """Store ``data`` by its SHA-256 (once) and return the checksum."""
    sha = hashlib.sha256(data).hexdigest()
    if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha)).first() is None:
        try:
            with conn.begin_nested():
                conn.execute(insert(blobs).values(sha256=sha, size=len(data), data=data, created_at=now()))
        except IntegrityError:
            pass  # stored by a concurrent transaction
    return sha


def get_blob(conn: Connection, sha: str) -> bytes | None:
    row = conn.execute(select(blobs.c.data).where(blobs.c.sha256 == sha)).first()
    return bytes(row[0]) if row is not None else None


def blob_checksums(conn: Connection) -> list[tuple[str, bytes]]:
    return [(r[0], bytes(r[1])) for r in conn.execute(select(blobs.c.sha256, blobs.c.data))]


# -- reviews, proposers, members, invites -------------------------------------------------


def add_review(conn: Connection, title: str, meta: dict[str, Any], created_by: int | None) -> int:
    return _insert(conn, reviews, {"title": title, "meta": meta, "created_by": created_by, "created_at": now()})


_REVIEW = select(reviews).where(reviews.c.id == bindparam("review_id"))


def review(conn: Connection, review_id: int) -> Row | None:
    return _one(conn, _REVIEW, {"review_id": review_id})


def reviews_of(conn: Connection, user_id: int) -> list[Row]:
    stmt = (
        select(reviews, members.c.role)
        .join(members, members.c.review_id == reviews.c.id)
        .where(members.c.user_id == user_id)
        .order_by(reviews.c.id.desc())
    )
    return _all(conn, stmt)


def update_review(conn: Connection, review_id: int, version: int | None = None, **values: Any) -> bool:
    """Update a review (optimistically when ``version`` is given); False when the version was stale."""
    stmt = update(reviews).where(reviews.c.id == review_id)
    if version is not None:
        stmt = stmt.where(reviews.c.version == version)
    result = conn.execute(stmt.values(version=reviews.c.version + 1, **values))
    return result.rowcount == 1


_NEXT_NUMBER = (
    update(reviews)
    .where(reviews.c.id == bindparam("review_id"))
    .values(opinion_seq=reviews.c.opinion_seq + 1)
    .returning(reviews.c.opinion_seq, reviews.c.phase, reviews.c.deadline)
)


def take_opinion_number(conn: Connection, review_id: int) -> Row:
    """The next opinion number of a review (``opinion_seq``) with the review's ``phase`` and ``deadline`` as
    they are now. The UPDATE locks the review row until the transaction ends: numbers are never given twice,
    and the phase read here cannot change before the opinion is committed (closing the phase waits)."""
    row = _one(conn, _NEXT_NUMBER, {"review_id": review_id})
    assert row is not None
    return row


def next_opinion_number(conn: Connection, review_id: int) -> int:
    """The next opinion number of a review. The UPDATE locks the review row: numbers are never given twice."""
    return int(take_opinion_number(conn, review_id)["opinion_seq"])


def add_proposer(conn: Connection, review_id: int, key: str, name: str, kind: str, aliases: list[str]) -> int:
    return _insert(
        conn, proposers, {"review_id": review_id, "key": key, "name": name, "kind": kind, "aliases": aliases}
    )


def proposers_of(conn: Connection, review_id: int) -> list[Row]:
    return _all(conn, select(proposers).where(proposers.c.review_id == review_id).order_by(proposers.c.id))


def proposer(conn: Connection, proposer_id: int) -> Row | None:
    return _one(conn, select(proposers).where(proposers.c.id == proposer_id))


def add_member(conn: Connection, review_id: int, user_id: int, role: str, proposer_id: int | None) -> int:
    return _insert(
        conn,
        members,
        {"review_id": review_id, "user_id": user_id, "role": role, "proposer_id": proposer_id, "created_at": now()},
    )


_BASE = versions.alias("base")
_BASE_ID = (  # the base version: the newest upload of the member's review
    select(versions.c.id)
    .where(versions.c.review_id == members.c.review_id, versions.c.kind == "upload")
    .order_by(versions.c.number.desc())
    .limit(1)
    .scalar_subquery()
)
BASE_COLUMNS = ("id", "number", "kind", "base_number", "filename", "blob", "printed_blob")
_MEMBER = (
    select(
        members,
        proposers.c.name.label("unit"),
        proposers.c.kind.label("proposer_kind"),
        reviews.c.title.label("review_title"),
        reviews.c.phase.label("review_phase"),
        reviews.c.deadline.label("review_deadline"),
        *(_BASE.c[name].label(f"base__{name}") for name in BASE_COLUMNS),
    )
    .join(reviews, reviews.c.id == members.c.review_id)
    .outerjoin(proposers, proposers.c.id == members.c.proposer_id)
    .outerjoin(_BASE, _BASE.c.id == _BASE_ID)
    .where(members.c.review_id == bindparam("review_id"), members.c.user_id == bindparam("user_id"))
)


def member(conn: Connection, review_id: int, user_id: int) -> Row | None:
    """A user's membership of a review, with its unit (``unit``, ``proposer_kind``), the review's
    ``review_title``, ``review_phase`` and ``review_deadline``, and the base version's row as ``base__*``
    (the columns of :func:`base_version`; None without a draft) — one query for what every request checks and
    most requests then read."""
    return _one(conn, _MEMBER, {"review_id": review_id, "user_id": user_id})


def member_by_id(conn: Connection, member_id: int) -> Row | None:
    return _one(conn, select(members).where(members.c.id == member_id))


def members_of(conn: Connection, review_id: int) -> list[Row]:
    stmt = (
        select(members, users.c.username, users.c.display_name, proposers.c.name.label("unit"))
        .join(users, users.c.id == members.c.user_id)
        .outerjoin(proposers, proposers.c.id == members.c.proposer_id)
        .where(members.c.review_id == review_id)
        .order_by(members.c.id)
    )
    return _all(conn, stmt)


def update_member(conn: Connection, member_id: int, **values: Any) -> None:
    conn.execute(update(members).where(members.c.id == member_id).values(**values))


def drop_member(conn: Connection, member_id: int) -> None:
    conn.execute(delete(members).where(members.c.id == member_id))


def add_invite(
    conn: Connection, review_id: int, token_hash: str, role: str, proposer_id: int | None, by: int, expires: dt.datetime
) -> int:
    return _insert(
        conn,
        invites,
        {
            "review_id": review_id,
            "token_hash": token_hash,
            "role": role,
            "proposer_id": proposer_id,
            "created_by": by,
            "created_at": now(),
            "expires_at": expires,
        },
    )


def invite(conn: Connection, token_hash: str) -> Row | None:
    return _one(conn, select(invites).where(invites.c.token_hash == token_hash))


def use_invite(conn: Connection, invite_id: int, user_id: int) -> bool:
    """Mark an invite used; False when it was used already (one-time links)."""
    result = conn.execute(
        update(invites)
        .where(invites.c.id == invite_id, invites.c.used_at.is_(None))
        .values(used_by=user_id, used_at=now())
    )
    return result.rowcount == 1


# -- versions ----------------------------------------------------------------------------


def add_version(conn: Connection, review_id: int, **values: Any) -> Row:
    number = int(
        conn.execute(select(func.coalesce(func.max(versions.c.number), 0)).where(versions.c.review_id == review_id))
        .scalar_one()
    ) + 1
    if values.get("kind") == "upload":
        values["base_number"] = number
    vid = _insert(conn, versions, {"review_id": review_id, "number": number, "created_at": now(), **values})
    row = _one(conn, select(versions).where(versions.c.id == vid))
    assert row is not None
    return row


def versions_of(conn: Connection, review_id: int) -> list[Row]:
    return _all(conn, select(versions).where(versions.c.review_id == review_id).order_by(versions.c.number))


def set_printed(conn: Connection, version_id: int, sha: str | None) -> None:
    """Attach (or, with None, detach) the printed copy of an uploaded version."""
    conn.execute(update(versions).where(versions.c.id == version_id).values(printed_blob=sha))


_VERSION = select(versions).where(versions.c.review_id == bindparam("review_id"), versions.c.number == bindparam("number"))
_BASE_VERSION = (
    select(versions)
    .where(versions.c.review_id == bindparam("review_id"), versions.c.kind == "upload")
    .order_by(versions.c.number.desc())
    .limit(1)
)


def version(conn: Connection, review_id: int, number: int) -> Row | None:
    return _one(conn, _VERSION, {"review_id": review_id, "number": number})


def base_version(conn: Connection, review_id: int) -> Row | None:
    """The newest uploaded draft (送审稿): what opinions, edits and the report refer to."""
    return _one(conn, _BASE_VERSION, {"review_id": review_id})


def latest_version(conn: Connection, review_id: int) -> Row | None:
    stmt = select(versions).where(versions.c.review_id == review_id).order_by(versions.c.number.desc()).limit(1)
    return _one(conn, stmt)


# -- opinions ----------------------------------------------------------------------------

_OPINION_COLUMNS = (opinions, proposers.c.name.label("unit"), proposers.c.kind.label("proposer_kind"))


def _opinions() -> Any:
    return select(*_OPINION_COLUMNS).join(proposers, proposers.c.id == opinions.c.proposer_id)


def add_opinion(conn: Connection, values: Mapping[str, Any]) -> int:
    stamp = now()
    return _insert(conn, opinions, {"created_at": stamp, "updated_at": stamp, **values})


_INSERT_OPINION = insert(opinions).returning(*opinions.c)
_NUMBERED_INSERTS: dict[tuple[str, ...], Any] = {}


def insert_numbered_opinion(conn: Connection, values: Mapping[str, Any]) -> Row:
    """Take the review's next opinion number and INSERT the opinion under it; return the stored row (every
    column) with the review's phase and deadline as read under the review row's lock (``review_phase``,
    ``review_deadline``). The number is taken with an UPDATE of the review row, which stays locked until the
    transaction ends: numbers are never given twice, and the phase read here cannot change before the opinion
    is committed (closing the phase waits for it).

    PostgreSQL: one statement and one round trip (a data-modifying WITH, built once per set of columns);
    SQLite, where a WITH cannot hold an UPDATE (and a round trip is a function call): the two statements."""
    stamp = now()
    values = {"created_at": stamp, "updated_at": stamp, **values}
    if conn.dialect.name != "postgresql":
        seq = take_opinion_number(conn, int(values["review_id"]))
        row = dict(conn.execute(_INSERT_OPINION, {**values, "number": seq["opinion_seq"]}).mappings().one())
        row["review_phase"], row["review_deadline"] = seq["phase"], seq["deadline"]
        return row
    columns = tuple(sorted(k for k in values if k not in ("review_id", "number")))
    stmt = _NUMBERED_INSERTS.get(columns)
    if stmt is None:
        numbered = (
            update(reviews)
            .where(reviews.c.id == bindparam("review_id"))
            .values(opinion_seq=reviews.c.opinion_seq + 1)
            .returning(reviews.c.id, reviews.c.opinion_seq, reviews.c.phase, reviews.c.deadline)
            .cte("numbered")
        )
        chosen = select(numbered.c.id, numbered.c.opinion_seq, *(bindparam(f"v_{k}", type_=opinions.c[k].type) for k in columns))
        stmt = _NUMBERED_INSERTS[columns] = (
            insert(opinions)
            .from_select(["review_id", "number", *columns], chosen)
            .returning(
                *opinions.c,
                select(numbered.c.phase).scalar_subquery().label("review_phase"),
                select(numbered.c.deadline).scalar_subquery().label("review_deadline"),
            )
            .add_cte(numbered)
        )
    params = {f"v_{k}": values[k] for k in columns}  # named apart: a parameter named as a column of reviews
    params["review_id"] = values["review_id"]  # (created_at …) would be taken as a SET of the UPDATE
    found = conn.execute(stmt, params).mappings().first()
    if found is None:
        raise LookupError(f"review {values['review_id']} does not exist")
    return dict(found)


_OPINION = _opinions().where(opinions.c.id == bindparam("opinion_id"))
_OPINION_BY_KEY = _opinions().where(opinions.c.review_id == bindparam("review_id"), opinions.c.request_key == bindparam("key"))


def opinion(conn: Connection, opinion_id: int) -> Row | None:
    return _one(conn, _OPINION, {"opinion_id": opinion_id})


def opinion_by_request_key(conn: Connection, review_id: int, key: str) -> Row | None:
    return _one(conn, _OPINION_BY_KEY, {"review_id": review_id, "key": key})


def _opinions_stmt(proposer: bool, author: bool, leaders: bool, on_blocks: bool) -> Any:
    stmt = _opinions().where(opinions.c.review_id == bindparam("review_id"))
    if proposer:
        stmt = stmt.where(opinions.c.proposer_id == bindparam("proposer_id"))
    if author:
        cond = opinions.c.author_id == bindparam("author_id")
        stmt = stmt.where(or_(cond, proposers.c.kind == "leader") if leaders else cond)
    if on_blocks:
        stmt = stmt.where(
            opinions.c.status == "active",
            opinions.c.target_kind == "quote",
            opinions.c.anchor_status == "anchored",
            opinions.c.anchor_version == bindparam("version"),
            opinions.c.part_id == bindparam("part_id"),
            opinions.c.block_index.between(bindparam("first_block"), bindparam("last_block")),
        )
    return stmt.order_by(opinions.c.number)


# the few shapes of the opinion list, prebuilt: (by unit, by author, with leaders' opinions, on a range of blocks)
_OPINIONS_OF = {
    (p, a, lead, b): _opinions_stmt(p, a, lead, b)
    for p in (False, True)
    for a in (False, True)
    for lead in (False, True)
    for b in (False, True)
    if a or not lead
}


def opinions_of(conn: Connection, review_id: int, *, proposer_id: int | None = None, author_id: int | None = None,
                leaders: bool = False) -> list[Row]:  # fmt: skip
    """A review's opinions in number order; narrowed to one unit, or to an author's and leaders' (a recorder)."""
    params: dict[str, Any] = {"review_id": review_id, "proposer_id": proposer_id, "author_id": author_id}
    stmt = _OPINIONS_OF[(proposer_id is not None, author_id is not None, leaders and author_id is not None, False)]
    return _all(conn, stmt, {k: v for k, v in params.items() if v is not None})


def opinions_on_blocks(conn: Connection, review_id: int, version: int, part_id: str, first_block: int, last_block: int,
                       *, proposer_id: int | None = None, author_id: int | None = None,
                       leaders: bool = False) -> list[Row]:  # fmt: skip
    """The active opinions anchored on ``version`` whose quote starts in blocks ``first_block``…``last_block`` of
    a part (the blocks of a printed page), narrowed as :func:`opinions_of` narrows."""
    params: dict[str, Any] = {"review_id": review_id, "proposer_id": proposer_id, "author_id": author_id,
                              "version": version, "part_id": part_id, "first_block": first_block,
                              "last_block": last_block}  # fmt: skip
    stmt = _OPINIONS_OF[(proposer_id is not None, author_id is not None, leaders and author_id is not None, True)]
    return _all(conn, stmt, {k: v for k, v in params.items() if v is not None})


def update_opinion(conn: Connection, opinion_id: int, version: int | None, **values: Any) -> bool:
    """Update an opinion if it still has ``version`` (None: unconditionally); the version goes up by one."""
    stmt = update(opinions).where(opinions.c.id == opinion_id)
    if version is not None:
        stmt = stmt.where(opinions.c.version == version)
    result = conn.execute(stmt.values(version=opinions.c.version + 1, updated_at=now(), **values))
    return result.rowcount == 1


def count_opinions(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(opinions)).scalar_one())


# -- edits -------------------------------------------------------------------------------


def add_edit(conn: Connection, values: Mapping[str, Any]) -> int:
    stamp = now()
    return _insert(conn, edits, {"created_at": stamp, "updated_at": stamp, **values})


def edit(conn: Connection, edit_id: int) -> Row | None:
    return _one(conn, select(edits).where(edits.c.id == edit_id))


def edits_of(conn: Connection, review_id: int) -> list[Row]:
    stmt = select(edits).where(edits.c.review_id == review_id, edits.c.status == "active").order_by(edits.c.id)
    return _all(conn, stmt)


def update_edit(conn: Connection, edit_id: int, version: int | None, **values: Any) -> bool:
    stmt = update(edits).where(edits.c.id == edit_id)
    if version is not None:
        stmt = stmt.where(edits.c.version == version)
    result = conn.execute(stmt.values(version=edits.c.version + 1, updated_at=now(), **values))
    return result.rowcount == 1


def edit_key_taken(conn: Connection, review_id: int, key: str) -> bool:
    return conn.execute(select(edits.c.id).where(edits.c.review_id == review_id, edits.c.key == key)).first() is not None


def link_edit(conn: Connection, opinion_id: int, edit_id: int, seq: int) -> None:
    conn.execute(insert(opinion_edits).values(opinion_id=opinion_id, edit_id=edit_id, seq=seq))


def unlink_edit(conn: Connection, edit_id: int) -> None:
    conn.execute(delete(opinion_edits).where(opinion_edits.c.edit_id == edit_id))


def links_of(conn: Connection, review_id: int) -> list[Row]:
    """(opinion_id, edit_id, seq) of every link in a review, active edits only."""
    stmt = (
        select(opinion_edits)
        .join(edits, edits.c.id == opinion_edits.c.edit_id)
        .where(edits.c.review_id == review_id, edits.c.status == "active")
        .order_by(opinion_edits.c.opinion_id, opinion_edits.c.seq)
    )
    return _all(conn, stmt)


# -- audit -------------------------------------------------------------------------------


_ADD_EVENT = insert(audit_events)


def add_event(conn: Connection, values: Mapping[str, Any]) -> None:
    conn.execute(_ADD_EVENT, {"at": now(), **values})


def events(conn: Connection, review_id: int, item_type: str | None = None, item_id: int | None = None) -> list[Row]:
    stmt = select(audit_events).where(audit_events.c.review_id == review_id)
    if item_type is not None:
        stmt = stmt.where(audit_events.c.item_type == item_type)
    if item_id is not None:
        stmt = stmt.where(audit_events.c.item_id == item_id)
    return _all(conn, stmt.order_by(audit_events.c.id))


def count_events(conn: Connection, action: str) -> int:
    return int(conn.execute(select(func.count()).where(audit_events.c.action == action)).scalar_one())


# -- jobs --------------------------------------------------------------------------------


def add_job(conn: Connection, values: Mapping[str, Any]) -> int:
    return _insert(conn, jobs, {"created_at": now(), **values})


def job(conn: Connection, job_id: int) -> Row | None:
    return _one(conn, select(jobs).where(jobs.c.id == job_id))


def job_for_state(conn: Connection, review_id: int, kind: str, state_key: str) -> Row | None:
    """A job that computed (or is computing) ``kind`` from the same state: reuse it instead of starting another."""
    stmt = (
        select(jobs)
        .where(
            jobs.c.review_id == review_id,
            jobs.c.kind == kind,
            jobs.c.state_key == state_key,
            jobs.c.status.in_(("queued", "running", "done")),
        )
        .order_by(jobs.c.id.desc())
        .limit(1)
    )
    return _one(conn, stmt)


def claim_job(conn: Connection, worker: str, stale_before: dt.datetime) -> Row | None:
    """Take the oldest queued job (or one whose worker died: running since before ``stale_before``)."""
    candidates = conn.execute(
        select(jobs.c.id)
        .where(or_(jobs.c.status == "queued", and_(jobs.c.status == "running", jobs.c.started_at < stale_before)))
        .order_by(jobs.c.id)
        .limit(5)
    ).scalars()
    for job_id in list(candidates):
        result = conn.execute(
            update(jobs)
            .where(
                jobs.c.id == job_id,
                or_(jobs.c.status == "queued", and_(jobs.c.status == "running", jobs.c.started_at < stale_before)),
            )
            .values(status="running", worker=worker, started_at=now(), progress=0)
        )
        if result.rowcount == 1:
            return job(conn, job_id)
    return None


def update_job(conn: Connection, job_id: int, **values: Any) -> None:
    conn.execute(update(jobs).where(jobs.c.id == job_id).values(**values))

