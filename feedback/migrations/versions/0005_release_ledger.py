"""Release ledger: every set of numbers about young people released, to check new papers against.

Revision ID: 0005_release_ledger
Revises: 0004_queue_claims
Create Date: 2026-12-05 10:00:00.000000

Papers approved before this revision are not in the ledger; re-approving or
re-exporting them records them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_release_ledger"
down_revision: str | None = "0004_queue_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disclosure_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("numbers_json", sa.Text(), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=False),
        sa.Column("released_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["paper_id"], ["board_paper.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disclosure_release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_release_digest"), ["digest"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disclosure_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_release_digest"))
    op.drop_table("disclosure_release")
