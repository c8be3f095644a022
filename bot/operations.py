"""The operator's view of a running service: queue ages, the redaction backlog and database errors.

Every ``interval`` seconds one query per queue reads how many rows wait in
each state and how old the oldest is, into ``heard_queue_items`` and
``heard_queue_oldest_seconds`` (the example alert rules in ``deploy/`` fire on
these). Database errors are counted by safe code as the engine reports them,
and a full disk is remembered for ``/readyz`` (``DiskFull``): a database that
answers reads but refuses every write is not ready. The watcher runs
supervised, like every other worker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from aiohttp import web

from bot.appkeys import DATABASE, METRICS
from bot.metrics import Metrics
from bot.supervisor import SUPERVISOR, Supervisor
from feedback import operations
from feedback.db import Database

__all__ = ["DISK_FULL", "DiskFull", "QueueWatch", "setup_operations"]

log = logging.getLogger(__name__)


class QueueWatch:
    """Reads queue states into the metrics, every ``interval`` seconds, until cancelled."""

    def __init__(
        self,
        database: Database,
        metrics: Metrics,
        *,
        interval: float = 15.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.database = database
        self.metrics = metrics
        self.interval = interval
        self.clock = clock

    async def look(self) -> list[operations.QueueState]:
        """Read every queue's states once and publish them."""
        async with self.database.session() as session:
            states = await operations.queue_states(session, now=self.clock())
        for state in states:
            self.metrics.queue_items.labels(state.queue, state.state).set(state.count)
            self.metrics.queue_oldest_seconds.labels(state.queue, state.state).set(state.oldest_seconds)
        return states

    async def run(self) -> None:
        """Look every ``interval`` seconds; a failed look is logged by code and tried again."""
        while True:
            try:
                await self.look()
            except Exception as exc:
                log.warning(
                    "operations.look_failed",
                    extra={"event": "operations.look_failed", "code": operations.error_code(exc)},
                )
            await asyncio.sleep(self.interval)


class DiskFull:
    """Remembers when the database last refused a write for want of space (``/readyz``).

    Every worker retries its writes, so while the disk stays full such errors
    keep coming; ``recent`` turns false ``window`` seconds after the last one.
    """

    def __init__(self, *, window: float = 15.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._now = monotonic
        self._last: float | None = None

    def seen(self, code: str) -> None:
        """Note a database error (by its safe code)."""
        if code in operations.DISK_FULL:
            self._last = self._now()

    def recent(self) -> bool:
        """Return True while the database refused a write for want of space in the last ``window`` s."""
        return self._last is not None and self._now() - self._last < self.window


DISK_FULL = web.AppKey("disk_full", DiskFull)


def setup_operations(app: web.Application) -> None:
    """Count database errors by code and watch the queues while the application runs."""
    app[DISK_FULL] = disk = DiskFull()

    async def context(app: web.Application) -> AsyncIterator[None]:
        metrics = app[METRICS]

        def on_error(code: str) -> None:
            metrics.database_errors.labels(code).inc()
            disk.seen(code)

        operations.watch_errors(app[DATABASE], on_error)
        supervisor = app.get(SUPERVISOR) or Supervisor()
        watch = supervisor.start("queue-watch", QueueWatch(app[DATABASE], metrics).run)
        yield
        await watch.stop()

    app.cleanup_ctx.append(context)
