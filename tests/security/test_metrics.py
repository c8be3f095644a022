"""``/metrics`` is not public: a bearer token on the public port, or an internal listener."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import aiohttp

from bot.app import init_app
from feedback.db import Database
from tests.bot.webchat.conftest import chat_settings

TOKEN = "scrape-token-for-prometheus-0123"


async def test_metrics_are_not_public(aiohttp_client: Any, tmp_path: Path, db_url: str, db: Database) -> None:
    """Finding (Medium): /metrics was public and showed urgent alerts rising as a child disclosed."""
    open_to_all = await aiohttp_client(init_app(chat_settings(tmp_path, db_url)))
    assert (await open_to_all.get("/metrics")).status == 404
    guarded = await aiohttp_client(init_app(chat_settings(tmp_path, db_url, metrics_token=TOKEN)))
    assert (await guarded.get("/metrics")).status == 401
    assert (await guarded.get("/metrics", headers={"Authorization": "Bearer wrong"})).status == 401
    scraped = await guarded.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scraped.status == 200 and "heard_http_requests_total" in await scraped.text()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_an_internal_listener_serves_metrics_alone(
    aiohttp_client: Any, tmp_path: Path, db_url: str, db: Database
) -> None:
    port = _free_port()
    await aiohttp_client(init_app(chat_settings(tmp_path, db_url, metrics_port=port)))
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/metrics") as scraped:
            assert scraped.status == 200 and "heard_" in await scraped.text()
        async with session.get(f"http://127.0.0.1:{port}/chat") as other:
            assert other.status == 404
