"""Tables about who takes part: participants, their conversation state, invites."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback.models._types import sealed_field, utc_field


class Participant(SQLModel, table=True):
    """A young person, known only by a keyed pseudonym and a coarse cohort."""

    id: int | None = Field(default=None, primary_key=True)
    pseudonym: str = Field(max_length=64, unique=True, index=True)
    channel: str = Field(max_length=16)
    care_status: str = Field(max_length=16)  # in_care | care_leaver
    age_band: str = Field(max_length=8)  # 8-10 | 11-15 | 16-17 | 16-25
    chat_id_sealed: str | None = sealed_field()
    language: str = Field(default="en", max_length=8)
    easy_read: bool = Field(default=False)
    consent_version: str | None = Field(default=None, max_length=32)
    consented_at: datetime | None = utc_field(nullable=True)
    joined_on: date
    last_seen_on: date | None = None
    paused: bool = Field(default=False)


class ConversationState(SQLModel, table=True):
    """Where a participant is in the conversation, sealed because drafts may hold free text."""

    __tablename__ = "conversation_state"

    participant_id: int = Field(primary_key=True, foreign_key="participant.id", ondelete="CASCADE")
    state_sealed: str | None = sealed_field()
    updated_at: datetime | None = utc_field()


class JoinAttempt(SQLModel, table=True):
    """Failed invite-code attempts per pseudonym, so guessing codes is slowed down."""

    __tablename__ = "join_attempt"

    pseudonym: str = Field(primary_key=True, max_length=64)
    failures: int = Field(default=0)
    window_started_at: datetime | None = utc_field()


class Invite(SQLModel, table=True):
    """An invite code for a cohort; only its keyed hash is stored."""

    __table_args__ = (UniqueConstraint("code_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64)
    care_status: str = Field(max_length=16)
    age_band: str = Field(max_length=8)
    expires_at: datetime | None = utc_field()
    max_uses: int = Field(default=1)
    uses: int = Field(default=0)
    batch: str | None = Field(default=None, max_length=64)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", ondelete="SET NULL")
    created_at: datetime | None = utc_field()
    created_by: str = Field(default="cli", max_length=64)
