"""The inbox's taking end: a worker claims stored updates, at most one per chat, oldest first.

Claiming is one atomic ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)``
(the lock clause only on PostgreSQL), so several workers or replicas never take
the same row, and a chat's next update is claimable only when none of its
earlier ones is pending or in hand — which keeps each conversation in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, and_, exists, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.claimed_rows import holders, release_rows
from feedback.db import session_dialect
from feedback.models import InboxItem, table_of

__all__ = ["StoredUpdate", "claim", "claimants", "pending_count", "release"]

_inbox: Table = table_of(InboxItem)
_c = _inbox.c


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    """A read-only copy of one stored update, as ``claim`` hands it to a worker."""

    id: int
    channel: str
    update_id: int
    chat_key: str
    payload_sealed: str
    status: str
    attempts: int
    error: str | None
    received_at: datetime | None
    claimed_at: datetime | None
    processed_at: datetime | None
    claimed_by: int | None


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    limit: int = 50,
    stale_after: timedelta = timedelta(minutes=5),
    owner: int | None = None,
) -> Sequence[StoredUpdate]:
    """Mark up to ``limit`` items as processing and return them, at most one per chat.

    An item claimed without an ``owner`` and left in processing for longer
    than ``stale_after`` (its worker died) is claimable again; one claimed by
    a named owner is returned as soon as that owner is gone
    (``feedback.claims``). ``attempts`` counts every claim.
    """
    earlier = _inbox.alias("earlier")
    stale = now - stale_after
    claimable = or_(
        _c.status == "pending",
        and_(_c.status == "processing", _c.claimed_by.is_(None), _c.claimed_at < stale),
    )
    blocked = exists().where(
        earlier.c.chat_key == _c.chat_key,
        earlier.c.id < _c.id,
        earlier.c.status.in_(("pending", "processing")),
    )
    candidates = select(_c.id).where(claimable, ~blocked).order_by(_c.id).limit(limit)
    if session_dialect(session) == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    stmt = (
        update(_inbox)
        .where(_c.id.in_(candidates.scalar_subquery()))
        .values(status="processing", claimed_at=now, attempts=_c.attempts + 1, claimed_by=owner)
        .returning(*_inbox.c)
    )
    result = await session.execute(stmt)
    items = [StoredUpdate(**row._mapping) for row in result]
    items.sort(key=lambda item: item.id)
    return items


async def claimants(session: AsyncSession) -> set[int]:
    """Return the numbers of every claimant that holds items now."""
    return await holders(session, _c.claimed_by, _c.status == "processing")


async def release(session: AsyncSession, *, owner: int | None = None) -> int:
    """Return the items ``owner`` holds (every processing item when None) to pending; return how many.

    Every item: a single process starting after a crash. One owner's: that
    process is gone (``feedback.claims``).
    """
    return await release_rows(session, _inbox, _c.status == "processing", owner=owner, status="pending")


async def pending_count(session: AsyncSession) -> int:
    """Return how many items wait to be processed."""
    result = await session.execute(select(func.count()).select_from(_inbox).where(_c.status == "pending"))
    return int(result.scalar_one())
