"""Tables for what workers do with survey comments: approve a sentence as a quote, link an action."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback.models._types import utc_field


class CommentQuote(SQLModel, table=True):
    """A sentence of a survey comment a worker approved for board papers; one per comment at most.

    Only the sentence's place in ``answer.text_redacted`` is kept, never a copy
    of the words, so when "forget me" clears a comment its quote goes with it
    and nothing else has to remember to delete it.
    """

    __tablename__ = "comment_quote"
    __table_args__ = (UniqueConstraint("answer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", ondelete="CASCADE")
    start: int
    end: int
    theme: str | None = Field(default=None, max_length=32)
    approved_by: int | None = Field(default=None, foreign_key="staff_user.id")
    approved_at: datetime | None = utc_field()


class CommentAction(SQLModel, table=True):
    """A survey comment linked to the issue whose outcome answers it ("you said, we did")."""

    __tablename__ = "comment_action"
    __table_args__ = (UniqueConstraint("answer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", ondelete="CASCADE")
    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE", index=True)
    linked_by: int | None = Field(default=None, foreign_key="staff_user.id")
    linked_at: datetime | None = utc_field()
