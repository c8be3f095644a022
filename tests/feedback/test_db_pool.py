"""Pooled PostgreSQL connections: checked before use only after idling, and replaced when dropped."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from feedback.db import Database
from tests.conftest import _admin_execute, pg_url  # noqa: F401  (the fixture)

pytestmark = pytest.mark.postgres


async def _backend_pid(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_in_steady_use_is_not_pinged(pg_url: str) -> None:  # noqa: F811
    db = Database(pg_url, pool_size=1, ping_idle_after=60)
    try:
        pids = {await _backend_pid(db) for _ in range(20)}
        assert len(pids) == 1  # the same pooled connection every time…
        assert db.idle_ping is not None and db.idle_ping.pings == 0  # …and no round trip to check it
    finally:
        await db.dispose()


async def test_an_idle_connection_the_server_dropped_is_replaced_before_use(pg_url: str) -> None:  # noqa: F811
    db = Database(pg_url, pool_size=1, ping_idle_after=0.2)
    try:
        first = await _backend_pid(db)
        _admin_execute(f"SELECT pg_terminate_backend({first})")  # as an idle timeout or a restart would
        await asyncio.sleep(0.3)
        second = await _backend_pid(db)  # no error: the ping found it dead and the pool reconnected
        assert second != first
        assert db.idle_ping is not None and db.idle_ping.pings == 1
    finally:
        await db.dispose()
