"""The durable inbox: updates are stored before they are acknowledged and claimed in order per chat.

Claiming is one atomic ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)``
(the lock clause only on PostgreSQL), so several workers or replicas never take
the same row, and a chat's next update is claimable only when none of its
earlier ones is pending or in hand — which keeps each conversation in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.claimed_rows import holders, release_rows
from feedback.models import InboxItem, table_of

__all__ = [
    "MAX_ATTEMPTS",
    "Arrival",
    "StoredUpdate",
    "accept",
    "accept_many",
    "accept_one",
    "claim",
    "claimants",
    "mark_done",
    "mark_done_many",
    "mark_failed",
    "pending_count",
    "release",
]

MAX_ATTEMPTS = 5

_inbox: Table = table_of(InboxItem)
_c = _inbox.c


@dataclass(frozen=True)
class Arrival:
    """One update to store: its channel's update id, the chat it belongs to and its sealed payload."""

    channel: str
    update_id: int
    chat_key: str
    payload_sealed: str


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


def _insert_for(session: AsyncSession) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return pg_insert if dialect == "postgresql" else sqlite_insert


async def accept_many(session: AsyncSession, arrivals: Sequence[Arrival], *, now: datetime) -> list[bool]:
    """Store many updates at once; return, per arrival, whether it was new.

    One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` executed for all rows
    (SQLAlchemy sends them as multi-row ``VALUES``) instead of one statement
    each: a burst of webhook calls costs one round trip, and the statement is
    compiled once and cached rather than once per burst size. An update id
    seen twice in ``arrivals`` is new only the first time.
    """
    if not arrivals:
        return []
    first: dict[tuple[str, int], int] = {}
    for index, arrival in enumerate(arrivals):
        first.setdefault((arrival.channel, arrival.update_id), index)
    rows = [
        {
            "channel": arrivals[index].channel,
            "update_id": arrivals[index].update_id,
            "chat_key": arrivals[index].chat_key,
            "payload_sealed": arrivals[index].payload_sealed,
            "status": "pending",
            "attempts": 0,
            "received_at": now,
        }
        for index in sorted(first.values())
    ]
    stmt = (
        _insert_for(session)(_inbox)
        .on_conflict_do_nothing(index_elements=["channel", "update_id"])
        .returning(_c.channel, _c.update_id)
    )
    stored = {(row[0], int(row[1])) for row in await session.execute(stmt, rows)}
    return [
        first[(a.channel, a.update_id)] == index and (a.channel, a.update_id) in stored
        for index, a in enumerate(arrivals)
    ]


async def accept(
    session: AsyncSession,
    *,
    channel: str,
    update_id: int,
    chat_key: str,
    payload_sealed: str,
    now: datetime,
) -> bool:
    """Store an update; return False if this channel's update id was stored before."""
    [stored] = await accept_many(session, [Arrival(channel, update_id, chat_key, payload_sealed)], now=now)
    return stored


async def accept_one(
    session: AsyncSession,
    *,
    channel: str,
    update_id: int,
    chat_key: str,
    payload_sealed: str,
    now: datetime,
) -> int | None:
    """Store an update; return its new row's id, or None if this channel's update id was stored before."""
    stmt = (
        _insert_for(session)(_inbox)
        .values(
            channel=channel,
            update_id=update_id,
            chat_key=chat_key,
            payload_sealed=payload_sealed,
            status="pending",
            attempts=0,
            received_at=now,
        )
        .on_conflict_do_nothing(index_elements=["channel", "update_id"])
        .returning(_c.id)
    )
    row = (await session.execute(stmt)).first()
    return None if row is None else int(row[0])


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
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
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
