"""Text waiting for redaction is claimed by one text worker, so replicas never redact the same row twice.

Revision ID: 0008_text_claims
Revises: 0007_comment_quotes_actions
Create Date: 2026-12-06 10:00:00.000000

``claimed_by`` is the claiming process's number (see ``feedback.claims``),
as on the inbox and outbox. A nullable column with no default, so adding it
does not rewrite a council's answer table on PostgreSQL. Texts pending
before this revision are unclaimed and taken as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_text_claims"
down_revision: str | None = "0007_comment_quotes_actions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("issue_message", "answer"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("claimed_by", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    for table in ("answer", "issue_message"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("claimed_by")
