"""Tables of the review desk (issue 8). SQL Core tables on :data:`caina.store.schema.metadata`.

Every row that people change concurrently carries ``version`` (optimistic locking:
an UPDATE names the version it read; none updated → HTTP 409). ``audit_events`` is
append-only (triggers refuse UPDATE and DELETE, see the migration).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from caina.store.schema import UtcDateTime, metadata

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False, server_default=""),
    Column("password_hash", String(200), nullable=False),
    Column("is_admin", Boolean, nullable=False, server_default="0"),
    Column("disabled", Boolean, nullable=False, server_default="0"),
    Column("created_at", UtcDateTime, nullable=False),
)

app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the cookie's token
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False),  # "user:NAME" or "ip:ADDRESS"
    Column("at", UtcDateTime, nullable=False),
    Index("ix_login_failures_key_at", "key", "at"),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(500), nullable=False),
    Column("meta", JSON, nullable=False),  # review.yaml's review/report/office_edits sections
    Column("phase", String(20), nullable=False, server_default="preparing"),  # preparing | open | closed
    Column("deadline", UtcDateTime, nullable=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("opinion_seq", Integer, nullable=False, server_default="0"),  # last opinion number given out
)

proposers = Table(
    "proposers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("key", String(200), nullable=False),  # review.yaml's proposer id
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),  # unit | leader | person
    Column("aliases", JSON, nullable=False),
    UniqueConstraint("review_id", "name", name="uq_proposers_review_name"),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("role", String(20), nullable=False),  # owner | reviewer | recorder | reader
    Column("proposer_id", Integer, ForeignKey("proposers.id"), nullable=True),  # a reviewer's unit
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("review_id", "user_id", name="uq_members_review_user"),
)

invites = Table(
    "invites",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("proposer_id", Integer, ForeignKey("proposers.id"), nullable=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("used_at", UtcDateTime, nullable=True),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(20), nullable=False),  # upload (a 送审稿: the base) | revision (edits applied)
    Column("base_number", Integer, nullable=False),  # the upload a revision was made from (itself for an upload)
    Column("blob", String(64), ForeignKey("blobs.sha256"), nullable=False),
    Column("filename", String(50), nullable=False),  # draft.docx / draft.txt / draft.md: never a user's name
    Column("original_name", String(300), nullable=False, server_default=""),  # shown only
    Column("applied", JSON, nullable=False),  # edit keys a revision applied
    Column("note", Text, nullable=False, server_default=""),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("review_id", "number", name="uq_versions_review_number"),
)

opinions = Table(
    "opinions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("proposer_id", Integer, ForeignKey("proposers.id"), nullable=False, index=True),
    Column("author_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("recorded", Boolean, nullable=False, server_default="0"),  # 记录员代录
    Column("text", Text, nullable=False),
    Column("proposed", Text, nullable=False, server_default=""),  # 建议修改为
    Column("target_kind", String(20), nullable=False),  # quote | whole | article | part
    Column("target_ref", String(200), nullable=False, server_default=""),  # 第八条第一款 / 附件1
    Column("quote", Text, nullable=False, server_default=""),
    Column("prefix", Text, nullable=False, server_default=""),
    Column("suffix", Text, nullable=False, server_default=""),
    Column("part_id", String(20), nullable=False, server_default=""),
    Column("block_index", Integer, nullable=False, server_default="0"),
    Column("start_offset", Integer, nullable=False, server_default="0"),
    Column("extra_targets", JSON, nullable=True),  # review.yaml targets after the first (imported opinions)
    Column("anchor_version", Integer, nullable=False, server_default="1"),
    Column("anchor_status", String(20), nullable=False, server_default="none"),  # anchored | orphaned | none
    Column("status", String(20), nullable=False, server_default="active"),  # active | withdrawn
    Column("disposition", String(30), nullable=False, server_default="pending"),
    Column("reason", Text, nullable=False, server_default=""),
    Column("narrative", Text, nullable=False, server_default=""),
    Column("duplicate_of", Integer, ForeignKey("opinions.id"), nullable=True),
    Column("assignee_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("decided_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("source", String(300), nullable=False, server_default=""),
    Column("request_key", String(100), nullable=True),  # Idempotency-Key of the filing request
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("review_id", "number", name="uq_opinions_review_number"),
    UniqueConstraint("review_id", "request_key", name="uq_opinions_review_request_key"),
)

edits = Table(
    "edits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("key", String(100), nullable=False),  # review.yaml's edit id
    Column("changes", JSON, nullable=False),  # review.yaml's changes, one mapping each
    Column("intro", Text, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("reason", Text, nullable=False, server_default=""),
    Column("summary", Text, nullable=False, server_default=""),
    Column("as_proposed", Boolean, nullable=False, server_default="0"),
    Column("office", Boolean, nullable=False, server_default="0"),  # the drafting office's own edit
    Column("status", String(20), nullable=False, server_default="active"),  # active | deleted
    Column("created_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("review_id", "key", name="uq_edits_review_key"),
)

opinion_edits = Table(
    "opinion_edits",
    metadata,
    Column("opinion_id", Integer, ForeignKey("opinions.id", ondelete="CASCADE"), primary_key=True),
    Column("edit_id", Integer, ForeignKey("edits.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, nullable=False, server_default="0"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, nullable=True, index=True),  # no FK: the log outlives what it describes
    Column("at", UtcDateTime, nullable=False),
    Column("actor_id", Integer, nullable=True),
    Column("actor", String(200), nullable=False, server_default=""),
    Column("action", String(50), nullable=False),
    Column("item_type", String(30), nullable=False),
    Column("item_id", Integer, nullable=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Index("ix_audit_events_item", "item_type", "item_id"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("params", JSON, nullable=False),
    Column("state_key", String(64), nullable=False, server_default=""),  # what the result was computed from
    Column("status", String(20), nullable=False, server_default="queued"),  # queued | running | done | failed
    Column("progress", Integer, nullable=False, server_default="0"),
    Column("message", Text, nullable=False, server_default=""),
    Column("result_blob", String(64), ForeignKey("blobs.sha256"), nullable=True),
    Column("result_name", String(200), nullable=False, server_default=""),
    Column("error", Text, nullable=False, server_default=""),
    Column("worker", String(100), nullable=False, server_default=""),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("started_at", UtcDateTime, nullable=True),
    Column("finished_at", UtcDateTime, nullable=True),
)

__all__ = [
    "users",
    "app_secrets",
    "sessions",
    "login_failures",
    "blobs",
    "reviews",
    "proposers",
    "members",
    "invites",
    "versions",
    "opinions",
    "edits",
    "opinion_edits",
    "audit_events",
    "jobs",
]
