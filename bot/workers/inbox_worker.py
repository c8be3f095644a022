"""The inbox worker: turns stored updates into replies in the outbox, many chats per transaction.

Claimed updates are handled in batches of different chats. For a batch, in
ONE transaction: everyone's place in the conversation is read at once, the
conversation engine handles each update, all their replies are queued
(keyed ``in:{item id}``, so a retry adds nothing) and the updates are marked
done, each of these as one statement. If anything fails the transaction
rolls back and the batch's updates are handled again one by one, each in its
own transaction (``Turns.handle_turn`` in ``bot.workers.turns``, the turn the
web chat runs too), so only a failing update is retried (up to
``feedback.inbox.MAX_ATTEMPTS``). Updates of one chat are handled strictly in
order (the inbox hands out a chat's next update only when the previous one
is done); different chats are handled concurrently, up to ``concurrency``.
An update still failing after the last try gets a sorry with the helplines,
worded by the conversation in the sender's language (``SaysSorry``).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol, runtime_checkable

from bot.conversation.catalogue import BASE, say_in
from bot.conversation.types import Inbound, Reply
from bot.helplines import CHILDLINE
from bot.logs import log_failure
from bot.metrics import Metrics
from bot.workers.handover import Receiver, ReplyQueue
from bot.workers.loop import WakeLoop
from bot.workers.pacing import backoff_delay
from bot.workers.stored_inbound import open_inbound
from bot.workers.turns import Conversation, Turns
from feedback import inbox, outbox
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database, Session
from feedback.inbox import StoredUpdate

__all__ = ["Conversation", "InboxWorker", "Prepares", "SaysSorry", "WorkerOptions"]

log = logging.getLogger(__name__)


@runtime_checkable
class Prepares(Protocol):
    """A conversation that can read ahead for a batch (``ConversationEngine.prepare``)."""

    def assess_ahead(self, inbounds: Sequence[Inbound]) -> None:
        """Do the CPU work ``handle`` will need for ``inbounds`` before the transaction opens."""
        ...

    async def prepare(self, session: Session, inbounds: Sequence[Inbound]) -> None:
        """Read what ``handle`` will need for ``inbounds`` in ``session``, all at once."""
        ...


@runtime_checkable
class SaysSorry(Protocol):
    """A conversation that words the sorry for an update given up on (``ConversationEngine``)."""

    async def reader(self, session: Session, inbound: Inbound) -> str:
        """Return the catalogue the sender of ``inbound`` reads."""
        ...

    def gave_up(self, locale: str) -> Reply:
        """Return the sorry in ``locale``, with the configured helplines."""
        ...


@dataclass(frozen=True)
class WorkerOptions:
    """How hard the worker works."""

    concurrency: int = 64  # updates (of different chats) in hand at the same time
    # Updates (of different chats) handled in one transaction: by default everything in hand, since
    # a statement for many rows costs little more than one for a few (lower it to shorten transactions).
    batch: int = 64
    idle_poll: float = 1.0  # seconds between looks when nobody wakes the worker
    retry_base: float = 0.5  # seconds before a failed update is offered again (then doubling)
    stale_after: timedelta = timedelta(minutes=5)
    release_on_start: bool = False  # single process: return rows a crash left in "processing"


class InboxWorker:
    """Drains the inbox until cancelled."""

    def __init__(
        self,
        database: Database,
        conversation: Conversation,
        *,
        sealer: Sealer,
        pseudonymiser: Pseudonymiser,
        metrics: Metrics,
        clock: Callable[[], datetime],
        options: WorkerOptions | None = None,
        on_replies_queued: Callable[[str], None] | None = None,
        receivers: Mapping[str, Receiver] | None = None,
        rand: Callable[[], float] = random.random,
        claimant: int | None = None,
    ) -> None:
        self.database = database
        self.claimant = claimant  # claims carry it, so they are taken over only if this process is gone
        self.conversation = conversation
        self.sealer = sealer
        self.pseudonymiser = pseudonymiser
        self.metrics = metrics
        self.clock = clock
        self.options = options or WorkerOptions()
        self.on_replies_queued = on_replies_queued
        self.replies = ReplyQueue(receivers or {}, on_replies_queued, clock, claimant)
        self.turns = Turns(conversation, sealer, pseudonymiser, self.replies, clock)
        self.rand = rand
        self._loop = WakeLoop(self.options.idle_poll)
        self._slots = asyncio.Semaphore(self.options.concurrency)
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def busy(self) -> int:
        """Return how many updates are being handled right now."""
        return self._busy

    async def wait_idle(self) -> None:
        """Wait until no update is being handled."""
        await self._idle.wait()

    def wake(self) -> None:
        """Look at the inbox now (an update was just stored)."""
        self._loop.wake()

    async def run(self) -> None:
        """Claim and handle updates until cancelled."""
        if self.options.release_on_start:
            async with self.database.session() as session:
                released = await inbox.release(session)
            log.info("inbox.released", extra={"event": "inbox.released", "count": released})
        try:
            await self._loop.run(self._round, self._report_depth)
        finally:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _round(self) -> bool:
        """Claim what there is room for and start handling it; return True if updates may be left."""
        free = self.options.concurrency - self._busy
        claimed: Sequence[StoredUpdate] = await self._claim(free) if free > 0 else []
        size = max(1, self.options.batch)
        for first in range(0, len(claimed), size):
            chunk = claimed[first : first + size]
            if len(chunk) > 1:
                self._start(self._handle_batch(chunk), len(chunk))
            else:
                self._start(self._handle(chunk[0]), 1)
        return bool(claimed) and len(claimed) == free

    def _start(self, job: Coroutine[Any, Any, None], count: int) -> None:
        self._busy += count
        self._idle.clear()
        task = asyncio.create_task(job)
        self._tasks.add(task)
        task.add_done_callback(partial(self._finished, count=count))

    def _finished(self, task: asyncio.Task[None], *, count: int) -> None:
        self._tasks.discard(task)
        self._busy -= count
        if self._busy == 0:
            self._idle.set()
        self._loop.wake()  # a slot is free, and the chat's next update may now be claimable

    async def _claim(self, limit: int) -> Sequence[StoredUpdate]:
        try:
            async with self.database.session() as session:
                items = await inbox.claim(
                    session,
                    now=self.clock(),
                    limit=limit,
                    stale_after=self.options.stale_after,
                    owner=self.claimant,
                )
        except Exception as exc:
            log_failure(log, "inbox.claim_failed", exc)
            await asyncio.sleep(self.options.idle_poll)
            return []
        if items:
            log.debug("inbox.claimed", extra={"event": "inbox.claimed", "count": len(items)})
        return items

    async def _handle(self, item: StoredUpdate) -> None:
        started = time.perf_counter()
        inbound: Inbound | None = None
        try:
            inbound = open_inbound(self.sealer, self.pseudonymiser, item)
            async with self.database.session() as session:
                stored = await self.turns.handle_turn(session, inbound, item_id=item.id, key=_key(item))
        except asyncio.CancelledError:
            raise  # left in "processing": released at start-up or picked up after stale_after
        except Exception as exc:
            await self._failed(item, exc, inbound)
            return
        self.metrics.updates_processed.labels("done").inc()
        self.metrics.handling_seconds.observe(time.perf_counter() - started)
        self.replies.announce(stored)

    async def _handle_batch(self, items: Sequence[StoredUpdate]) -> None:
        """Handle updates of different chats in one transaction; on any failure, one by one instead.

        A shared transaction saves a commit per update, and reading ahead and
        writing all replies and done-marks as one statement each saves the
        round trips that otherwise cost more than the handling itself. If
        anything fails, all of it rolls back and each update gets its own
        transaction, so only the failing one is retried.
        """
        started = time.perf_counter()
        try:
            decoded = [(item, open_inbound(self.sealer, self.pseudonymiser, item)) for item in items]
            inbounds = [inbound for _item, inbound in decoded]
            ahead = self.conversation if isinstance(self.conversation, Prepares) else None
            if ahead is not None:  # CPU work first, while the webhook may still write (one writer on SQLite)
                ahead.assess_ahead(inbounds)
            async with self.database.session() as session:
                if ahead is not None:
                    await ahead.prepare(session, inbounds)
                queued: list[outbox.Queued] = []
                for item, inbound in decoded:
                    replies = await self.turns.answer(session, inbound)
                    queued += self.turns.rows(inbound, replies, key=_key(item))
                stored = await self.replies.store(session, queued)
                done = [item.id for item in items]
                await inbox.mark_done_many(session, done, now=self.clock())
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log_failure(log, "inbox.batch_split", exc, logging.INFO)
            for item in items:
                await self._handle(item)
            return
        self.metrics.updates_processed.labels("done").inc(len(items))
        elapsed = time.perf_counter() - started
        for _ in items:
            self.metrics.handling_seconds.observe(elapsed / len(items))
        self.replies.announce(stored)

    async def _queue(
        self, session: Session, item: StoredUpdate, inbound: Inbound, replies: Sequence[Reply]
    ) -> None:
        rows = self.turns.rows(inbound, replies, key=_key(item))
        if rows:
            await outbox.enqueue_many(session, rows, now=self.clock())

    async def _failed(self, item: StoredUpdate, exc: Exception, inbound: Inbound | None) -> None:
        """Offer the update again after a pause, or give up and say sorry."""
        error = type(exc).__name__
        giving_up = item.attempts >= inbox.MAX_ATTEMPTS
        log.warning(
            "inbox.failed",
            extra={
                "event": "inbox.failed",
                "exc_type": error,
                "attempt": item.attempts,
                "gave_up": giving_up,
            },
        )
        self.metrics.updates_processed.labels("gave_up" if giving_up else "retry").inc()
        if not giving_up:
            # Holding the row in "processing" for a moment keeps its chat waiting, not spinning.
            await asyncio.sleep(
                backoff_delay(item.attempts, base=self.options.retry_base, cap=30.0, rand=self.rand)
            )
        sorry = None  # worded before the write below: reading the sender's language may fail on its own
        if giving_up and inbound is not None and inbound.address is not None:
            sorry = await self._sorry(inbound)
        # Written until the database takes it: a row left in "processing" by a live worker
        # would hold its chat until this process stops (nobody else may take it meanwhile).
        failures = 0
        while True:
            try:
                async with self.database.session() as session:
                    await inbox.mark_failed(
                        session, item.id, error=error, now=self.clock(), attempts=item.attempts
                    )
                    if sorry is not None and inbound is not None:
                        await self._queue(session, item, inbound, [sorry])
                break
            except Exception as record_exc:
                failures += 1
                if failures == 1 or failures % 20 == 0:
                    log_failure(log, "inbox.record_failed", record_exc, failures=failures)
                await asyncio.sleep(backoff_delay(min(failures, 30), base=0.25, cap=5.0, rand=self.rand))
        if giving_up and inbound is not None and self.on_replies_queued is not None:
            self.on_replies_queued(inbound.channel)

    async def _sorry(self, inbound: Inbound) -> Reply:
        """Return the sorry for an update given up on: in the sender's language if known, else English."""
        if not isinstance(self.conversation, SaysSorry):
            return Reply(say_in(BASE, "error.gave_up", childline=CHILDLINE))
        locale = BASE
        try:  # its own transaction: a failed read must not stop the update being marked failed
            async with self.database.session() as session:
                locale = await self.conversation.reader(session, inbound)
        except Exception as exc:
            log_failure(log, "inbox.reader_unknown", exc)
        return self.conversation.gave_up(locale)

    async def _report_depth(self) -> None:
        try:
            async with self.database.session() as session:
                depth = await inbox.pending_count(session)
        except Exception:
            return
        self.metrics.queue_depth.labels("inbox").set(depth)


def _key(item: StoredUpdate) -> str:
    """Return the key an update's replies are queued under, so handling it again adds nothing."""
    return f"in:{item.id}"
