"""Tables for surveys, survey rounds (campaigns), their dispatches, responses and answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback.models._types import sealed_field, text_field, utc_field


class SurveyRecord(SQLModel, table=True):
    """A survey by its stable slug; its content lives in versions."""

    __tablename__ = "survey"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True, index=True)
    title: str = Field(max_length=200)
    created_at: datetime | None = utc_field()


class SurveyVersion(SQLModel, table=True):
    """One immutable version of a survey definition; a survey in use is never edited in place."""

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    version: int
    content_hash: str = Field(max_length=64)
    definition_json: str = text_field(nullable=False)
    created_at: datetime | None = utc_field()


class Campaign(SQLModel, table=True):
    """A survey round: which survey, for which cohorts, when, with which reminders."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    survey_version_id: int = Field(foreign_key="survey_version.id", index=True)
    cohorts_json: str = text_field(nullable=False)
    opens_at: datetime | None = utc_field()
    closes_at: datetime | None = utc_field()
    reminder_days_json: str = Field(default="[]", max_length=200)
    quiet_hours_json: str | None = text_field()
    invite_text: str | None = text_field()
    status: str = Field(default="scheduled", max_length=16, index=True)
    created_at: datetime | None = utc_field()
    created_by: str = Field(default="cli", max_length=64)
    closed_at: datetime | None = utc_field(nullable=True)


class CampaignDispatch(SQLModel, table=True):
    """One invite or reminder for one participant in one round; unique so it is sent once."""

    __tablename__ = "campaign_dispatch"
    __table_args__ = (UniqueConstraint("campaign_id", "participant_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=16)  # invite | reminder1 | reminder2
    created_at: datetime | None = utc_field()
    outbox_id: int | None = None


class Response(SQLModel, table=True):
    """One participant's go at a survey; dates only, so answers can't be tied to a moment."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    survey_version_id: int = Field(foreign_key="survey_version.id", index=True)
    participant_id: int | None = Field(
        default=None, foreign_key="participant.id", ondelete="SET NULL", index=True
    )
    care_status: str = Field(max_length=16)
    age_band: str = Field(max_length=8)
    language: str = Field(default="en", max_length=8)
    status: str = Field(default="in_progress", max_length=16, index=True)
    state_sealed: str | None = sealed_field()
    started_on: date
    completed_on: date | None = None


class AnswerRecord(SQLModel, table=True):
    """One answer; free text is sealed raw and kept redacted with themes once processed."""

    __tablename__ = "answer"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", ondelete="CASCADE", index=True)
    question_id: str = Field(max_length=64)
    value_json: str | None = text_field()
    declined: bool = Field(default=False)
    text_sealed: str | None = sealed_field()
    text_redacted: str | None = text_field()
    themes_json: str | None = Field(default=None, max_length=200)
    sentiment: str | None = Field(default=None, max_length=16)
    risk_level: str | None = Field(default=None, max_length=16)
    redaction_status: str = Field(default="none", max_length=16, index=True)
    sealed_on: date | None = None
    # The text worker holding this pending text for redaction (see feedback.claims).
    claimed_by: int | None = Field(default=None, sa_type=BigInteger, nullable=True)
