"""Theme corrections: the themes workers give texts, kept to retrain the theme model.

Revision ID: 0006_theme_corrections
Revises: 0005_release_ledger
Create Date: 2026-12-05 11:00:00.000000

Issues tagged before this revision have no correction row; tagging them
again records one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_theme_corrections"
down_revision: str | None = "0005_release_ledger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "theme_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("automatic_json", sa.String(length=200), nullable=False),
        sa.Column("themes_json", sa.String(length=200), nullable=False),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "source_id"),
    )
    with op.batch_alter_table("theme_correction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_correction_corrected_at"), ["corrected_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("theme_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_correction_corrected_at"))
    op.drop_table("theme_correction")
