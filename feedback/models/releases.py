"""The release ledger: every set of numbers about young people that has left Heard."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from feedback.models._types import text_field, utc_field


class DisclosureRelease(SQLModel, table=True):
    """Numbers released once (a paper approved, or files written by ``heard report``).

    ``numbers_json`` holds what a reader saw, as sums of atoms with their
    published values or ``c``; never the hidden values. A new paper is checked
    against all of these before it may go out.
    """

    __tablename__ = "disclosure_release"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # paper_approved | report_files
    label: str = Field(max_length=120)  # e.g. "2026-Q3, care_leaver"
    paper_id: int | None = Field(default=None, foreign_key="board_paper.id", ondelete="SET NULL")
    digest: str = Field(max_length=64, index=True)  # the same numbers are recorded once
    numbers_json: str | None = text_field(nullable=False)
    released_at: datetime | None = utc_field()
    released_by: str = Field(default="system", max_length=120)
