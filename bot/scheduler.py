"""The scheduler: APScheduler jobs that only the elected replica runs.

The database is the source of truth for everything scheduled (rounds,
reminders, board dates); jobs are rebuilt from it at start-up and each job is
idempotent, so a restart neither loses nor doubles anything. With several
replicas on PostgreSQL, exactly one is the leader, elected with a session
advisory lock held on a dedicated connection; if that replica dies its
connection closes, the lock is released and another replica takes over. On
SQLite there is one process, which always leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.appkeys import DATABASE, METRICS, SETTINGS
from bot.supervisor import SUPERVISOR, Supervisor
from feedback.db import Database
from feedback.operations import error_code
from feedback.retention import purge as run_purge

__all__ = ["SCHEDULER", "Leadership", "Scheduler", "setup_scheduler"]

log = logging.getLogger(__name__)

# An arbitrary constant naming Heard's scheduler lock ("HEARD" in ASCII digits).
ADVISORY_LOCK_KEY = 7269658268
Job = Callable[[datetime], Awaitable[None]]


class Leadership:
    """Whether this process may run scheduled jobs."""

    # A few seconds: after a failover the next leader's rounds and invites start that soon.
    def __init__(self, db: Database, *, retry_seconds: float = 5.0) -> None:
        self._db = db
        self._retry_seconds = retry_seconds
        self._conn: AsyncConnection | None = None
        self.is_leader = db.dialect != "postgresql"
        self.on_elected: list[Callable[[], None]] = []  # called each time this process becomes leader
        self.on_change: list[Callable[[bool], None]] = []  # told whether it leads, after every try

    async def try_acquire(self) -> bool:
        """Try to become (or stay) leader; return whether this process leads now."""
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT 1"))
                return True
            except Exception:
                # The lock went with the connection; someone else may lead now.
                self._conn = None
                self.is_leader = False
        if self._db.dialect != "postgresql":
            self.is_leader = True
            return True
        conn = await self._db.engine.connect()
        query = text("SELECT pg_try_advisory_lock(:k)")
        got = bool((await conn.execute(query, {"k": ADVISORY_LOCK_KEY})).scalar())
        await conn.commit()
        if got:
            self._conn = conn
            self.is_leader = True
            log.info("scheduler.leader", extra={"event": "scheduler.leader"})
            for elected in self.on_elected:
                elected()
        else:
            await conn.close()
        return got

    async def release(self) -> None:
        """Give up leadership (closing the connection releases the lock)."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
                await self._conn.close()
            self._conn = None
        if self._db.dialect == "postgresql":
            self.is_leader = False

    async def campaign(self) -> None:
        """Keep trying to lead until cancelled."""
        while True:
            try:
                await self.try_acquire()
                for listener in self.on_change:
                    listener(self.is_leader)
            except Exception as exc:
                log.warning(
                    "scheduler.lock_failed",
                    extra={"event": "scheduler.lock_failed", "exc_type": type(exc).__name__},
                )
            await asyncio.sleep(self._retry_seconds)


class Scheduler:
    """APScheduler jobs that run only while this process leads; each job gets the current time."""

    def __init__(self, leadership: Leadership, clock: Callable[[], datetime] | None = None) -> None:
        self.leadership = leadership
        self.clock = clock or (lambda: datetime.now(UTC))
        self.aps = AsyncIOScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})

    def every(self, job_id: str, job: Job, *, seconds: int) -> None:
        """Run ``job`` every ``seconds`` (missed runs after downtime are coalesced into one)."""
        self.aps.add_job(
            self._guarded,
            "interval",
            seconds=seconds,
            id=job_id,
            args=[job_id, job],
            replace_existing=True,
            misfire_grace_time=seconds,
        )

    def at(self, job_id: str, job: Job, *, when: datetime) -> None:
        """Run ``job`` once at ``when`` (or as soon as possible if that has passed)."""
        self.aps.add_job(
            self._guarded,
            "date",
            run_date=when,
            id=job_id,
            args=[job_id, job],
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def _guarded(self, job_id: str, job: Job) -> None:
        if not self.leadership.is_leader:
            return
        try:
            await job(self.clock())
        except Exception as exc:
            log.error(
                "scheduler.job_failed",
                extra={
                    "event": "scheduler.job_failed",
                    "job": job_id,
                    "exc_type": type(exc).__name__,
                    "code": error_code(exc),
                },
            )


SCHEDULER = web.AppKey("scheduler", Scheduler)


def setup_scheduler(app: web.Application) -> None:
    """Start the scheduler with the built-in jobs; other features add theirs through ``SCHEDULER``."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        db = app[DATABASE]
        settings = app[SETTINGS]
        leadership = Leadership(db)
        scheduler = Scheduler(leadership)
        app[SCHEDULER] = scheduler

        metrics = app[METRICS]

        async def purge(now: datetime) -> None:
            async with db.session() as session:
                report = await run_purge(session, now=now, retention_days=settings.retention_days)
            counts = report.counts()
            for kind, count in counts.items():
                metrics.purged.labels(kind).inc(count)
            metrics.last_purge.set(now.timestamp())
            log.info("retention.purged", extra={"event": "retention.purged", **counts})

        def purge_soon() -> None:
            # At start-up and on each election, not only a day after it: a service restarted
            # more often than the interval would otherwise never purge.
            scheduler.at("retention-purge-now", purge, when=scheduler.clock() + timedelta(seconds=5))

        scheduler.every("retention-purge", purge, seconds=24 * 3600)
        purge_soon()
        leadership.on_elected.append(purge_soon)
        leadership.on_change.append(lambda leads: metrics.leader.set(1 if leads else 0))
        supervisor = app.get(SUPERVISOR) or Supervisor()
        campaign = supervisor.start("scheduler", leadership.campaign)
        scheduler.aps.start()
        yield
        scheduler.aps.shutdown(wait=False)
        await campaign.stop()
        await leadership.release()

    app.cleanup_ctx.append(context)
