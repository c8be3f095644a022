"""Survey comments: quotes approved from them and links to "you said, we did" actions.

Revision ID: 0007_comment_quotes_actions
Revises: 0006_theme_corrections
Create Date: 2026-12-05 10:00:00.000000

Two new tables only; no existing table changes, so upgrading is quick on a
council's full answer table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_comment_quotes_actions"
down_revision: str | None = "0006_theme_corrections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "comment_quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["approved_by"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("answer_id"),
    )
    op.create_table(
        "comment_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("linked_by", sa.Integer(), nullable=True),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issue_id"], ["issue.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["linked_by"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("answer_id"),
    )
    with op.batch_alter_table("comment_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_action_issue_id"), ["issue_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("comment_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_action_issue_id"))
    op.drop_table("comment_action")
    op.drop_table("comment_quote")
