"""A real Heard server (``init_app``) on 127.0.0.1 in a background thread, for browser tests."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web

from bot.app import init_app
from bot.settings import Settings
from feedback.crypto import Pseudonymiser
from feedback.db import Database
from feedback.invites import create_invites
from feedback.migrate import upgrade
from tests.bot.webchat.conftest import chat_settings


@dataclass
class RunningServer:
    """A served app: its base URL, settings and a way to make invite codes for it."""

    url: str
    settings: Settings
    _loop: asyncio.AbstractEventLoop
    _runner: web.AppRunner
    _thread: threading.Thread

    def make_code(self, status: str = "in_care", band: str = "11-15") -> str:
        """Return a fresh single-use invite code for this server's database."""

        async def make() -> str:
            db = Database(self.settings.resolved_database_url)
            now = datetime.now(UTC)
            try:
                async with db.session() as session:
                    [code] = await create_invites(
                        session,
                        pseudonymiser=Pseudonymiser.from_setting(self.settings.pseudonym_key),
                        care_status=status,
                        age_band=band,
                        count=1,
                        expires_at=now + timedelta(days=1),
                        max_uses=1,
                        batch="browser",
                        now=now,
                    )
            finally:
                await db.dispose()
            return code

        return asyncio.run_coroutine_threadsafe(make(), self._loop).result(timeout=30)

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)


def start_server(data_dir: Path, **overrides: object) -> RunningServer:
    """Migrate a fresh SQLite database in ``data_dir`` and serve Heard on a free port, with ``overrides``."""
    url = f"sqlite:///{data_dir / 'heard.db'}"

    async def migrate() -> None:
        db = Database(url)
        try:
            await upgrade(db)
        finally:
            await db.dispose()

    settings = chat_settings(data_dir, url, **overrides)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(init_app(settings))
    ready = threading.Event()
    port: list[int] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)

        async def begin() -> None:
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port.append(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
            ready.set()

        loop.run_until_complete(migrate())  # in this thread: the browser may own the main thread's loop
        loop.run_until_complete(begin())
        loop.run_forever()
        loop.close()

    thread = threading.Thread(target=serve, name="heard-test-server", daemon=True)
    thread.start()
    if not ready.wait(timeout=60):
        raise RuntimeError("the test server did not start within 60 s")
    return RunningServer(f"http://127.0.0.1:{port[0]}", settings, loop, runner, thread)
