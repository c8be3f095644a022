"""The outbox sender with the real PTB stack against the fake Bot API: retries, give-ups, order, pacing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.appkeys import PSEUDONYMISER, SEALER
from bot.conversation.types import Button, Reply
from bot.outgoing import queue_replies
from bot.telegram import TelegramOptions
from bot.workers import SendLimits
from feedback.db import Database
from feedback.models import OutboxItem, Participant
from tests.fakes.heard import FAST, RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def options(**sender: object) -> TelegramOptions:
    return replace(FAST, sender=replace(FAST.sender, **sender))  # type: ignore[arg-type]


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


async def start(db_url: str, fake: FakeBotApi, opts: TelegramOptions = FAST) -> RunningHeard:
    context = running_heard(telegram_settings(db_url, fake), conversation=None, options=opts)
    heard = await context.__aenter__()
    heard.context = context  # type: ignore[attr-defined]
    return heard


@pytest.fixture
async def heard_factory(db: Database, db_url: str, fake: FakeBotApi) -> AsyncIterator[object]:
    started: list[RunningHeard] = []

    async def make(opts: TelegramOptions = FAST) -> RunningHeard:
        heard = await start(db_url, fake, opts)
        started.append(heard)
        return heard

    yield make
    for heard in started:
        await heard.context.__aexit__(None, None, None)  # type: ignore[attr-defined]


async def queue(heard: RunningHeard, db: Database, address: str, *texts: str) -> None:
    async with db.session() as session:
        await queue_replies(
            session,
            sealer=heard.app[SEALER],
            pseudonymiser=heard.app[PSEUDONYMISER],
            channel="telegram",
            address=address,
            replies=[Reply(t, buttons=((Button("OK", "menu:open"),),)) for t in texts],
            now=datetime.now(UTC),
        )
    assert heard.channel.sender is not None
    heard.channel.sender.wake()


async def rows(db: Database) -> list[OutboxItem]:
    async with db.session() as session:
        return list((await session.exec(select(OutboxItem).order_by(OutboxItem.id))).scalars())  # type: ignore[call-overload]


async def settled(
    db: Database, count: int, done: Callable[[OutboxItem], bool] = lambda r: r.status in ("sent", "failed")
) -> list[OutboxItem]:
    """Wait until ``count`` outbox rows are settled (delivery is seen at the fake before it is recorded)."""
    async with asyncio.timeout(10):
        while True:
            found = await rows(db)
            if sum(1 for r in found if done(r)) >= count:
                return found
            await asyncio.sleep(0.05)


def send_times(fake: FakeBotApi) -> list[float]:
    return [at for method, at in fake.call_times if method == "sendMessage"]


async def test_429_is_retried_after_retry_after(heard_factory, db: Database, fake: FakeBotApi) -> None:  # type: ignore[no-untyped-def]
    heard = await heard_factory()
    fake.fail("sendMessage", 429, retry_after=1)
    await queue(heard, db, "100", "hello")
    [sent] = await fake.wait_for_sent(1, timeout=10)
    first, second = send_times(fake)
    assert second - first >= 0.95
    assert sent.text == "hello" and sent.callback_data == ["menu:open"]
    [row] = await settled(db, 1)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_server_errors_and_dropped_connections_are_retried(
    heard_factory,
    db: Database,
    fake: FakeBotApi,  # type: ignore[no-untyped-def]
) -> None:
    heard = await heard_factory()
    fake.fail("sendMessage", 502)
    fake.drop("sendMessage")
    fake.fail("sendMessage", 500)
    await queue(heard, db, "101", "still here")
    await fake.wait_for_sent(1, timeout=10)
    assert len(send_times(fake)) == 4
    [row] = await settled(db, 1)
    assert (row.status, row.attempts) == ("sent", 4)
    assert [m.text for m in fake.sent] == ["still here"]


async def test_gives_up_at_the_horizon_and_records_it(heard_factory, db: Database, fake: FakeBotApi) -> None:  # type: ignore[no-untyped-def]
    heard = await heard_factory(options(give_up_after=timedelta(seconds=1.0), backoff_cap=0.1))
    fake.fail("sendMessage", 500, times=1000)
    await queue(heard, db, "102", "doomed")
    [row] = await settled(db, 1)
    assert (row.status, row.last_error) == ("failed", "NetworkError")
    assert row.attempts == len(send_times(fake)) >= 2  # every real send counted, nothing else
    assert fake.sent == []
    metrics = heard.channel.sender.metrics  # type: ignore[union-attr]
    assert metrics.messages_sent.labels("telegram", "gave_up")._value.get() == 1


async def test_a_blocked_bot_gives_up_at_once_and_pauses_the_participant(
    heard_factory,
    db: Database,
    fake: FakeBotApi,  # type: ignore[no-untyped-def]
) -> None:
    heard = await heard_factory()
    pseudonym = heard.app[PSEUDONYMISER].pseudonym("telegram", "103")
    async with db.session() as session:
        session.add(Participant(pseudonym=pseudonym, channel="telegram", care_status="care_leaver",
                                age_band="16-25", joined_on=date(2026, 11, 1)))  # fmt: skip
    fake.block(103)
    await queue(heard, db, "103", "are you there?")
    [row] = await settled(db, 1)
    await asyncio.sleep(0.2)  # the pause is written just after the outcome
    async with db.session() as session:
        participant = (await session.exec(select(Participant))).scalars().one()  # type: ignore[call-overload]
    assert participant.paused is True
    assert (row.status, row.last_error) == ("failed", "Forbidden")
    assert len(send_times(fake)) == 1


async def test_one_chat_stays_in_order_when_its_first_message_must_wait(
    heard_factory,
    db: Database,
    fake: FakeBotApi,  # type: ignore[no-untyped-def]
) -> None:
    heard = await heard_factory()
    fake.fail("sendMessage", 429, retry_after=1)
    await queue(heard, db, "104", "one", "two", "three")
    await queue(heard, db, "105", "other chat")
    sent = await fake.wait_for_sent(4, timeout=10)
    await settled(db, 4)
    assert [m.text for m in sent if m.chat_id == 104] == ["one", "two", "three"]
    assert len(send_times(fake)) == 5  # one refusal, then each message once


@pytest.mark.serial
async def test_pacing_keeps_under_the_fakes_limits(db: Database, db_url: str) -> None:  # type: ignore[no-untyped-def]
    async with FakeBotApi(chat_limit=(2, 1.0), overall_limit=(10, 1.0)) as strict:
        limits = SendLimits(overall_per_second=10, chat_per_second=2, chat_burst=2)
        heard = await start(db_url, strict, options(limits=limits))
        try:
            await queue(heard, db, "106", *[f"a{i}" for i in range(5)])
            for chat in range(107, 117):
                await queue(heard, db, str(chat), "hi")
            sent = await strict.wait_for_sent(15, timeout=20)
        finally:
            await heard.context.__aexit__(None, None, None)  # type: ignore[attr-defined]
    calls = [
        (round(t - strict.call_times[0][1], 3), p.get("chat_id"))
        for (m, p), (_, t) in zip(strict.calls, strict.call_times)
        if m == "sendMessage"
    ]
    assert strict.rejected_429 == 0, str(calls)
    assert [m.text for m in sent if m.chat_id == 106] == [f"a{i}" for i in range(5)]
    times = sorted(m.at for m in sent)
    assert times[-1] - times[0] >= 1.2  # 15 messages at 10/s cannot all go at once


async def test_a_full_hand_takes_more_as_chats_finish_without_waiting_for_the_poll(
    heard_factory: Callable[..., object], db: Database, fake: FakeBotApi
) -> None:
    # Two messages in hand at most, and a poll too slow to matter: only finished chats make room.
    heard = await heard_factory(options(in_hand=2, idle_poll=60.0))  # type: ignore[misc]
    fake.send_delay = 0.05
    async with db.session() as session:  # queued together, before the sender is told
        for chat in range(201, 209):
            await queue_replies(
                session,
                sealer=heard.app[SEALER],  # type: ignore[attr-defined]
                pseudonymiser=heard.app[PSEUDONYMISER],  # type: ignore[attr-defined]
                channel="telegram",
                address=str(chat),
                replies=[Reply(f"to {chat}")],
                now=datetime.now(UTC),
            )
    heard.channel.sender.wake()  # type: ignore[attr-defined]
    sent = await fake.wait_for_sent(8, timeout=10)
    assert sorted(m.chat_id for m in sent) == list(range(201, 209))
