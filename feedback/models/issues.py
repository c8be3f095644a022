"""Tables for anonymous issues, their threads, safeguarding alerts and approved quotes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from feedback.models._types import sealed_field, text_field, utc_field


class Issue(SQLModel, table=True):
    """Something a young person raised; staff know it only by its reference and cohort."""

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=16, unique=True, index=True)
    participant_id: int | None = Field(
        default=None, foreign_key="participant.id", ondelete="SET NULL", index=True
    )
    care_status: str = Field(max_length=16)
    age_band: str = Field(max_length=8)
    topic: str | None = Field(default=None, max_length=32)
    status: str = Field(default="open", max_length=24, index=True)
    themes_json: str | None = Field(default=None, max_length=200)
    sentiment: str | None = Field(default=None, max_length=16)
    risk_level: str = Field(default="none", max_length=16)
    created_at: datetime | None = utc_field(index=True)
    updated_at: datetime | None = utc_field()
    closed_at: datetime | None = utc_field(nullable=True)
    outcome: str | None = text_field()
    helped: str | None = Field(default=None, max_length=16)
    shared_contact_sealed: str | None = sealed_field()


class IssueMessage(SQLModel, table=True):
    """One message in an issue thread; raw text sealed, anonymised text added in the background."""

    __tablename__ = "issue_message"

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE", index=True)
    author: str = Field(max_length=16)  # young_person | worker | safeguarding | system
    staff_user_id: int | None = Field(default=None, foreign_key="staff_user.id")
    text_sealed: str | None = sealed_field()
    text_anonymised: str | None = text_field()
    themes_json: str | None = Field(default=None, max_length=200)
    sentiment: str | None = Field(default=None, max_length=16)
    risk_level: str = Field(default="none", max_length=16)
    risk_categories_json: str | None = Field(default=None, max_length=400)
    redaction_status: str = Field(default="pending", max_length=16, index=True)
    created_at: datetime | None = utc_field()
    sealed_on: datetime | None = utc_field(nullable=True)
    # The text worker holding this pending text for redaction (see feedback.claims).
    claimed_by: int | None = Field(default=None, sa_type=BigInteger, nullable=True)


class Alert(SQLModel, table=True):
    """A safeguarding alert; the flagged text is sealed and shown only to safeguarding leads."""

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=24)  # issue_message | answer | conversation
    source_id: int | None = None
    participant_id: int | None = Field(
        default=None, foreign_key="participant.id", ondelete="SET NULL", index=True
    )
    issue_id: int | None = Field(default=None, foreign_key="issue.id", ondelete="SET NULL")
    level: str = Field(max_length=16)
    categories_json: str = Field(default="[]", max_length=400)
    text_sealed: str | None = sealed_field()
    created_at: datetime | None = utc_field(index=True)
    notified_at: datetime | None = utc_field(nullable=True)
    renotified_at: datetime | None = utc_field(nullable=True)
    acknowledged_at: datetime | None = utc_field(nullable=True)
    acknowledged_by: int | None = Field(default=None, foreign_key="staff_user.id")
    action_note: str | None = text_field()
    # Why the risk check decided as it did: readable lines (rule, tense, whose), never the words.
    reasons: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default=text("'[]'"))
    )
    raised_at: datetime | None = utc_field(nullable=True)  # a concern became urgent by their answer
    # "Are you safe right now?": when it was asked, and the answer (ok | help | words).
    check_asked_at: datetime | None = utc_field(nullable=True)
    check_answer: str | None = Field(default=None, max_length=16)
    check_answered_at: datetime | None = utc_field(nullable=True)
    check_reply_sealed: str | None = sealed_field()  # what they typed back, if they answered in words
    # "Do you want someone to contact you?" after an urgent reply.
    contact_asked_at: datetime | None = utc_field(nullable=True)
    contact_wanted: bool | None = None
    contact_answered_at: datetime | None = utc_field(nullable=True)
    # A safeguarding lead's "not a concern", with the reason they must give.
    dismissed_at: datetime | None = utc_field(nullable=True)
    dismissed_by: int | None = Field(default=None, foreign_key="staff_user.id")
    dismissed_reason: str | None = text_field()
    # Later risky messages from the same young person while this alert is open join it, not the queue.
    repeats: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default=text("0")))
    repeated_at: datetime | None = utc_field(nullable=True)


class Quote(SQLModel, table=True):
    """A redacted sentence a worker approved for board papers; one per thread at most."""

    __table_args__ = (UniqueConstraint("issue_id"),)

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", ondelete="CASCADE")
    issue_message_id: int | None = Field(default=None, foreign_key="issue_message.id", ondelete="SET NULL")
    text: str = text_field(nullable=False)
    theme: str | None = Field(default=None, max_length=32)
    age_band: str | None = Field(default=None, max_length=8)
    approved_by: int | None = Field(default=None, foreign_key="staff_user.id")
    approved_at: datetime | None = utc_field()
