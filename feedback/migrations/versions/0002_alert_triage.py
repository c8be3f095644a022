"""Alert triage: the risk check's reasons, the answers to the safety questions, "not a concern".

Revision ID: 0002_alert_triage
Revises: 0001_baseline
Create Date: 2026-11-27 10:00:00.000000

Existing alerts get no reasons (``[]``) and no answers: they were raised
before Heard asked anything.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_alert_triage"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STAMPS = (
    "raised_at",
    "check_asked_at",
    "check_answered_at",
    "contact_asked_at",
    "contact_answered_at",
    "dismissed_at",
)


def upgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reasons", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        for name in _STAMPS:
            batch_op.add_column(sa.Column(name, sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("check_answer", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("check_reply_sealed", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("contact_wanted", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("dismissed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("dismissed_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            "fk_alert_dismissed_by_staff_user", "staff_user", ["dismissed_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_constraint("fk_alert_dismissed_by_staff_user", type_="foreignkey")
        for name in (
            "dismissed_reason",
            "dismissed_by",
            "contact_wanted",
            "check_reply_sealed",
            "check_answer",
        ):
            batch_op.drop_column(name)
        for name in reversed(_STAMPS):
            batch_op.drop_column(name)
        batch_op.drop_column("reasons")
