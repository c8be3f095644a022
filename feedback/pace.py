"""Telegram's overall send limit, shared by every replica through one PostgreSQL advisory lock.

Telegram allows a bot about 30 messages a second in all. Each replica's own
pacing keeps it under that, but two replicas would send twice as fast. So on
PostgreSQL a send must first pass a turnstile: take the advisory lock, hold it
for one interval (1/30 s), let go, then send. Whoever waits for the lock waits
in PostgreSQL's queue, so all replicas together pass at most one send per
interval. A 429 holds the turnstile for its ``retry_after``, which stops every
replica's sends, not only the one that was refused. If a replica dies holding
the lock, its connection closes and the lock goes with it.

The turnstile passes sends a little slower than the limit (``HEADROOM``). A
send reaches Telegram a moment after it passes, and that moment varies: a
delivery child that fell behind on a busy machine catches up in a bunch. The
margin keeps such bunches within the limit in any one second, not only on
average.
"""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from feedback.db import Database

__all__ = ["HEADROOM", "PACE_LOCK", "SharedPace"]

# The advisory lock every replica's sends pass through ("HEPA" in ASCII).
PACE_LOCK = 0x48455041
# The share of the limit the turnstile passes: 30 a second becomes one send every 1/25 s.
HEADROOM = 5 / 6


class SharedPace:
    """A turnstile for sends, shared by every process on one PostgreSQL database."""

    def __init__(
        self, database: Database, *, per_second: float, key: int = PACE_LOCK, headroom: float = HEADROOM
    ) -> None:
        if per_second <= 0:
            raise ValueError("a shared pace needs a positive rate")
        if not 0 < headroom <= 1:
            raise ValueError("headroom is a share of the limit, above 0 and at most 1")
        self.database = database
        self.interval = 1.0 / (per_second * headroom)
        self.key = key
        self._local = asyncio.Lock()  # one send of this process at the turnstile at a time
        self._conn: AsyncConnection | None = None

    async def pass_(self) -> None:
        """Return when this send may go: at most one per interval across every replica.

        The interval is ``1 / (per_second * headroom)``.
        """
        await self._hold_for(self.interval)

    async def hold(self, seconds: float) -> None:
        """Stop every replica's sends for ``seconds`` (Telegram said 429 with ``retry_after``).

        On a connection of its own, so it does not queue behind this process's
        sends waiting at the turnstile: it waits only for the send passing now
        and at most one waiting in each other replica.
        """
        conn = await self.database.engine.connect()
        try:
            await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": self.key})
            await asyncio.sleep(seconds)
            await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            await conn.commit()
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(conn.close())

    async def close(self) -> None:
        """Close the turnstile's connection (releasing the lock if it is held)."""
        await self._drop()

    async def _hold_for(self, seconds: float) -> None:
        async with self._local:
            conn = await self._connection()
            try:
                await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": self.key})
                try:
                    await asyncio.sleep(seconds)
                finally:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
                    await conn.commit()
            except BaseException:
                await self._drop()  # a connection in doubt goes, and the lock with it
                raise

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self.database.engine.connect()
        return self._conn

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(conn.close())
