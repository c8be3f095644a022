"""Bot API calls from a child process: the same outcomes as inline, and nothing lost when it dies."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator

import pytest

from bot.conversation.types import Button, Reply
from bot.outgoing import Outgoing
from bot.telegram.delivery_process import LOST, BotConnection, DeliveryProcess
from bot.workers.sender import GiveUp, RetryLater
from tests.fakes.telegram import FakeBotApi

pytestmark = pytest.mark.slow

MENU = Reply("What would you like to do?", buttons=((Button("Get help now", "menu:help"),),))


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def delivery(fake: FakeBotApi) -> AsyncIterator[DeliveryProcess]:
    process = DeliveryProcess(BotConnection(fake.token, fake.api_url), restart_pause=0.1)
    try:
        yield process
    finally:
        await process.close()


def to(chat: int, reply: Reply = MENU) -> Outgoing:
    return Outgoing("telegram", str(chat), reply)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_messages_reach_telegram_from_the_child_with_their_buttons(
    fake: FakeBotApi, delivery: DeliveryProcess
) -> None:
    await delivery.start()
    assert delivery.pid is not None and delivery.pid != os.getpid()
    await asyncio.gather(*(delivery(to(100 + n, Reply(f"reply {n} — ünïcode ✓"))) for n in range(20)))
    await delivery(to(7))
    assert sorted(m.text for m in fake.sent if m.chat_id != 7) == sorted(
        f"reply {n} — ünïcode ✓" for n in range(20)
    )
    [menu] = fake.messages_to(7)
    assert menu.text == MENU.text and menu.callback_data == ["menu:help"]
    assert delivery.starts == 1


async def test_telegram_errors_mean_what_they_mean_inline(
    fake: FakeBotApi, delivery: DeliveryProcess
) -> None:
    fake.fail("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryLater) as limited:
        await delivery(to(1))
    assert (limited.value.code, limited.value.after, limited.value.pause_all) == ("RetryAfter", 7.0, True)

    fake.fail("sendMessage", 502)
    with pytest.raises(RetryLater) as server:
        await delivery(to(1))
    assert server.value.code == "NetworkError" and server.value.after is None

    fake.block(2)
    with pytest.raises(GiveUp) as blocked:
        await delivery(to(2))
    assert (blocked.value.code, blocked.value.blocked) == ("Forbidden", True)

    with pytest.raises(GiveUp) as bad:
        await delivery(Outgoing("telegram", "not-a-chat-id", MENU))
    assert bad.value.code == "ValueError" and not bad.value.blocked
    assert fake.sent == []


async def test_a_child_that_dies_mid_call_is_retried_and_replaced(
    fake: FakeBotApi, delivery: DeliveryProcess
) -> None:
    fake.hold()
    call = asyncio.create_task(delivery(to(3)))
    await fake.wait_until(lambda: fake.held == 1)
    first = delivery.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    with pytest.raises(RetryLater) as lost:
        await asyncio.wait_for(call, 10)
    assert lost.value.code == LOST
    fake.release()
    await fake.wait_until(lambda: fake.abandoned == 1)  # the held request died with the child

    await delivery(to(3))  # the sender's retry: a new child sends it
    assert delivery.starts == 2 and delivery.pid not in (None, first)
    assert [m.chat_id for m in fake.sent] == [3]


async def test_a_cancelled_call_returns_at_once_and_the_child_keeps_working(
    fake: FakeBotApi, delivery: DeliveryProcess
) -> None:
    fake.hold()
    call = asyncio.create_task(delivery(to(4)))
    await fake.wait_until(lambda: fake.held == 1)
    call.cancel()  # the sender stopping: the child is told to drop the request too
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(call, 5)
    fake.release()
    await fake.wait_until(lambda: fake.abandoned == 1)
    await delivery(to(5))
    assert [m.chat_id for m in fake.sent] == [5] and delivery.starts == 1


async def test_close_stops_the_child_and_later_calls_are_retried(
    fake: FakeBotApi, delivery: DeliveryProcess
) -> None:
    await delivery.start()
    pid = delivery.pid
    assert pid is not None
    await delivery.close()
    assert not alive(pid)
    with pytest.raises(RetryLater):
        await delivery(to(6))
    assert fake.sent == []


async def test_a_child_that_cannot_run_or_talks_nonsense_is_a_retry_not_a_crash() -> None:
    broken = DeliveryProcess(
        BotConnection("1:x", "http://127.0.0.1:9/bot"),
        restart_pause=0.05,
        command=[sys.executable, "-c", "import sys; sys.stdin.readline(); print('nonsense'); print('{}')"],
    )
    try:
        for _ in range(2):
            with pytest.raises(RetryLater) as lost:
                await asyncio.wait_for(broken(to(8)), 10)
            assert lost.value.code == LOST
        assert broken.starts == 2
    finally:
        await broken.close()


async def test_a_call_the_child_never_answers_is_retried_after_a_bound(fake: FakeBotApi) -> None:
    delivery = DeliveryProcess(BotConnection(fake.token, fake.api_url), call_timeout=0.5)
    try:
        fake.hold()  # the request never returns within the bound
        with pytest.raises(RetryLater) as stuck:
            await asyncio.wait_for(delivery(to(9)), 10)
        assert stuck.value.code == "DeliveryTimedOut"
        fake.release()
        await delivery(to(10))  # the same child goes on
        assert [m.chat_id for m in fake.sent] == [10] and delivery.starts == 1
    finally:
        await delivery.close()
