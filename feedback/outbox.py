"""The durable outbox: every message to a young person waits here until a sender delivers it.

Rows survive restarts; ``dedup_key`` makes enqueueing idempotent (the same
reply to the same update, or the same invite to the same person, is stored
once). Claiming uses the same atomic, ``SKIP LOCKED`` pattern as the inbox.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Table, and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.claimed_rows import holders, release_rows
from feedback.models import OutboxItem, table_of

__all__ = [
    "Queued",
    "StoredMessage",
    "claim_due",
    "claimants",
    "enqueue",
    "enqueue_claimed",
    "enqueue_many",
    "failed_count",
    "mark_failed",
    "mark_sent_many",
    "pending_count",
    "release",
    "retry_failed",
    "retry_later",
    "stored_messages",
]

_outbox: Table = table_of(OutboxItem)
_c = _outbox.c


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


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


async def enqueue(
    session: AsyncSession,
    *,
    channel: str,
    chat_key: str,
    payload_sealed: str,
    now: datetime,
    dedup_key: str | None = None,
    not_before: datetime | None = None,
) -> int | None:
    """Queue a message; return its id, or None when ``dedup_key`` was queued before."""
    insert = pg_insert if _dialect(session) == "postgresql" else sqlite_insert
    stmt = (
        insert(_outbox)
        .values(
            channel=channel,
            chat_key=chat_key,
            dedup_key=dedup_key,
            payload_sealed=payload_sealed,
            status="pending",
            attempts=0,
            not_before=not_before or now,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(_c.id)
    )
    result = await session.execute(stmt)
    row = result.first()
    return None if row is None else int(row[0])


@dataclass(frozen=True)
class Queued:
    """One message to queue (see ``enqueue``)."""

    channel: str
    chat_key: str
    payload_sealed: str
    dedup_key: str | None = None
    not_before: datetime | None = None


def _rows(
    messages: Sequence[Queued], *, now: datetime, claimed: bool, owner: int | None = None
) -> list[dict[str, object]]:
    return [
        {
            "claimed_by": owner if claimed else None,
            "channel": m.channel,
            "chat_key": m.chat_key,
            "dedup_key": m.dedup_key,
            "payload_sealed": m.payload_sealed,
            "status": "sending" if claimed else "pending",
            "attempts": 0,
            "not_before": now if claimed else (m.not_before or now),
            "created_at": now,
        }
        for m in messages
    ]


async def enqueue_many(session: AsyncSession, messages: Sequence[Queued], *, now: datetime) -> None:
    """Queue several messages in one statement; those whose ``dedup_key`` was queued before are skipped.

    Rows get ids in the order given, so one chat's messages keep their order.
    The statement is executed for all rows at once (sent as multi-row
    ``VALUES``) and compiled once, whatever the number of rows.
    """
    if not messages:
        return
    insert = pg_insert if _dialect(session) == "postgresql" else sqlite_insert
    stmt = insert(_outbox).on_conflict_do_nothing(index_elements=["dedup_key"])
    await session.execute(stmt, _rows(messages, now=now, claimed=False))


async def enqueue_claimed(
    session: AsyncSession, messages: Sequence[Queued], *, now: datetime, owner: int | None = None
) -> Sequence[StoredMessage]:
    """Queue messages already claimed for a sender in this process; return the rows stored, in order.

    For replies the sender can take straight from memory: it is spared a
    claim and a read of what was just written. The rows are exactly as
    ``claim_due`` would leave them (``sending``, one attempt), so if the
    process stops before sending them they are recovered the same way:
    released at a single process's start, or claimable again after
    ``stale_after`` (or, with an ``owner``, as soon as that owner is gone:
    ``feedback.claims``). Messages whose ``dedup_key`` was queued before are
    skipped; they are sent (or were) from the earlier row.
    """
    if not messages:
        return []
    insert = pg_insert if _dialect(session) == "postgresql" else sqlite_insert
    # A chat with an earlier message still unsettled (another replica sends it, or it waits for a
    # retry) gets these as ordinary pending rows: they are claimed once the earlier ones are settled.
    waiting = await _chats_waiting(session, {m.chat_key for m in messages})
    if waiting:
        behind = [m for m in messages if m.chat_key in waiting]
        await enqueue_many(session, behind, now=now)
        messages = [m for m in messages if m.chat_key not in waiting]
        if not messages:
            return []
    stmt = insert(_outbox).on_conflict_do_nothing(index_elements=["dedup_key"]).returning(*_outbox.c)
    result = await session.execute(stmt, _rows(messages, now=now, claimed=True, owner=owner))
    return stored_messages(result)


async def _chats_waiting(session: AsyncSession, chat_keys: set[str]) -> set[str]:
    """Return which of ``chat_keys`` have a message not yet sent or given up on."""
    if not chat_keys:
        return set()
    rows = await session.execute(
        select(_c.chat_key)
        .where(_c.chat_key.in_(chat_keys), _c.status.in_(("pending", "sending")))
        .distinct()
    )
    return {row[0] for row in rows}


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
    if _dialect(session) == "postgresql":
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
