"""The outbox's taking end: a sender claims due messages, a chat's in order, whoever sends them.

Claiming uses the same atomic, ``SKIP LOCKED`` pattern as the inbox, and on
PostgreSQL an advisory lock so no two replicas each take part of one chat.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Table, and_, exists, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.claimed_rows import holders, release_rows
from feedback.db import session_dialect
from feedback.models import OutboxItem, table_of
from feedback.outbox.stored import StoredMessage, stored_messages

__all__ = ["CLAIM_LOCK", "claim_due", "claimants", "pending_count", "release"]

_outbox: Table = table_of(OutboxItem)
_c = _outbox.c


# Claims on PostgreSQL take this transaction-level advisory lock ("HEOB" in ASCII), one replica at a time,
# so no two replicas can each take part of one chat's messages.
CLAIM_LOCK = 0x48454F42


async def claim_due(
    session: AsyncSession,
    *,
    now: datetime,
    limit: int = 100,
    channel: str | None = None,
    stale_after: timedelta = timedelta(minutes=5),
    owner: int | None = None,
) -> Sequence[StoredMessage]:
    """Mark up to ``limit`` due messages as sending and return them, oldest first.

    A claim is not an attempt: ``attempts`` counts only real sends (see
    ``mark_sent_many``, ``retry_later``, ``mark_failed``), so rows that were
    claimed and then postponed, or released after a crash, keep their place in
    the backoff instead of creeping towards a give-up without ever being sent.

    Rows claimed by a named ``owner`` are never taken back on time alone (its
    outcome may only be waiting for the database): ``feedback.claims`` returns
    them once that owner is gone. Rows claimed without one are claimable
    again after ``stale_after``.
    """
    due = or_(
        and_(_c.status == "pending", _c.not_before <= now),
        and_(_c.status == "sending", _c.claimed_by.is_(None), _c.not_before <= now - stale_after),
    )
    # One chat's messages go out in order, whoever sends them: a message waits while an earlier one
    # of its chat is being sent (by any replica) or waits for a retry. Earlier messages that are due
    # come first in this same claim (ids ascending), so they are taken together, in order.
    earlier = _outbox.alias("earlier")
    blocked = exists().where(
        earlier.c.chat_key == _c.chat_key,
        earlier.c.id < _c.id,
        or_(
            # held by a live sender (a stale claim without a claimant is taken again with this one)
            and_(
                earlier.c.status == "sending",
                or_(earlier.c.claimed_by.is_not(None), earlier.c.not_before > now - stale_after),
            ),
            and_(earlier.c.status == "pending", earlier.c.not_before > now),
        ),
    )
    candidates = select(_c.id).where(due, ~blocked).order_by(_c.id).limit(limit)
    if channel is not None:
        candidates = candidates.where(_c.channel == channel)
    if session_dialect(session) == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(CLAIM_LOCK)))
        candidates = candidates.with_for_update(skip_locked=True)
    stmt = (
        update(_outbox)
        .where(_c.id.in_(candidates.scalar_subquery()))
        .values(status="sending", not_before=now, claimed_by=owner)
        .returning(*_outbox.c)
    )
    result = await session.execute(stmt)
    return stored_messages(result)


async def claimants(session: AsyncSession) -> set[int]:
    """Return the numbers of every claimant that holds messages now."""
    return await holders(session, _c.claimed_by, _c.status == "sending")


async def release(session: AsyncSession, *, owner: int | None = None) -> int:
    """Return the messages ``owner`` holds (every sending one when None) to pending; return how many.

    Every message: a single process starting after a crash. One owner's: that
    process is gone (``feedback.claims``).
    """
    return await release_rows(session, _outbox, _c.status == "sending", owner=owner, status="pending")


async def pending_count(session: AsyncSession) -> int:
    """Return how many messages wait to be sent."""
    result = await session.execute(select(func.count()).select_from(_outbox).where(_c.status == "pending"))
    return int(result.scalar_one())
