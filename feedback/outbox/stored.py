"""What a stored outbox row is, as both ends of the outbox hand it on: a frozen shape, not the table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row

__all__ = ["StoredMessage", "stored_messages"]


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A read-only copy of one stored message, as a claim hands it to a sender."""

    id: int
    channel: str
    chat_key: str
    dedup_key: str | None
    payload_sealed: str
    status: str
    attempts: int
    not_before: datetime | None
    created_at: datetime | None
    sent_at: datetime | None
    last_error: str | None
    claimed_by: int | None


def stored_messages(rows: Iterable[Row[Any]]) -> list[StoredMessage]:
    """Return the rows a ``RETURNING`` of every outbox column gave, as shapes in id order."""
    items = [StoredMessage(**row._mapping) for row in rows]
    items.sort(key=lambda item: item.id)
    return items
