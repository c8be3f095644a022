"""One leader among replicas: a PostgreSQL session advisory lock, held on a connection of its own.

The lock belongs to the connection, so if the leading replica dies its
connection closes, the lock is released and another replica can take it.
SQLite serves one process, which needs no lock and always leads.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from feedback.db import Database

__all__ = ["ADVISORY_LOCK_KEY", "LeaderLock"]

# An arbitrary constant naming Heard's scheduler lock ("HEARD" in ASCII digits).
ADVISORY_LOCK_KEY = 7269658268


class LeaderLock:
    """The advisory lock for one process: take it, check it is still held, give it up."""

    def __init__(self, db: Database, key: int = ADVISORY_LOCK_KEY) -> None:
        self._db = db
        self._key = key
        self._conn: AsyncConnection | None = None

    @property
    def needed(self) -> bool:
        """Return True when replicas may share the database (PostgreSQL), so leading needs the lock."""
        return self._db.dialect == "postgresql"

    @property
    def held(self) -> bool:
        """Return True while this process keeps the lock's connection (``still_held`` checks it answers)."""
        return self._conn is not None

    async def still_held(self) -> bool:
        """Return True if the lock's connection still answers; if not, forget it (the lock went with it)."""
        if self._conn is None:
            return False
        try:
            await self._conn.execute(text("SELECT 1"))
        except Exception:
            self._conn = None
            return False
        return True

    async def acquire(self) -> bool:
        """Try to take the lock without waiting; return whether this process holds it now."""
        if self._conn is not None:
            return True
        conn = await self._db.engine.connect()
        got = bool((await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key})).scalar())
        await conn.commit()
        if got:
            self._conn = conn
        else:
            await conn.close()
        return got

    async def release(self) -> None:
        """Give the lock up (closing its connection would release it too)."""
        if self._conn is None:
            return
        with contextlib.suppress(Exception):
            await self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
            await self._conn.close()
        self._conn = None
