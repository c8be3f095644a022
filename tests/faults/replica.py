"""One Heard process for the fault suite: the echo conversation, the fake Bot API, until killed.

``python -m tests.faults.replica DATABASE_URL API_URL TOKEN PORT KEYS_FILE`` — a process of its own, so
the fault suite can kill it with SIGKILL and start another in its place.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import replace

from aiohttp import web

from bot.app import init_app
from bot.settings import Settings
from bot.telegram import CONVERSATION, TELEGRAM
from bot.workers import SendLimits
from tests.fakes.conversation import EchoEngine
from tests.fakes.heard import WEBHOOK_SECRET
from tests.faults.test_faults import OPTIONS


async def serve(url: str, api_url: str, token: str, port: int, keys_file: str) -> None:
    with open(keys_file) as file:
        keys = json.load(file)
    settings = Settings(
        database_url=url,
        secret_keys=tuple(keys["secret_keys"]),
        pseudonym_key=keys["pseudonym_key"],
        telegram_token=token,
        telegram_api_url=api_url,
        public_url="https://heard.example.org",
        webhook_secret=WEBHOOK_SECRET,
    )
    app = init_app(settings)
    # Telegram's overall pace, so a burst takes seconds and a kill lands mid-burst.
    app[TELEGRAM].options = replace(OPTIONS, sender=replace(OPTIONS.sender, limits=SendLimits(30, 0)))
    app[CONVERSATION] = EchoEngine()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    url, api_url, token, port, keys_file = sys.argv[1:6]
    asyncio.run(serve(url, api_url, token, int(port), keys_file))
