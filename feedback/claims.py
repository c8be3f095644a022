"""Who holds claimed queue rows, and taking back the rows of a claimant that is gone.

Inbox and outbox rows are claimed (``processing`` / ``sending``), and texts
waiting for redaction are claimed (``claimed_by``), by one process at a
time. A process that dies leaves its rows claimed. Waiting a fixed time
before anyone may take them again is both too slow (replies wait minutes
after a crash) and unsafe (a live process whose outcome is only waiting for
the database would see its row sent a second time). So every
process claims under a number of its own and, on PostgreSQL, holds a session
advisory lock on that number for as long as it lives: the lock goes with its
connection when it dies, and any other process that finds the lock free knows
the rows are orphaned and returns them to the queue. On SQLite there is one
process, and at its start every claimed row is orphaned.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.db import Database
from feedback.queue import QUEUES

__all__ = [
    "CLAIMANT_LOCK_SPACE",
    "ClaimantLock",
    "Released",
    "claimants",
    "hold_claimant",
    "is_claimant_alive",
    "new_claimant",
    "release_all",
    "release_claimant",
]

# The first key of every claimant's advisory lock ("HEAR" in ASCII); the second is its number.
CLAIMANT_LOCK_SPACE = 0x48454152


@dataclass(frozen=True)
class Released:
    """How many claimed rows went back to each queue (named as in ``feedback.queue.QUEUES``)."""

    inbox: int
    outbox: int
    text: int = 0  # texts waiting for redaction

    @property
    def total(self) -> int:
        """Return the number of rows returned to a queue."""
        return self.inbox + self.outbox + self.text


def new_claimant() -> int:
    """Return a fresh claimant number (a positive 31-bit integer, the advisory lock's second key)."""
    return secrets.randbelow(2**31 - 2) + 1


async def hold_claimant(conn: AsyncConnection, claimant: int) -> bool:
    """Take ``claimant``'s advisory lock on ``conn`` (kept until the connection closes); return success."""
    got = (
        await conn.execute(
            text("SELECT pg_try_advisory_lock(:space, :claimant)"),
            {"space": CLAIMANT_LOCK_SPACE, "claimant": claimant},
        )
    ).scalar()
    await conn.commit()
    return bool(got)


async def is_claimant_alive(conn: AsyncConnection, claimant: int) -> bool:
    """Return True if some session holds ``claimant``'s lock (its process lives)."""
    params = {"space": CLAIMANT_LOCK_SPACE, "claimant": claimant}
    got = (await conn.execute(text("SELECT pg_try_advisory_lock(:space, :claimant)"), params)).scalar()
    if got:
        await conn.execute(text("SELECT pg_advisory_unlock(:space, :claimant)"), params)
    await conn.commit()
    return not got


async def claimants(session: AsyncSession) -> set[int]:
    """Return the numbers of every claimant that holds inbox, outbox or text rows now."""
    held: set[int] = set()
    for queue in QUEUES.values():
        held |= await queue.claimants(session)
    return held


async def release_claimant(session: AsyncSession, claimant: int) -> Released:
    """Return every row ``claimant`` holds to its queue (its process is gone)."""
    return Released(**{name: await queue.release(session, owner=claimant) for name, queue in QUEUES.items()})


async def release_all(session: AsyncSession) -> Released:
    """Return every claimed row to its queue (the one process on SQLite, starting)."""
    return Released(**{name: await queue.release(session) for name, queue in QUEUES.items()})


class ClaimantLock:
    """A process's claimant lock on a connection of its own (PostgreSQL), re-taken if it drops.

    If the database restarts, the lock goes with the connection; ``keep``
    takes it again as soon as the database is back. Other processes wait
    ``takeover_after`` seconds before treating a free lock as a dead process,
    which leaves ample time for that.
    """

    def __init__(self, database: Database, claimant: int) -> None:
        self.database = database
        self.claimant = claimant
        self._conn: AsyncConnection | None = None

    @property
    def held(self) -> bool:
        """Return True while the lock is believed held."""
        return self._conn is not None

    async def keep(self) -> bool:
        """Check the lock is still held, taking it again if its connection dropped; return whether held."""
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT 1"))
                await self._conn.commit()
                return True
            except Exception:
                await self._drop()
        conn = await self.database.engine.connect()
        try:
            if await hold_claimant(conn, self.claimant):
                self._conn = conn
                return True
        except BaseException:
            await conn.close()
            raise
        await conn.close()  # someone is testing whether we live: try again on the next round
        return False

    async def alive(self, other: int) -> bool:
        """Return True if ``other``'s process holds its lock."""
        if self._conn is None:
            raise RuntimeError("hold the claimant lock before testing others")
        return await is_claimant_alive(self._conn, other)

    async def close(self) -> None:
        """Let go of the lock (closing its connection releases it)."""
        await self._drop()

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):  # a dead connection has nothing left to release
                await conn.close()
