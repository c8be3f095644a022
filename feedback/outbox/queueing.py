"""The outbox's arriving end: every message to a young person is queued here, once.

``dedup_key`` makes queueing idempotent: the same reply to the same update,
or the same invite to the same person, is stored once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.db import insert_for
from feedback.models import OutboxItem, table_of
from feedback.outbox.stored import StoredMessage, stored_messages

__all__ = ["Queued", "enqueue", "enqueue_claimed", "enqueue_many"]

_outbox: Table = table_of(OutboxItem)
_c = _outbox.c


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
    insert = insert_for(session)
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
    insert = insert_for(session)
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
    insert = insert_for(session)
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
