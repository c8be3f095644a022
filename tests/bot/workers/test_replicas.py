"""Two replicas on one PostgreSQL database share one pace and one order per chat.

Issue 20 found that two replicas doubled the send rate (62 a second, over
Telegram's 30) and put 153 of 200 chats' replies out of order, because the
pace and the per-chat queues lived in each process's memory.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from datetime import UTC, datetime

import pytest

from bot.conversation.types import Reply
from bot.metrics import Metrics
from bot.outgoing import Outgoing, queued_replies
from bot.workers.pacing import SendLimits
from bot.workers.sender import OutboxSender, RetryLater, SenderOptions
from feedback import claims, outbox
from feedback.crypto import Pseudonymiser, Sealer, generate_pseudonym_key
from feedback.db import Database
from feedback.pace import SharedPace

RATE = 20.0
pytestmark = pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def now() -> datetime:
    return datetime.now(UTC)


class Telegram:
    """Records every send with its time; refuses one send with a 429 if asked."""

    def __init__(self, refuse_after: int | None = None) -> None:
        self.sends: list[tuple[float, str, str]] = []
        self.refuse_after = refuse_after
        self.refused_at: float | None = None

    def deliver(self, replica: str):
        async def send(outgoing: Outgoing) -> None:
            await asyncio.sleep(0.005)  # a request takes a moment
            if (
                self.refuse_after is not None
                and len(self.sends) == self.refuse_after
                and self.refused_at is None
            ):
                self.refused_at = time.monotonic()
                raise RetryLater("RetryAfter", after=1.0, pause_all=True)
            self.sends.append((time.monotonic(), outgoing.address, outgoing.reply.text))

        return send


async def run_two(db: Database, db_url: str, sealer: Sealer, telegram: Telegram, messages: int) -> None:
    second = Database(db_url)
    senders, paces = [], []
    for name, database in (("a", db), ("b", second)):
        pace = SharedPace(database, per_second=RATE)
        paces.append(pace)
        senders.append(
            OutboxSender(
                database,
                sealer,
                telegram.deliver(name),
                channel="telegram",
                metrics=Metrics(),
                clock=now,
                options=SenderOptions(limits=SendLimits(0, 0), idle_poll=0.05, backoff_base=0.05, in_hand=20),
                claimant=claims.new_claimant(),
                shared_pace=pace,
            )
        )
    tasks = [asyncio.create_task(s.run()) for s in senders]
    try:
        async with asyncio.timeout(60):
            while len(telegram.sends) < messages:
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # anything doubled would show by now
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for pace in paces:
            await pace.close()
        await second.dispose()


async def queue(db: Database, sealer: Sealer, chats: int, each: int) -> None:
    pseudonymiser = Pseudonymiser.from_setting(generate_pseudonym_key())
    queued = [
        q
        for chat in range(chats)
        for q in queued_replies(
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            channel="telegram",
            address=str(chat),
            replies=[Reply(f"{chat}:{n}") for n in range(each)],
            dedup_prefix=f"r:{chat}",
        )
    ]
    async with db.session() as session:
        await outbox.enqueue_many(session, queued, now=now())


def busiest_second(times: list[float]) -> int:
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))


async def test_two_replicas_keep_one_pace_and_each_chats_order(
    db: Database, db_url: str, sealer: Sealer
) -> None:
    chats, each = 15, 4
    await queue(db, sealer, chats, each)
    telegram = Telegram()
    await run_two(db, db_url, sealer, telegram, chats * each)
    texts = [text for _at, _chat, text in telegram.sends]
    assert sorted(texts) == sorted(
        f"{c}:{n}" for c in range(chats) for n in range(each)
    )  # none lost or doubled
    by_chat: dict[str, list[str]] = defaultdict(list)
    for _at, chat, text in telegram.sends:
        by_chat[chat].append(text)
    assert all(sent == [f"{chat}:{n}" for n in range(each)] for chat, sent in by_chat.items())
    assert busiest_second([at for at, _chat, _text in telegram.sends]) <= RATE + 1


async def test_retry_after_stops_both_replicas(db: Database, db_url: str, sealer: Sealer) -> None:
    await queue(db, sealer, 30, 1)
    telegram = Telegram(refuse_after=5)
    await run_two(db, db_url, sealer, telegram, 30)
    assert telegram.refused_at is not None
    # one send may already have passed the turnstile when the 429 came back
    inside = [
        at for at, _chat, _text in telegram.sends if telegram.refused_at < at < telegram.refused_at + 1.0
    ]
    assert len(inside) <= 1, f"{len(inside)} sends inside the retry_after window"
