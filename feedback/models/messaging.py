"""The durable inbox (accepted updates) and outbox (messages waiting to be sent)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback.models._types import sealed_field, utc_field


class InboxItem(SQLModel, table=True):
    """An accepted update, stored before it is acknowledged; unique per channel and update id."""

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "update_id"),
        Index("ix_inbox_status_id", "status", "id"),
        Index("ix_inbox_chat_key_status", "chat_key", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    update_id: int = Field(sa_type=BigInteger)
    chat_key: str = Field(max_length=64)
    payload_sealed: str = sealed_field(nullable=False)
    status: str = Field(default="pending", max_length=16)  # pending|processing|done|failed
    attempts: int = Field(default=0)
    error: str | None = Field(default=None, max_length=200)
    received_at: datetime | None = utc_field()
    claimed_at: datetime | None = utc_field(nullable=True)
    processed_at: datetime | None = utc_field(nullable=True)
    claimed_by: int | None = Field(default=None, sa_type=BigInteger, nullable=True)  # see feedback.claims


class OutboxItem(SQLModel, table=True):
    """A message waiting to go out; the sender paces, retries and records failures."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("dedup_key"),
        Index("ix_outbox_status_not_before", "status", "not_before"),
        Index("ix_outbox_chat_key", "chat_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    chat_key: str = Field(max_length=64)
    dedup_key: str | None = Field(default=None, max_length=128)
    payload_sealed: str = sealed_field(nullable=False)
    status: str = Field(default="pending", max_length=16)  # pending|sending|sent|failed
    attempts: int = Field(default=0)
    not_before: datetime | None = utc_field()
    created_at: datetime | None = utc_field()
    sent_at: datetime | None = utc_field(nullable=True)
    last_error: str | None = Field(default=None, max_length=200)
    claimed_by: int | None = Field(default=None, sa_type=BigInteger, nullable=True)  # see feedback.claims
