"""The inbox's finishing end: a claimed update is marked done once its replies are queued, or failed.

Done is written in the same transaction as the replies, so an update is
either handled with its replies stored or still waiting for a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Table, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import InboxItem, table_of

__all__ = ["MAX_ATTEMPTS", "mark_done", "mark_done_many", "mark_failed"]

_inbox: Table = table_of(InboxItem)
_c = _inbox.c


MAX_ATTEMPTS = 5


async def mark_done(session: AsyncSession, item_id: int, *, now: datetime) -> None:
    """Record that an item was handled (its replies are in the outbox)."""
    await session.execute(
        update(_inbox).where(_c.id == item_id).values(status="done", processed_at=now, error=None)
    )


async def mark_done_many(session: AsyncSession, item_ids: Iterable[int], *, now: datetime) -> None:
    """Record that several items were handled, in one statement."""
    ids = list(item_ids)
    if ids:
        await session.execute(
            update(_inbox).where(_c.id.in_(ids)).values(status="done", processed_at=now, error=None)
        )


async def mark_failed(
    session: AsyncSession, item_id: int, *, error: str, now: datetime, attempts: int
) -> None:
    """Return an item to pending for another try, or give up after ``MAX_ATTEMPTS``.

    ``error`` must be an exception type or short code, never message text.
    """
    status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
    await session.execute(
        update(_inbox)
        .where(_c.id == item_id)
        .values(status=status, error=error[:200], processed_at=now if status == "failed" else None)
    )
