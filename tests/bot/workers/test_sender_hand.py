"""Rows handed to the sender in memory (written already claimed) are delivered like rows it claims itself."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select

from bot.conversation.types import Reply
from bot.metrics import Metrics
from bot.outgoing import Outgoing, queued_replies
from bot.workers.pacing import SendLimits
from bot.workers.sender import OutboxSender, RetryLater, SenderOptions
from feedback import outbox
from feedback.crypto import Pseudonymiser, Sealer, generate_pseudonym_key
from feedback.db import Database
from feedback.models import OutboxItem
from tests.conftest import db_url  # noqa: F401  (these run on SQLite and PostgreSQL)


def now() -> datetime:
    return datetime.now(UTC)


class Recorder:
    """A ``Deliver`` that records what it was given; fails the first ``fail`` calls."""

    def __init__(self, fail: int = 0) -> None:
        self.sent: list[Outgoing] = []
        self.fail = fail

    async def __call__(self, outgoing: Outgoing) -> None:
        if self.fail > 0:
            self.fail -= 1
            raise RetryLater("NetworkError", after=0.05)
        self.sent.append(outgoing)


async def claimed_rows(db: Database, sealer: Sealer, texts: dict[str, list[str]]) -> list[OutboxItem]:
    pseudonymiser = Pseudonymiser.from_setting(generate_pseudonym_key())
    queued = [
        q
        for address, said in texts.items()
        for q in queued_replies(
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            channel="telegram",
            address=address,
            replies=[Reply(t) for t in said],
            dedup_prefix=f"test:{address}",
        )
    ]
    async with db.session() as session:
        return list(await outbox.enqueue_claimed(session, queued, now=now()))


async def statuses(db: Database) -> list[str]:
    async with db.session() as session:
        rows = (await session.execute(select(OutboxItem).order_by(OutboxItem.id))).scalars()  # type: ignore[arg-type]
        return [row.status for row in rows]


def sender(db: Database, sealer: Sealer, deliver: Recorder) -> OutboxSender:
    options = SenderOptions(limits=SendLimits(0, 0), idle_poll=30.0, backoff_base=0.05)
    return OutboxSender(
        db, sealer, deliver, channel="telegram", metrics=Metrics(), clock=now, options=options
    )


async def until(predicate: object, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.02)


async def test_handed_rows_are_delivered_in_order_per_chat_and_marked_sent(
    db: Database, sealer: Sealer
) -> None:
    deliver = Recorder()
    running = sender(db, sealer, deliver)
    task = asyncio.create_task(running.run())
    try:
        await until(running.accepting)
        rows = await claimed_rows(db, sealer, {"1": ["a1", "a2", "a3"], "2": ["b1"]})
        running.hand(rows)  # no claim, no wake-up: the idle poll is 30 s away
        await until(lambda: len(deliver.sent) == 4)
        await until(lambda: running.in_hand == 0)
        assert [o.reply.text for o in deliver.sent if o.address == "1"] == ["a1", "a2", "a3"]
        async with asyncio.timeout(5):
            while await statuses(db) != ["sent"] * 4:
                await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_handed_row_that_fails_is_retried_like_any_other(db: Database, sealer: Sealer) -> None:
    deliver = Recorder(fail=1)
    running = sender(db, sealer, deliver)
    task = asyncio.create_task(running.run())
    try:
        await until(running.accepting)
        running.hand(await claimed_rows(db, sealer, {"3": ["c1", "c2"]}))
        # c1 fails once and is put back for later; c2 waits behind it, so the chat stays in order
        # (the retry is found by the sender's own claim once it is due).
        running.wake()
        async with asyncio.timeout(10):
            while [o.reply.text for o in deliver.sent] != ["c1", "c2"]:
                await asyncio.sleep(0.05)
                running.wake()
        assert deliver.fail == 0, "c1's first attempt failed"
        assert [o.reply.text for o in deliver.sent] == ["c1", "c2"], "each delivered once, in order"
        async with asyncio.timeout(5):
            while await statuses(db) != ["sent", "sent"]:
                await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_rows_handed_to_a_stopped_sender_stay_claimed_for_recovery(
    db: Database, sealer: Sealer
) -> None:
    deliver = Recorder()
    stopped = sender(db, sealer, deliver)  # never started
    assert not stopped.accepting()
    stopped.hand(await claimed_rows(db, sealer, {"4": ["d1"]}))
    await asyncio.sleep(0.1)
    assert deliver.sent == [] and stopped.in_hand == 0
    assert await statuses(db) == ["sending"]  # released at start-up, or taken over when stale
