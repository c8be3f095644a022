"""A running Heard app wired to the fake Bot API, for Telegram and worker tests and benches."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import ClientResponse, ClientSession, web

from bot.app import init_app
from bot.settings import Settings
from bot.telegram import CONVERSATION, TELEGRAM, TelegramChannel, TelegramOptions
from bot.workers import Conversation, SenderOptions, SendLimits, WorkerOptions
from feedback.crypto import generate_fernet_key, generate_pseudonym_key
from tests.fakes.telegram import FakeBotApi

__all__ = ["FAST", "WEBHOOK_SECRET", "RunningHeard", "running_heard", "telegram_settings"]

WEBHOOK_SECRET = "test-webhook-secret-0123456789"

# No pacing, quick polling and retries: for tests about behaviour rather than timing.
FAST = TelegramOptions(
    sender=SenderOptions(limits=SendLimits(0, 0), idle_poll=0.2, backoff_base=0.05),
    worker=WorkerOptions(idle_poll=0.2, retry_base=0.02),
)


def telegram_settings(database_url: str, fake: FakeBotApi, **overrides: Any) -> Settings:
    """Return settings for a Heard joined to ``fake`` on ``database_url``."""
    settings = Settings(
        database_url=database_url,
        secret_keys=(generate_fernet_key(),),
        pseudonym_key=generate_pseudonym_key(),
        telegram_token=fake.token,
        telegram_api_url=fake.api_url,
        public_url="https://heard.example.org",
        webhook_secret=WEBHOOK_SECRET,
    )
    return replace(settings, **overrides)


@dataclass
class RunningHeard:
    """The app, an HTTP client for it, and the Telegram channel inside it."""

    app: web.Application
    base_url: str
    http: ClientSession

    @property
    def channel(self) -> TelegramChannel:
        return self.app[TELEGRAM]

    async def post_update(self, update: dict[str, Any], *, secret: str = WEBHOOK_SECRET) -> ClientResponse:
        """POST ``update`` to the webhook as Telegram would."""
        return await self.post_raw(json.dumps(update).encode(), secret=secret)

    async def post_raw(self, body: bytes, *, secret: str | None = WEBHOOK_SECRET) -> ClientResponse:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        async with self.http.post(f"{self.base_url}/telegram/webhook", data=body, headers=headers) as r:
            await r.read()
            return r


@asynccontextmanager
async def running_heard(
    settings: Settings,
    conversation: Conversation | None = None,
    options: TelegramOptions | None = FAST,
    *,
    wait_connected: bool = True,
) -> AsyncIterator[RunningHeard]:
    """Run Heard on a free local port until the block ends."""
    app = init_app(settings)
    if options is not None:
        app[TELEGRAM].options = options
    if conversation is not None:
        app[CONVERSATION] = conversation
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = int(runner.addresses[0][1])
    try:
        async with ClientSession() as http:
            heard = RunningHeard(app, f"http://127.0.0.1:{port}", http)
            if wait_connected:
                import asyncio

                async with asyncio.timeout(10):
                    await heard.channel.connected.wait()
            yield heard
    finally:
        await runner.cleanup()
