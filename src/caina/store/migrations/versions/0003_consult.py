"""public consultations: comments, rejects, results, groups, decisions; a consultation belongs to a review

Revision ID: 0003_consult
Revises: 0002_printed
Create Date: 2026-12-03

Databases written by caina's first consultation commands (which made these tables with ``create_all``, without
Alembic) are taken over: existing ``consult_*`` tables keep their rows and get the new columns and indexes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import caina.store.schema

revision = "0003_consult"
down_revision = "0002_printed"
branch_labels = None
depends_on = None


def _has(table: str) -> bool:
    return sa.inspect(op.get_bind()).has_table(table)


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def _indexes(table: str) -> set[str]:
    return {str(i["name"]) for i in sa.inspect(op.get_bind()).get_indexes(table)}


def upgrade() -> None:
    if not _has("consult_reviews"):
        op.create_table(
            "consult_reviews",
            sa.Column("review", sa.String(length=200), nullable=False),
            sa.Column("review_id", sa.Integer(), nullable=True),
            sa.Column("draft", sa.String(length=1000), nullable=False),
            sa.Column("draft_title", sa.String(length=1000), nullable=False),
            sa.Column("unit_order", sa.JSON(), nullable=True),
            sa.Column("analysed_at", sa.DateTime(), nullable=True),
            sa.Column("analysed_comments", sa.Integer(), nullable=True),
            sa.Column("distinct_texts", sa.Integer(), nullable=True),
            sa.Column("stale", sa.Boolean(), nullable=False),
            sa.Column("stats", sa.JSON(), nullable=True),
            sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_consult_reviews_review_id_reviews"),
                                    ondelete="SET NULL"),
            sa.PrimaryKeyConstraint("review", name=op.f("pk_consult_reviews")),
            sa.UniqueConstraint("review_id", name="uq_consult_reviews_review_id"),
        )
    else:  # made by create_all before this revision
        have = _columns("consult_reviews")
        with op.batch_alter_table("consult_reviews") as batch:
            if "review_id" not in have:
                batch.add_column(sa.Column("review_id", sa.Integer(), nullable=True))
                batch.create_foreign_key(op.f("fk_consult_reviews_review_id_reviews"), "reviews", ["review_id"], ["id"],
                                         ondelete="SET NULL")  # fmt: skip
                batch.create_unique_constraint("uq_consult_reviews_review_id", ["review_id"])
            for name in ("unit_order", "stats"):
                if name not in have:
                    batch.add_column(sa.Column(name, sa.JSON(), nullable=True))

    if not _has("consult_comments"):
        op.create_table(
            "consult_comments",
            sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("review", sa.String(length=200), nullable=False),
            sa.Column("comment_id", sa.String(length=100), nullable=False),
            sa.Column("submitted_at", sa.String(length=19), nullable=True),
            sa.Column("author", sa.String(length=1000), nullable=False),
            sa.Column("channel", sa.String(length=1000), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("clause", sa.String(length=1000), nullable=False),
            sa.Column("source", sa.String(length=500), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=True),
            sa.PrimaryKeyConstraint("seq", name=op.f("pk_consult_comments")),
            sa.UniqueConstraint("review", "comment_id", name="uq_consult_comments_review_id"),
        )
        op.create_index("ix_consult_comments_review_seq", "consult_comments", ["review", "seq"], unique=False)

    if not _has("consult_rejects"):
        op.create_table(
            "consult_rejects",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("review", sa.String(length=200), nullable=False),
            sa.Column("source", sa.String(length=500), nullable=False),
            sa.Column("source_row", sa.Integer(), nullable=False),
            sa.Column("column_name", sa.String(length=200), nullable=False),
            sa.Column("problem", sa.Text(), nullable=False),
            sa.Column("raw", sa.Text(), nullable=False),
            sa.Column("imported_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_rejects")),
        )
        op.create_index(op.f("ix_consult_rejects_review"), "consult_rejects", ["review"], unique=False)

    if not _has("consult_results"):
        op.create_table(
            "consult_results",
            sa.Column("review", sa.String(length=200), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("comment_id", sa.String(length=100), nullable=False),
            sa.Column("group_no", sa.Integer(), nullable=False),
            sa.Column("units", sa.String(length=2000), nullable=False),
            sa.Column("how", sa.String(length=8), nullable=False),
            sa.PrimaryKeyConstraint("review", "seq", name=op.f("pk_consult_results")),
        )
    if "ix_consult_results_group" not in _indexes("consult_results"):
        op.create_index("ix_consult_results_group", "consult_results", ["review", "group_no", "seq"], unique=False)

    if not _has("consult_groups"):
        op.create_table(
            "consult_groups",
            sa.Column("review", sa.String(length=200), nullable=False),
            sa.Column("group_no", sa.Integer(), nullable=False),
            sa.Column("size", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=10), nullable=False),
            sa.Column("representative_seq", sa.Integer(), nullable=False),
            sa.Column("units", sa.String(length=2000), nullable=False),
            sa.PrimaryKeyConstraint("review", "group_no", name=op.f("pk_consult_groups")),
        )

    op.create_table(
        "consult_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review", sa.String(length=200), nullable=False),
        sa.Column("anchor_seq", sa.Integer(), nullable=False),
        sa.Column("disposition", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("duplicate_of_seq", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_by_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("decided_at", caina.store.schema.UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["anchor_seq"], ["consult_comments.seq"],
                                name=op.f("fk_consult_decisions_anchor_seq_consult_comments"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_consult_decisions_decided_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_decisions")),
        sa.UniqueConstraint("review", "anchor_seq", name="uq_consult_decisions_review_anchor"),
    )


def downgrade() -> None:
    op.drop_table("consult_decisions")
    op.drop_index("ix_consult_results_group", table_name="consult_results")
    op.drop_table("consult_groups")
    op.drop_table("consult_results")
    op.drop_index(op.f("ix_consult_rejects_review"), table_name="consult_rejects")
    op.drop_table("consult_rejects")
    op.drop_index("ix_consult_comments_review_seq", table_name="consult_comments")
    op.drop_table("consult_comments")
    op.drop_table("consult_reviews")
