"""The inbox worker on SQLite and PostgreSQL: order per chat, concurrency across chats, retries, give-up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.conversation.catalogue import BASE, say_in
from bot.conversation.types import Inbound, InboundKind, Reply, inbound_to_json
from bot.helplines import CHILDLINE
from bot.metrics import Metrics
from bot.outgoing import open_outgoing
from bot.workers import InboxWorker, WorkerOptions
from feedback import inbox
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.models import InboxItem, JoinAttempt, OutboxItem, table_of
from tests.fakes.conversation import EchoEngine


def clock() -> datetime:
    return datetime.now(UTC)


async def store(db: Database, sealer: Sealer, messages: list[tuple[str, str]], first_id: int = 1) -> None:
    async with db.session() as session:
        for offset, (who, text) in enumerate(messages):
            await inbox.accept(
                session,
                channel="test",
                update_id=first_id + offset,
                chat_key=who,
                payload_sealed=sealer.seal(
                    inbound_to_json(Inbound("test", who, InboundKind.TEXT, text=text, address=who))
                ),
                now=clock(),
            )


@pytest.fixture
async def run_worker(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> AsyncIterator[Callable[..., InboxWorker]]:
    tasks: list[asyncio.Task[None]] = []

    def start(engine: EchoEngine, **options: object) -> InboxWorker:
        worker = InboxWorker(
            db, engine, sealer=sealer, pseudonymiser=pseudonymiser,
            metrics=Metrics(), clock=clock,
            options=WorkerOptions(**{"idle_poll": 0.1, "retry_base": 0.01, **options}),  # type: ignore[arg-type]
        )  # fmt: skip
        tasks.append(asyncio.create_task(worker.run()))
        return worker

    yield start
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def wait_settled(db: Database, count: int) -> list[InboxItem]:
    async with asyncio.timeout(20):
        while True:
            async with db.session() as session:
                items = list((await session.exec(select(InboxItem).order_by(InboxItem.id))).scalars())  # type: ignore[call-overload]
            if sum(1 for i in items if i.status in ("done", "failed")) >= count:
                return items
            await asyncio.sleep(0.05)


async def outgoing(db: Database, sealer: Sealer) -> list[tuple[str, str]]:
    async with db.session() as session:
        items = list((await session.exec(select(OutboxItem).order_by(OutboxItem.id))).scalars())  # type: ignore[call-overload]
    return [(o.address, o.reply.text) for o in (open_outgoing(sealer, i) for i in items)]


async def test_one_chat_in_order_while_other_chats_run_concurrently(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    messages = [("alex", f"a{i}") for i in range(12)]
    messages[3:3] = [("bea", "b0"), ("cal", "c0"), ("dee", "d0"), ("eli", "e0")]
    await store(db, sealer, messages)
    engine = EchoEngine(delay=0.05)
    run_worker(engine, concurrency=8, batch=1)
    await wait_settled(db, len(messages))
    handled = [h.text for h in engine.handled]
    assert [t for t in handled if t.startswith("a")] == [f"a{i}" for i in range(12)]
    # Other chats did not wait for alex's queue: each was handled before alex's last update.
    assert max(handled.index(t) for t in ("b0", "c0", "d0", "e0")) < handled.index("a11")
    if db.dialect == "postgresql":
        assert engine.most_at_once >= 3  # truly in parallel (SQLite has one writer at a time)
    replies = await outgoing(db, sealer)
    assert [text for who, text in replies if who == "alex"] == [f"You said: a{i}" for i in range(12)]
    assert len(replies) == len(messages)


async def test_a_failure_rolls_back_everything_and_the_update_is_tried_again(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    await store(db, sealer, [("fay", "hello")])
    engine = EchoEngine(fail_times=2)
    run_worker(engine)
    [item] = await wait_settled(db, 1)
    assert (item.status, item.attempts) == ("done", 3)
    async with db.session() as session:
        attempts = (await session.exec(select(func.count()).select_from(JoinAttempt))).scalars().one()  # type: ignore[call-overload]
    assert attempts == 0  # the failed tries' writes were rolled back
    assert await outgoing(db, sealer) == [("fay", "You said: hello")]


async def test_gives_up_after_the_bound_and_says_sorry_once(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    await store(db, sealer, [("gus", "hello"), ("gus", "after")])
    engine = EchoEngine(fail_times=inbox.MAX_ATTEMPTS)
    worker = run_worker(engine)
    items = await wait_settled(db, 2)
    assert [(i.status, i.error) for i in items] == [("failed", "RuntimeError"), ("done", None)]
    sorry = say_in(BASE, "error.gave_up", childline=CHILDLINE)  # a conversation that cannot word it itself
    assert await outgoing(db, sealer) == [("gus", sorry), ("gus", "You said: after")]
    assert worker.metrics.updates_processed.labels("gave_up")._value.get() == 1


class SorryEngine(EchoEngine):
    """Fails every time, and words its sorry in the sender's language (Welsh), unless that cannot be read."""

    async def reader(self, session: AsyncSession, inbound: Inbound) -> str:
        if inbound.pseudonym == "unreadable":
            raise RuntimeError("the database is having a bad moment")
        return "cy"

    def gave_up(self, locale: str) -> Reply:
        return Reply(f"sorry, in {locale}")


async def test_the_sorry_is_worded_by_the_conversation_in_english_when_the_language_cannot_be_read(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    await store(db, sealer, [("ifan", "helo"), ("unreadable", "hello")])
    run_worker(SorryEngine(fail_times=2 * inbox.MAX_ATTEMPTS), batch=1)
    assert [i.status for i in await wait_settled(db, 2)] == ["failed", "failed"]
    assert sorted(await outgoing(db, sealer)) == [("ifan", "sorry, in cy"), ("unreadable", "sorry, in en")]


async def test_updates_left_processing_by_a_crash_are_released_at_start(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    await store(db, sealer, [("hal", "before the crash")])
    async with db.session() as session:
        await session.execute(update(table_of(InboxItem)).values(status="processing", claimed_at=clock()))
    engine = EchoEngine()
    run_worker(engine, release_on_start=True)
    [item] = await wait_settled(db, 1)
    assert item.status == "done"
    assert await outgoing(db, sealer) == [("hal", "You said: before the crash")]


async def test_a_woken_worker_answers_without_waiting_for_its_poll(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    engine = EchoEngine()
    worker = run_worker(engine, idle_poll=30.0)
    await asyncio.sleep(0.2)
    await store(db, sealer, [("ivy", "quick")])
    worker.wake()
    async with asyncio.timeout(3):  # the next poll is 30 s away: only the wake-up can answer in time
        [item] = await wait_settled(db, 1)
    assert item.status == "done"
    assert await outgoing(db, sealer) == [("ivy", "You said: quick")]


async def test_a_batch_keeps_each_chat_in_order(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    messages = [(who, f"{who}{i}") for i in range(5) for who in ("kit", "lou", "max")]
    await store(db, sealer, messages)
    engine = EchoEngine()
    run_worker(engine, batch=8)
    await wait_settled(db, len(messages))
    replies = await outgoing(db, sealer)
    for who in ("kit", "lou", "max"):
        assert [t for w, t in replies if w == who] == [f"You said: {who}{i}" for i in range(5)]


async def test_a_failure_in_a_batch_rolls_it_all_back_and_retries_one_by_one(
    db: Database, sealer: Sealer, run_worker: Callable[..., InboxWorker]
) -> None:
    await store(db, sealer, [("ned", "one"), ("oli", "two"), ("pat", "three")])
    engine = EchoEngine(fail_times=1)
    run_worker(engine, batch=8)
    items = await wait_settled(db, 3)
    assert [i.status for i in items] == ["done"] * 3
    async with db.session() as session:
        attempts = (await session.exec(select(func.count()).select_from(JoinAttempt))).scalars().one()  # type: ignore[call-overload]
    assert attempts == 0  # the failed batch's writes were rolled back
    assert sorted(await outgoing(db, sealer)) == [
        ("ned", "You said: one"),
        ("oli", "You said: two"),
        ("pat", "You said: three"),
    ]


class Receiver:
    """A sender stand-in that records what the worker hands it."""

    def __init__(self, accepting: bool) -> None:
        self.taking = accepting
        self.handed: list[OutboxItem] = []

    def accepting(self) -> bool:
        return self.taking

    def hand(self, items) -> None:  # type: ignore[no-untyped-def]
        self.handed += items


@pytest.mark.parametrize("accepting", [True, False])
async def test_replies_go_straight_to_a_running_sender_and_otherwise_wait_in_the_outbox(
    db: Database, sealer: Sealer, pseudonymiser: Pseudonymiser, accepting: bool
) -> None:
    await store(db, sealer, [("rae", "hi"), ("sol", "hello"), ("rae", "again")])
    receiver, woken = Receiver(accepting), []
    worker = InboxWorker(
        db, EchoEngine(), sealer=sealer, pseudonymiser=pseudonymiser,
        metrics=Metrics(), clock=clock, options=WorkerOptions(idle_poll=0.1, batch=8),
        on_replies_queued=woken.append, receivers={"test": receiver},
    )  # fmt: skip
    task = asyncio.create_task(worker.run())
    try:
        await wait_settled(db, 3)
        await worker.wait_idle()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    async with db.session() as session:
        stored = list((await session.exec(select(OutboxItem).order_by(OutboxItem.id))).scalars())  # type: ignore[call-overload]
    assert len(stored) == 3
    if accepting:
        # rae's second reply waits (pending) behind her first, still in the sender's hands, so a
        # chat's replies keep their order whichever replica sends them; the sender is woken for it.
        assert [r.status for r in stored] == ["sending", "sending", "pending"] and woken == ["test"]
        assert [open_outgoing(sealer, i).reply.text for i in receiver.handed] == [
            open_outgoing(sealer, r).reply.text for r in stored[:2]
        ]
    else:
        assert {r.status for r in stored} == {"pending"} and not receiver.handed
        assert woken and set(woken) == {"test"}
