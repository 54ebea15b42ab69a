"""the printed copy (PDF) of an uploaded draft

Revision ID: 0002_printed
Revises: 0001_desk
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_printed"
down_revision = "0001_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("printed_blob", sa.String(length=64), nullable=True))
        batch.create_foreign_key(op.f("fk_versions_printed_blob_blobs"), "blobs", ["printed_blob"], ["sha256"])


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_constraint(op.f("fk_versions_printed_blob_blobs"), type_="foreignkey")
        batch.drop_column("printed_blob")
