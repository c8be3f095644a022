"""Staff security: a session generation per account, TOTP second factor, repeated alerts grouped.

Revision ID: 0003_staff_security
Revises: 0002_alert_triage
Create Date: 2026-12-05 09:00:00.000000

Existing accounts start at generation 0 with no second factor (their next
sign-in asks a safeguarding lead or admin to enrol one), and existing alerts
have no repeats.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_staff_security"
down_revision: str | None = "0002_alert_triage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("totp_secret_sealed", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("repeats", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch_op.add_column(sa.Column("repeated_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("repeated_at")
        batch_op.drop_column("repeats")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        for name in (
            "password_changed_at",
            "totp_last_step",
            "totp_enabled_at",
            "totp_secret_sealed",
            "session_generation",
        ):
            batch_op.drop_column(name)
