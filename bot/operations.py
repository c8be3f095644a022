"""The operator's view of a running service: queue ages, the redaction backlog and database errors.

Every ``interval`` seconds one query per queue reads how many rows wait in
each state and how old the oldest is, into ``heard_queue_items`` and
``heard_queue_oldest_seconds`` (the example alert rules in ``deploy/`` fire on
these). Database errors are counted by safe code as the engine reports them.
The watcher runs supervised, like every other worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from aiohttp import web

from bot.appkeys import DATABASE, METRICS
from bot.metrics import Metrics
from bot.supervisor import SUPERVISOR, Supervisor
from feedback import operations
from feedback.db import Database

__all__ = ["QueueWatch", "setup_operations"]

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


def setup_operations(app: web.Application) -> None:
    """Count database errors by code and watch the queues while the application runs."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        metrics = app[METRICS]
        operations.watch_errors(app[DATABASE], lambda code: metrics.database_errors.labels(code).inc())
        supervisor = app.get(SUPERVISOR) or Supervisor()
        watch = supervisor.start("queue-watch", QueueWatch(app[DATABASE], metrics).run)
        yield
        await watch.stop()

    app.cleanup_ctx.append(context)
