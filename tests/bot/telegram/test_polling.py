"""Polling feeds the same inbox: deleteWebhook first, offsets move only past stored updates."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from feedback.db import Database
from tests.fakes.conversation import EchoEngine
from tests.fakes.heard import running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi
from tests.fakes.updates import UpdateFactory


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        api.webhook = {"url": "https://old.example.org/hook"}  # left over from webhook mode
        yield api


async def test_polling_deletes_the_webhook_and_answers_updates_once(
    db: Database, db_url: str, fake: FakeBotApi
) -> None:
    updates = UpdateFactory()
    fake.queue_update(updates.text(11, "first"))
    fake.queue_update(updates.text(12, "second"))
    engine = EchoEngine()
    settings = telegram_settings(db_url, fake, telegram_mode="polling")
    async with running_heard(settings, engine) as heard:
        sent = await fake.wait_for_sent(2)
        third = updates.text(11, "third")
        fake.queue_update(third)
        sent = await fake.wait_for_sent(3)
        last_offset = third["update_id"] + 1
        await fake.wait_until(lambda: int(fake.calls_of("getUpdates")[-1].get("offset") or 0) == last_offset)
        routes = [r.resource.canonical for r in heard.app.router.routes() if r.resource is not None]
    assert fake.webhook is None
    assert [m.text for m in sent if m.chat_id == 11] == ["You said: first", "You said: third"]
    assert [m.text for m in sent if m.chat_id == 12] == ["You said: second"]
    offsets = [int(c.get("offset") or 0) for c in fake.calls_of("getUpdates")]
    assert offsets == sorted(offsets)  # confirmed only forwards, after storing
    assert "/telegram/webhook" not in routes  # nobody can post updates in polling mode
