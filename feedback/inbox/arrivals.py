"""The inbox's arriving end: updates are stored here before the channel acknowledges them.

A channel's update id is stored once (``ON CONFLICT DO NOTHING``), so an
update Telegram sends again, or a web form sent twice, is a duplicate and
handled once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.db import insert_for
from feedback.models import InboxItem, table_of

__all__ = ["Arrival", "accept", "accept_many", "accept_one"]

_inbox: Table = table_of(InboxItem)
_c = _inbox.c


@dataclass(frozen=True)
class Arrival:
    """One update to store: its channel's update id, the chat it belongs to and its sealed payload.

    ``received_at`` is when the channel handed it over; without it, the time
    it is stored is used.
    """

    channel: str
    update_id: int
    chat_key: str
    payload_sealed: str
    received_at: datetime | None = None


async def accept_many(
    session: AsyncSession, arrivals: Sequence[Arrival], *, now: datetime | None = None
) -> list[bool]:
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
            "received_at": arrivals[index].received_at or now or datetime.now(UTC),
        }
        for index in sorted(first.values())
    ]
    stmt = (
        insert_for(session)(_inbox)
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
        insert_for(session)(_inbox)
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
