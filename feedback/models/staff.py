"""Staff accounts, the append-only audit log, and board papers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Integer, LargeBinary, text
from sqlmodel import Field, SQLModel

from feedback.models._types import sealed_field, text_field, utc_field


class StaffUser(SQLModel, table=True):
    """A staff account; passwords are argon2 hashes, roles are enforced on every route."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=120, unique=True, index=True)
    display_name: str | None = Field(default=None, max_length=120)
    password_hash: str | None = Field(default=None, max_length=255)
    role: str = Field(max_length=32)  # participation_worker|safeguarding_lead|board_viewer|admin
    active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = utc_field(nullable=True)
    created_at: datetime | None = utc_field()
    last_login_at: datetime | None = utc_field(nullable=True)
    # Raised by a password reset, disable or "sign out everywhere": sessions of an older one end.
    session_generation: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default=text("0"))
    )
    totp_secret_sealed: str | None = sealed_field()  # second factor; enrolled once totp_enabled_at is set
    totp_enabled_at: datetime | None = utc_field(nullable=True)
    totp_last_step: int | None = None  # the last code's time step, so a code works once
    password_changed_at: datetime | None = utc_field(nullable=True)


class AuditEntry(SQLModel, table=True):
    """One staff or system action that revealed or changed data; never updated or deleted."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime | None = utc_field(index=True)
    actor: str = Field(max_length=120)
    action: str = Field(max_length=64, index=True)
    target_type: str | None = Field(default=None, max_length=32)
    target_id: str | None = Field(default=None, max_length=64)
    detail_json: str | None = text_field()


class BoardPaper(SQLModel, table=True):
    """A drafted, approved or published "voice of the child" paper for one period."""

    __tablename__ = "board_paper"

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=32, index=True)
    cohort: str | None = Field(default=None, max_length=32)
    status: str = Field(default="draft", max_length=16)  # draft|approved|published
    content_json: str | None = text_field()
    created_at: datetime | None = utc_field()
    created_by: str = Field(default="system", max_length=120)
    approved_by: int | None = Field(default=None, foreign_key="staff_user.id")
    approved_at: datetime | None = utc_field(nullable=True)


class BoardPaperFile(SQLModel, table=True):
    """A rendered paper (DOCX, HTML, PDF, CSV bundle), kept in the database so replicas share it."""

    __tablename__ = "board_paper_file"

    id: int | None = Field(default=None, primary_key=True)
    paper_id: int = Field(foreign_key="board_paper.id", ondelete="CASCADE", index=True)
    format: str = Field(max_length=16)
    filename: str = Field(max_length=200)
    content: bytes = Field(sa_type=LargeBinary)
    created_at: datetime | None = utc_field()
