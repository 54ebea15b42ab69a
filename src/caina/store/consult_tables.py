"""Tables of public consultations (公开征求意见, issue 9) on the store's one :data:`metadata`.

Created and changed only by the Alembic chain (revision ``0003_consult``, after the desk's); the throw-away
SQLite file of ``caina consult run`` is made with ``create_all`` of the same metadata (the same tables, see
:func:`caina.store.consult.open_store`). Every table is keyed by ``review``: the consultation's name.

- ``consult_reviews`` — one row per consultation: the desk review it belongs to (``review_id``, at most one
  consultation per review), the draft it was analysed against and the order of that draft's units, counts of
  that analysis, ``stale`` (comments imported since), and a cache of its statistics (``stats``);
- ``consult_comments`` — one row per comment; ``(review, comment_id)`` unique; ``seq`` is the import order;
- ``consult_rejects`` — rows set aside at import, with file, row number, column and reason;
- ``consult_results`` — per comment: its group, the units it is about ("第十条、第十一条", 总体) and how;
- ``consult_groups`` — per group: size, kind (single, duplicate, campaign), representative comment, units;
- ``consult_decisions`` — the drafting office's decision on a group (采纳情况 and 理由). A decision is tied to
  the group's representative comment (``anchor_seq``), not to the group's number: a new analysis renumbers
  groups, and the decision follows the comment into its new group.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from caina.store.schema import UtcDateTime, metadata

reviews = Table(
    "consult_reviews",
    metadata,
    Column("review", String(200), primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="SET NULL"), nullable=True),
    Column("draft", String(1000), nullable=False, default=""),
    Column("draft_title", String(1000), nullable=False, default=""),
    Column("unit_order", JSON, nullable=True),  # the draft's unit labels in order (第一条 … 附件2)
    Column("analysed_at", DateTime),
    Column("analysed_comments", Integer),
    Column("distinct_texts", Integer),
    Column("stale", Boolean, nullable=False, default=True),
    Column("stats", JSON, nullable=True),  # the stats of the last analysis, computed once (web pages, reports)
    UniqueConstraint("review_id", name="uq_consult_reviews_review_id"),
)

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
# a group's comments in import order (the web page pages through a group of a million)
Index("ix_consult_results_group", results.c.review, results.c.group_no, results.c.seq)

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

decisions = Table(
    "consult_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review", String(200), nullable=False),
    Column("anchor_seq", Integer, ForeignKey("consult_comments.seq", ondelete="CASCADE"), nullable=False),
    Column("disposition", String(30), nullable=False),  # adopted … referred, or duplicate
    Column("reason", Text, nullable=False, server_default=""),
    Column("duplicate_of_seq", Integer, nullable=True),  # duplicate: the anchor of the group it repeats
    Column("decided_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("decided_by_name", String(200), nullable=False, server_default=""),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("review", "anchor_seq", name="uq_consult_decisions_review_anchor"),
)

__all__ = ["reviews", "comments", "rejects", "results", "groups", "decisions"]
