"""Keeping this process's claims alive, and taking back claimed rows whose process is gone.

Every inbox and outbox row, and every text waiting for redaction, this
process claims carries its claimant number (``feedback.claims``). There is
one keeper per process (``setup_claims``), whose number the inbox worker, the
sender and the text worker all claim under. At start-up on SQLite (one process) every claimed row
is returned to its queue at once. On PostgreSQL this process holds its
claimant lock and, every ``sweep_every`` seconds, looks for rows held by
claimants whose lock is free; one found free for ``takeover_after`` seconds
is gone (killed, crashed, its machine lost), and its rows go back to their
queues, oldest first, for any replica to take. So a replica's kill -9 delays
its replies by seconds, not minutes, and a live replica whose outcomes wait
for the database keeps its rows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.appkeys import DATABASE
from bot.supervisor import SUPERVISOR, Supervisor
from feedback import claims
from feedback.db import Database

__all__ = ["CLAIM_KEEPER", "ClaimKeeper", "setup_claims"]

log = logging.getLogger(__name__)


class ClaimKeeper:
    """This process's claimant number, kept alive, and the rows of gone claimants returned."""

    def __init__(
        self,
        database: Database,
        *,
        sweep_every: float = 1.0,
        takeover_after: float = 3.0,
        on_released: Callable[[], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self.claimant = claims.new_claimant()
        self.sweep_every = sweep_every
        self.takeover_after = takeover_after
        self.on_released = on_released
        self.monotonic = monotonic
        self.ready = asyncio.Event()  # set once start-up recovery is done and the lock is held
        self._lock = claims.ClaimantLock(database, self.claimant)
        self._free_since: dict[int, float] = {}
        self._listeners: list[Callable[[], None]] = []

    def listen(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (besides ``on_released``) whenever rows go back to their queues."""
        self._listeners.append(callback)

    @property
    def shared(self) -> bool:
        """Return True when other processes may claim too (PostgreSQL)."""
        return self.database.dialect == "postgresql"

    async def run(self) -> None:
        """Recover at start-up, then keep the lock and sweep until cancelled."""
        try:
            if not self.shared:
                await self._release_all()
                self.ready.set()
                await asyncio.Event().wait()  # nothing more to do in a single process
            while True:
                try:
                    if await self._lock.keep():
                        self.ready.set()
                        await self.sweep()
                except Exception as exc:
                    log.warning(
                        "claims.sweep_failed",
                        extra={"event": "claims.sweep_failed", "exc_type": type(exc).__name__},
                    )
                await asyncio.sleep(self.sweep_every)
        finally:
            await self._lock.close()

    async def sweep(self) -> claims.Released:
        """Return the rows of claimants gone for ``takeover_after`` seconds to their queues."""
        async with self.database.session() as session:
            holders = await claims.claimants(session) - {self.claimant}
        now = self.monotonic()
        for gone in set(self._free_since) - holders:
            del self._free_since[gone]
        released = claims.Released(0, 0)
        for holder in holders:
            if await self._lock.alive(holder):
                self._free_since.pop(holder, None)
                continue
            since = self._free_since.setdefault(holder, now)
            if now - since < self.takeover_after:
                continue
            async with self.database.session() as session:
                back = await claims.release_claimant(session, holder)
            self._free_since.pop(holder, None)
            released = claims.Released(
                released.inbox + back.inbox, released.outbox + back.outbox, released.text + back.text
            )
        if released.total:
            self._announce("claims.taken_over", released)
        return released

    async def _release_all(self) -> None:
        async with self.database.session() as session:
            released = await claims.release_all(session)
        self._announce("claims.released", released)

    def _announce(self, event: str, released: claims.Released) -> None:
        log.info(
            event,
            extra={"event": event, "inbox": released.inbox, "outbox": released.outbox, "text": released.text},
        )
        if not released.total:
            return
        if self.on_released is not None:
            self.on_released()
        for listener in self._listeners:
            listener()


CLAIM_KEEPER = web.AppKey("claim_keeper", ClaimKeeper)


def setup_claims(app: web.Application) -> None:
    """Keep this process's claims for the application's lifetime (add before the workers that claim)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        keeper = app[CLAIM_KEEPER] = ClaimKeeper(app[DATABASE])
        supervisor = app.get(SUPERVISOR) or Supervisor()
        supervised = supervisor.start("claims", keeper.run)
        yield
        await supervised.stop()

    app.cleanup_ctx.append(context)
