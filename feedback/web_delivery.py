"""Handing queued web chat messages to the browser that asks for them.

The browser is the web channel's sender: when the chat page loads or polls,
the messages waiting for that chat are taken from the outbox and marked
sent in one statement, so two tabs never show the same message twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import OutboxItem, table_of
from feedback.outbox import StoredMessage, stored_messages

__all__ = ["WEB_CHANNEL", "collect_for_chat"]

WEB_CHANNEL = "web"

_outbox = table_of(OutboxItem)
_c = _outbox.c


async def collect_for_chat(
    session: AsyncSession, *, chat_key: str, now: datetime, limit: int = 50
) -> Sequence[StoredMessage]:
    """Return the web messages due for one chat, oldest first, marking them sent."""
    due = (
        select(_c.id)
        .where(
            _c.channel == WEB_CHANNEL,
            _c.chat_key == chat_key,
            _c.status == "pending",
            _c.not_before <= now,
        )
        .order_by(_c.id)
        .limit(limit)
    )
    stmt = (
        update(_outbox)
        .where(_c.id.in_(due.scalar_subquery()))
        .values(status="sent", sent_at=now, attempts=_c.attempts + 1)
        .returning(*_outbox.c)
    )
    return stored_messages(await session.execute(stmt))
