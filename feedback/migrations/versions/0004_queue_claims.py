"""Queue claims name their claimant, so rows a dead replica held are taken over in seconds.

Revision ID: 0004_queue_claims
Revises: 0003_staff_security
Create Date: 2026-12-05 10:00:00.000000

``claimed_by`` is the claiming process's number (see ``feedback.claims``);
rows claimed before this revision have none and are recovered as before,
after ``stale_after``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_queue_claims"
down_revision: str | None = "0003_staff_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("inbox", "outbox"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("claimed_by", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    for table in ("outbox", "inbox"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("claimed_by")
