"""The outbox's finishing end: what became of each send (sent, wait and retry, or given up).

Also the operator's view of what was given up on: how many, and sending
them again after an outage.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, Table, and_, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.models import OutboxItem, table_of

__all__ = ["failed_count", "mark_failed", "mark_sent_many", "retry_failed", "retry_later"]

_outbox: Table = table_of(OutboxItem)
_c = _outbox.c


async def mark_sent_many(session: AsyncSession, item_ids: Iterable[int], *, now: datetime) -> None:
    """Record several deliveries in one statement (each one real send more)."""
    ids = list(item_ids)
    if ids:
        await session.execute(
            update(_outbox)
            .where(_c.id.in_(ids))
            .values(status="sent", sent_at=now, last_error=None, attempts=_c.attempts + 1)
        )


async def retry_later(
    session: AsyncSession, item_id: int, *, not_before: datetime, error: str, sent: bool = False
) -> None:
    """Put a message back to wait until ``not_before`` (rate limit, network or server error).

    ``sent`` says a real send was tried (it counts in ``attempts``); a message
    only postponed behind an earlier one of its chat was not.
    """
    await session.execute(
        update(_outbox)
        .where(_c.id == item_id)
        .values(
            status="pending",
            not_before=not_before,
            last_error=error[:200],
            attempts=_c.attempts + (1 if sent else 0),
        )
    )


async def mark_failed(
    session: AsyncSession, item_id: int, *, error: str, now: datetime, sent: bool = False
) -> None:
    """Give up on a message and record why (an error code, never message text)."""
    await session.execute(
        update(_outbox)
        .where(_c.id == item_id)
        .values(
            status="failed", last_error=error[:200], sent_at=now, attempts=_c.attempts + (1 if sent else 0)
        )
    )


def _failed(include_blocked: bool) -> ColumnElement[bool]:
    failed = _c.status == "failed"
    if not include_blocked:
        failed = and_(failed, or_(_c.last_error.is_(None), _c.last_error != "Forbidden"))
    return failed


async def failed_count(session: AsyncSession) -> int:
    """Return how many failed messages ``retry_failed`` would queue again (blocked chats left out).

    The portal tells administrators this number: each is a reply or invite a
    young person never got, and sending it again is their decision.
    """
    result = await session.execute(select(func.count()).select_from(_outbox).where(_failed(False)))
    return int(result.scalar_one())


async def retry_failed(session: AsyncSession, *, now: datetime, include_blocked: bool = False) -> int:
    """Queue every failed message again, as if new (a fresh horizon); return how many.

    For after an outage longer than the horizon, once it is over. Messages to
    someone who blocked the bot (``Forbidden``) stay failed unless
    ``include_blocked``: they would only fail again.
    """
    result = await session.execute(
        update(_outbox)
        .where(_failed(include_blocked))
        .values(
            status="pending",
            not_before=now,
            created_at=now,
            attempts=0,
            sent_at=None,
            last_error=None,
            claimed_by=None,
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
