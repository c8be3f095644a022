"""Workers' theme corrections, kept as labelled data a council can retrain its theme model on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback.models._types import text_field, utc_field


class ThemeCorrection(SQLModel, table=True):
    """The themes a worker gave a text, beside the themes the tagger had given it.

    ``text`` is the anonymised text the worker read when choosing (never the
    raw text), so the label and the words it labels stay together after the
    raw text is purged. One row per issue or answer: a later correction
    replaces the earlier one.
    """

    __tablename__ = "theme_correction"
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=24)  # issue | answer
    source_id: int
    text: str | None = text_field(nullable=False)
    automatic_json: str = Field(default="[]", max_length=200)
    themes_json: str = Field(default="[]", max_length=200)
    corrected_at: datetime | None = utc_field(index=True)
