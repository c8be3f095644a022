"""The aiohttp transport under PTB's Bot: answers, Telegram's errors, and no token in error messages."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.telegram.delivery import retry_after_seconds
from bot.telegram.request import AiohttpRequest
from tests.fakes.telegram import FakeBotApi


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.api_url, request=AiohttpRequest(connections=4)) as bot:
        yield bot


async def test_bot_calls_go_through(bot: Bot, fake: FakeBotApi) -> None:
    assert bot.username == "HeardTestBot"  # getMe on initialise
    message = await bot.send_message(5, "héllo 🙂")
    assert message.text == "héllo 🙂"
    assert [(m.chat_id, m.text) for m in fake.sent] == [(5, "héllo 🙂")]


async def test_telegram_errors_become_ptb_errors_without_the_token(bot: Bot, fake: FakeBotApi) -> None:
    fake.fail("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(5, "x")
    assert retry_after_seconds(limited.value) == 7
    fake.fail("sendMessage", 500)
    with pytest.raises(NetworkError):
        await bot.send_message(5, "x")
    fake.block(6)
    with pytest.raises(Forbidden):
        await bot.send_message(6, "x")
    with pytest.raises(BadRequest):
        await bot.send_message(5, "y" * 5000)
    fake.drop("sendMessage")
    with pytest.raises(NetworkError) as dropped:
        await bot.send_message(5, "x")
    assert fake.token not in str(dropped.value)
    assert fake.token.split(":")[1] not in repr(dropped.value)


async def test_an_unreachable_api_is_a_network_error_without_the_token() -> None:
    request = AiohttpRequest(connect_timeout=1.0)
    secret = "a" * 30
    bot = Bot(f"1:{secret}", base_url="http://127.0.0.1:9/bot", request=request)
    try:
        with pytest.raises(NetworkError) as failed:
            await bot.initialize()
    finally:
        await request.shutdown()
    assert secret not in str(failed.value)
