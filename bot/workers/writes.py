"""Writing to the database from many tasks at once: small writes that arrive together share a commit.

Every session already queues behind SQLite's single writer in the event loop
(``feedback.db.Database.session``, its write gate). ``GroupCommit`` puts small
writes that arrive together into one transaction, so a burst costs one
commit rather than one each. ``BatchWrite`` goes one step further for writes
of one kind (webhook inserts, delivery marks): the items that arrive together
become one statement, so a burst also costs one round trip.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from feedback.db import Database, Session

__all__ = ["BatchWrite", "GroupCommit"]

T = TypeVar("T")
R = TypeVar("R")


class BatchWrite(Generic[T, R]):
    """Writes items of one kind that arrive together with one call, in one transaction.

    ``write(session, items)`` must return one result per item, in order. While
    one batch is being written, new items wait and become the next batch, so
    the batch size follows the load: one item when quiet, hundreds in a burst.
    If a batch fails, every item in it gets the error (none of it was stored).
    """

    def __init__(
        self,
        database: Database,
        write: Callable[[Session, Sequence[T]], Awaitable[Sequence[R]]],
        *,
        max_batch: int = 500,
    ) -> None:
        self.database = database
        self.write = write
        self.max_batch = max_batch
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Return ``item``'s result once its batch is committed."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
            try:
                async with self.database.session() as session:
                    results = await self.write(session, [item for item, _future in batch])
                    if len(results) != len(batch):  # raised inside: the batch is rolled back
                        raise RuntimeError("a batch write must return one result per item")
            except BaseException as exc:
                for _item, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            for (_item, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


Step = Callable[[Session], Awaitable[Any]]


class GroupCommit:
    """Runs small write steps that arrive together in one transaction.

    Every step in a group succeeds or fails together (a failure there is a
    database failure, which would fail each of them alone too); a caller
    learns its own step's result only after the commit.
    """

    def __init__(self, database: Database, *, max_group: int = 200) -> None:
        self._batches: BatchWrite[Step, Any] = BatchWrite(database, _run_steps, max_batch=max_group)

    async def run(self, step: Callable[[Session], Awaitable[T]]) -> T:
        """Return what ``step`` returned, once its transaction is committed."""
        result: T = await self._batches.submit(step)
        return result


async def _run_steps(session: Session, steps: Sequence[Step]) -> list[Any]:
    return [await step(session) for step in steps]
