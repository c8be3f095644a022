"""The scheduler: APScheduler jobs that only the elected replica runs.

The database is the source of truth for everything scheduled (rounds,
reminders, board dates); jobs are rebuilt from it at start-up and each job is
idempotent, so a restart neither loses nor doubles anything. With several
replicas on PostgreSQL, exactly one is the leader, elected with the advisory
lock in ``feedback.leader_lock``; if that replica dies the lock is released
and another replica takes over. On SQLite there is one process, which always
leads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.appkeys import DATABASE, METRICS, SETTINGS
from bot.supervisor import SUPERVISOR, Supervisor
from feedback.db import Database
from feedback.leader_lock import LeaderLock
from feedback.operations import error_code
from feedback.retention import purge as run_purge

__all__ = ["SCHEDULER", "Leadership", "Scheduler", "setup_scheduler"]

log = logging.getLogger(__name__)
Job = Callable[[datetime], Awaitable[None]]


class Leadership:
    """Whether this process may run scheduled jobs."""

    # A few seconds: after a failover the next leader's rounds and invites start that soon.
    def __init__(self, db: Database, *, retry_seconds: float = 5.0) -> None:
        self._lock = LeaderLock(db)
        self._retry_seconds = retry_seconds
        self.is_leader = not self._lock.needed
        self.on_elected: list[Callable[[], None]] = []  # called each time this process becomes leader
        self.on_change: list[Callable[[bool], None]] = []  # told whether it leads, after every try

    async def try_acquire(self) -> bool:
        """Try to become (or stay) leader; return whether this process leads now."""
        if self._lock.held:
            if await self._lock.still_held():
                return True
            self.is_leader = False  # the lock went with its connection; someone else may lead now
        if not self._lock.needed:
            self.is_leader = True
            return True
        got = await self._lock.acquire()
        if got:
            self.is_leader = True
            log.info("scheduler.leader", extra={"event": "scheduler.leader"})
            for elected in self.on_elected:
                elected()
        return got

    async def release(self) -> None:
        """Give up leadership (the lock is released)."""
        await self._lock.release()
        if self._lock.needed:
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
