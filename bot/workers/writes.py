"""Writing to the database from many tasks at once without tripping over SQLite's single writer.

SQLite lets one connection write at a time; the others wait in its busy
handler, which sleeps in growing steps and turns a burst of small writes into
seconds of latency. ``WriteGate`` queues Heard's own writers in the event loop
instead (on PostgreSQL it does nothing), and ``GroupCommit`` puts small
writes that arrive together into one transaction, so a burst of webhook
updates costs one commit rather than one each.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.db import Database

__all__ = ["GroupCommit", "WriteGate"]

T = TypeVar("T")


class WriteGate:
    """One writer at a time on SQLite; no-op on PostgreSQL."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lock = asyncio.Lock() if database.dialect == "sqlite" else None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """Yield a session (committed on success) while holding the gate."""
        if self._lock is None:
            async with self.database.session() as session:
                yield session
            return
        async with self._lock, self.database.session() as session:
            yield session


class GroupCommit:
    """Runs small write steps that arrive together in one transaction.

    Every step in a group succeeds or fails together (a failure there is a
    database failure, which would fail each of them alone too); a caller
    learns its own step's result only after the commit.
    """

    def __init__(self, gate: WriteGate, *, max_group: int = 200) -> None:
        self.gate = gate
        self.max_group = max_group
        self._waiting: list[tuple[Callable[[AsyncSession], Awaitable[Any]], asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def run(self, step: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Return what ``step`` returned, once its transaction is committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((step, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting[: self.max_group], self._waiting[self.max_group :]
            results: list[Any] = []
            try:
                async with self.gate.session() as session:
                    for step, _future in group:
                        results.append(await step(session))
            except BaseException as exc:
                for _step, future in group:
                    if not future.done():
                        future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            for (_step, future), result in zip(group, results, strict=True):
                if not future.done():
                    future.set_result(result)
