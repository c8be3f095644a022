"""The outbox sender: delivers queued messages for one channel, paced, retried, and accounted for.

Each message is claimed (status ``sending``), delivered, then marked sent. A
crash between delivery and ``mark_sent`` is the one window where a message
can go out twice: on restart it is claimed again. Everything else (pacing,
429s, network errors, restarts) neither loses nor doubles a message. So the
outcome of a send is written until the database takes it, however long it is
away, and a message is retried with capped, jittered backoff for as long as
Telegram itself would keep an update (``give_up_after``, a day by default):
an outage of minutes or hours delays replies but drops none.

One chat's messages go out in order: they are queued per chat in memory, and
when one must wait for a retry, the rest of that chat waits with it.

When every send has failed for a while (``DeliveryHealth``), the sender says
so through ``on_trouble``, which its supervisor turns into a 503 on
``/readyz``; the first call that gets through again ends it.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.logs import log_failure
from bot.metrics import Metrics
from bot.outgoing import Outgoing, open_outgoing
from bot.workers.delivery_health import DeliveryHealth
from bot.workers.loop import WakeLoop
from bot.workers.pacing import Pacer, SendLimits, backoff_delay
from bot.workers.writes import BatchWrite, GroupCommit
from feedback import outbox
from feedback.crypto import Sealer, UnsealableError
from feedback.db import Database, Session
from feedback.outbox import StoredMessage
from feedback.pace import SharedPace

__all__ = ["DEFAULT_GIVE_UP_AFTER", "Deliver", "GiveUp", "OutboxSender", "RetryLater", "SenderOptions"]

log = logging.getLogger(__name__)

# Telegram keeps an unacknowledged update for about a day; a reply is worth sending as long.
DEFAULT_GIVE_UP_AFTER = timedelta(hours=24)

Deliver = Callable[[Outgoing], Awaitable[None]]
OnBlocked = Callable[[Session, Outgoing], Awaitable[None]]


class RetryLater(Exception):
    """Delivery failed for now (rate limit, network, server error); ``code`` names why."""

    def __init__(self, code: str, *, after: float | None = None, pause_all: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.after = after  # seconds the channel asked us to wait, if it said
        self.pause_all = pause_all


class GiveUp(Exception):
    """Delivery can never succeed (bad request, user blocked the bot); ``code`` names why."""

    def __init__(self, code: str, *, blocked: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.blocked = blocked


@dataclass(frozen=True)
class SenderOptions:
    """How one channel's sender paces and retries."""

    limits: SendLimits = field(default_factory=SendLimits)
    # How long after it was queued a message is still worth sending; then it becomes "failed".
    # None: the channel's setting (HEARD_DELIVERY_HORIZON_HOURS, a day by default).
    give_up_after: timedelta | None = None
    backoff_base: float = 1.0  # seconds before the first retry (then doubling, with jitter)
    backoff_cap: float = 300.0
    record_cap: float = 5.0  # longest wait between tries at writing an outcome the database refused
    shutdown_grace: float = 10.0  # seconds a stopping sender waits for outcomes it could not write yet
    idle_poll: float = 1.0  # how often to look for due messages when nobody wakes the sender
    degraded_after: float = 10.0  # seconds of nothing but failed sends before /readyz says so
    probe_every: float = 5.0  # in such an outage, how often to ask the API whether it is back
    in_hand: int = 200  # messages claimed but not yet settled, at most
    release_on_start: bool = False  # single process: return rows a crash left in "sending"


class OutboxSender:
    """Drains the outbox for one channel until cancelled."""

    def __init__(
        self,
        database: Database,
        sealer: Sealer,
        deliver: Deliver,
        *,
        channel: str,
        metrics: Metrics,
        clock: Callable[[], datetime],
        options: SenderOptions | None = None,
        on_blocked: OnBlocked | None = None,
        rand: Callable[[], float] = random.random,
        monotonic: Callable[[], float] = time.monotonic,
        claimant: int | None = None,
        shared_pace: SharedPace | None = None,
        probe: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.database = database
        self.claimant = claimant  # claims carry it, so they are taken over only if this process is gone
        # Several replicas: the overall limit is kept by all of them together (``feedback.pace``).
        self.shared_pace = shared_pace
        self._holding: set[asyncio.Task[None]] = set()
        self.group = GroupCommit(database)
        # Deliveries that finish together are marked sent with one statement.
        self.sent: BatchWrite[int, None] = BatchWrite(database, self._mark_sent)
        self.sealer = sealer
        self.deliver = deliver
        self.channel = channel
        self.metrics = metrics
        self.clock = clock
        self.options = options or SenderOptions()
        self.on_blocked = on_blocked
        self.rand = rand
        self.pacer = Pacer(self.options.limits, clock=monotonic)
        self._loop = WakeLoop(self.options.idle_poll)
        self._queues: dict[str, deque[StoredMessage]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._held_until: dict[str, datetime] = {}
        self._delivering: set[int] = set()  # ids whose delivery started: never postponed on shutdown
        self._recording: set[asyncio.Task[None]] = set()
        self._running = False
        self._hand_full = False  # the last look found more due rows than the hand could hold
        self.health = DeliveryHealth(
            degraded_after=self.options.degraded_after,
            probe_every=self.options.probe_every,
            monotonic=monotonic,
        )
        self.probe = probe  # a cheap API call (Telegram's getMe) that ends an outage when it answers
        self.on_trouble: Callable[[str | None], None] | None = None  # a supervisor's ``trouble``
        self._outage: str | None = None
        self._probing: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Look for due messages now (something was just queued)."""
        self._loop.wake()

    def accepting(self) -> bool:
        """Return True while the sender runs and delivers what it is handed."""
        return self._running

    def hand(self, items: Sequence[StoredMessage]) -> None:
        """Take rows already claimed for this sender (``feedback.outbox.enqueue_claimed``).

        They join the same per-chat queues, pacing and retries as rows the
        sender claims itself. Handed to a sender that has stopped, they stay
        claimed in the database and are recovered like any claimed row.
        """
        if not self._running or not items:
            return
        postponed = self._queue_up(items)
        if postponed:  # written even if the sender is stopping (``_shutdown`` waits for it)
            task = asyncio.create_task(self._postpone(postponed))
            self._recording.add(task)
            task.add_done_callback(self._recording.discard)

    @property
    def in_hand(self) -> int:
        """Return how many claimed messages are waiting or being delivered."""
        return sum(len(q) for q in self._queues.values())

    async def run(self) -> None:
        """Claim and deliver due messages until cancelled."""
        if self.options.release_on_start:
            async with self.database.session() as session:
                released = await outbox.release(session)
            log.info("outbox.released", extra={"event": "outbox.released", "count": released})
        self._running = True
        try:
            await self._loop.run(self._round, self._report_depth)
        finally:
            self._running = False
            if self._probing is not None:
                self._probing.cancel()
            await self._shutdown()

    async def _round(self) -> bool:
        """Claim what the hand has room for; return True if due rows may have been left behind."""
        self.check_health()
        free = self.options.in_hand - self.in_hand
        claimed: Sequence[StoredMessage] = []
        if free > 0:
            claimed = await self._claim(free)
            await self._take(claimed)
        # Due rows may be left behind only when the hand was full; then a finished chat
        # frees room for them. Otherwise a finished chat is no reason to look again.
        self._hand_full = free <= 0 or len(claimed) == free
        return bool(claimed) and len(claimed) == free

    def check_health(self) -> None:
        """Tell ``on_trouble`` when an outage begins or ends; probe the API while one lasts."""
        if self.probe is not None and self._probing is None and self.health.probe_due():
            self._probing = asyncio.create_task(self._probe())
        outage = self.health.outage()
        if outage == self._outage:
            return
        self._outage = outage
        event = "outbox.delivery_failing" if outage else "outbox.delivery_recovered"
        log.log(
            logging.ERROR if outage else logging.INFO,
            event,
            extra={"event": event, "channel": self.channel, "code": outage},
        )
        if self.on_trouble is not None:
            self.on_trouble(outage)

    async def _probe(self) -> None:
        assert self.probe is not None
        try:
            await self.probe()
        except Exception as exc:  # still down: the outage goes on
            self.health.failed(type(exc).__name__)
        else:
            self.health.succeeded()
            self.check_health()
        finally:
            self._probing = None

    async def _claim(self, limit: int) -> Sequence[StoredMessage]:
        try:
            async with self.database.session() as session:
                return await outbox.claim_due(
                    session, now=self.clock(), limit=limit, channel=self.channel, owner=self.claimant
                )
        except Exception as exc:
            log_failure(log, "outbox.claim_failed", exc)
            await asyncio.sleep(self.options.idle_poll)
            return []

    async def _take(self, items: Sequence[StoredMessage]) -> None:
        postponed = self._queue_up(items)
        if postponed:
            await self._postpone(postponed)

    def _queue_up(self, items: Sequence[StoredMessage]) -> list[tuple[StoredMessage, datetime]]:
        """Put ``items`` in their chats' queues; return those to postpone behind a retry."""
        now = self.clock()
        postponed: list[tuple[StoredMessage, datetime]] = []
        for item in items:
            held = self._held_until.get(item.chat_key)
            if held is not None and held > now:
                postponed.append((item, held))  # an earlier message of this chat waits to be retried
                continue
            self._held_until.pop(item.chat_key, None)
            queue = self._queues.get(item.chat_key)
            if queue is None:
                queue = self._queues[item.chat_key] = deque()
                task = asyncio.create_task(self._drain_chat(item.chat_key, queue))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            queue.append(item)
        return postponed

    async def _drain_chat(self, chat_key: str, queue: deque[StoredMessage]) -> None:
        try:
            while queue:
                item = queue[0]
                await self._slot(chat_key)
                self.pacer.chat_sent(chat_key)
                retry_at = await self._attempt(item)
                queue.popleft()
                self._delivering.discard(item.id)
                if retry_at is not None and queue:
                    self._held_until[chat_key] = retry_at
                    while queue:  # and whatever joins the chat's queue while this is written
                        behind = list(queue)
                        queue.clear()
                        await self._postpone([(rest, retry_at) for rest in behind])
                elif retry_at is not None:
                    self._held_until[chat_key] = retry_at
        finally:
            if self._queues.get(chat_key) is queue:
                del self._queues[chat_key]
            if self._hand_full:
                self._loop.wake()

    async def _slot(self, chat_key: str) -> None:
        """Wait until ``chat_key`` may be sent its next message and an overall slot is ours.

        A slot booked before a 429 arrived is not good enough: ``retry_after``
        stops every send, so when the slot comes and a pause has begun since,
        wait for the pause and book again.
        """
        while True:
            await asyncio.sleep(self.pacer.chat_wait(chat_key))
            await asyncio.sleep(self.pacer.reserve_overall())
            if self.shared_pace is not None and not await self._pass_shared():
                continue
            if self.pacer.paused_for() <= 0:
                return

    async def _pass_shared(self) -> bool:
        """Pass the replicas' shared turnstile; False (after a pause) if the database refused."""
        assert self.shared_pace is not None
        try:
            await self.shared_pace.pass_()
            return True
        except Exception as exc:
            # No database, no send: its outcome could not be written either.
            log_failure(log, "outbox.pace_failed", exc)
            await asyncio.sleep(self.options.idle_poll)
            return False

    async def _attempt(self, item: StoredMessage) -> datetime | None:
        """Deliver ``item`` and record the outcome; return when to retry, or None when settled."""
        try:
            outgoing = open_outgoing(self.sealer, item)
        except (UnsealableError, ValueError, KeyError) as exc:
            await self._record(self._failed, item.id, type(exc).__name__, "failed")
            return None
        self._delivering.add(item.id)
        try:
            await self.deliver(outgoing)
        except RetryLater as exc:
            if exc.after is None:
                self.health.failed(exc.code)
            else:  # "retry after": the API answered, it only asks us to slow down
                self.health.succeeded()
            return await self._retry(item, exc.code, exc.after, exc.pause_all)
        except GiveUp as exc:
            self.health.succeeded()  # the API answered; this message can never be delivered
            await self._record(self._failed_sent, item.id, exc.code, "blocked" if exc.blocked else "failed")
            if exc.blocked and self.on_blocked is not None:
                await self._run_on_blocked(outgoing)
            return None
        except Exception as exc:  # an unexpected bug must not stop the sender; retry, bounded
            log_failure(log, "outbox.unexpected", exc, logging.ERROR)
            self.health.failed(type(exc).__name__)
            return await self._retry(item, type(exc).__name__, None, False)
        self.health.succeeded()
        await self._record(self._sent, item.id, "", "sent")
        return None

    async def _retry(
        self, item: StoredMessage, code: str, after: float | None, pause_all: bool
    ) -> datetime | None:
        """Record a send that did not go through; return when to try again, or None if given up.

        Only the horizon ends the retries, never a count: Telegram outages of
        minutes or hours are survived, and safeguarding replies with them.
        """
        if after is not None and pause_all:
            self.pacer.pause(after)
            if self.shared_pace is not None:  # every replica stops, not only this one
                task = asyncio.create_task(self._hold_shared(after))
                self._holding.add(task)
                task.add_done_callback(self._holding.discard)
        now = self.clock()
        deadline = self._deadline(item)
        if now >= deadline:
            await self._record(self._failed_sent, item.id, code, "gave_up")
            log.warning("outbox.gave_up", extra={"event": "outbox.gave_up", "code": code, "count": 1})
            return None
        sends = item.attempts + 1  # this one included
        delay = (
            after
            if after is not None
            else backoff_delay(
                sends, base=self.options.backoff_base, cap=self.options.backoff_cap, rand=self.rand
            )
        )
        retry_at = now + timedelta(seconds=delay)
        if after is None:
            retry_at = min(retry_at, deadline)  # one last try at the horizon, then give up
        await self._record(self._retry_later, item.id, code, "retry", retry_at)
        return retry_at

    async def _hold_shared(self, seconds: float) -> None:
        assert self.shared_pace is not None
        try:
            await self.shared_pace.hold(seconds)
        except Exception as exc:
            log_failure(log, "outbox.pace_failed", exc)

    def _deadline(self, item: StoredMessage) -> datetime:
        horizon = self.options.give_up_after or DEFAULT_GIVE_UP_AFTER
        return (item.created_at or self.clock()) + horizon

    async def _mark_sent(self, session: Session, item_ids: Sequence[int]) -> list[None]:
        await outbox.mark_sent_many(session, item_ids, now=self.clock())
        return [None] * len(item_ids)

    async def _sent(self, item_id: int, _code: str, _at: datetime | None) -> None:
        await self.sent.submit(item_id)

    async def _failed(self, item_id: int, code: str, _at: datetime | None) -> None:
        now = self.clock()
        await self.group.run(lambda session: outbox.mark_failed(session, item_id, error=code, now=now))

    async def _failed_sent(self, item_id: int, code: str, _at: datetime | None) -> None:
        now = self.clock()
        await self.group.run(
            lambda session: outbox.mark_failed(session, item_id, error=code, now=now, sent=True)
        )

    async def _retry_later(self, item_id: int, code: str, at: datetime | None) -> None:
        assert at is not None
        await self.group.run(
            lambda session: outbox.retry_later(session, item_id, not_before=at, error=code, sent=True)
        )

    async def _record(
        self,
        step: Callable[[int, str, datetime | None], Awaitable[None]],
        item_id: int,
        code: str,
        outcome: str,
        at: datetime | None = None,
    ) -> None:
        """Write an outcome even if the sender is being stopped (then ``_shutdown`` waits for it)."""
        task = asyncio.create_task(self._write_outcome(step, item_id, code, outcome, at))
        self._recording.add(task)
        task.add_done_callback(self._recording.discard)
        await asyncio.shield(task)

    async def _write_outcome(
        self,
        step: Callable[[int, str, datetime | None], Awaitable[None]],
        item_id: int,
        code: str,
        outcome: str,
        at: datetime | None = None,
    ) -> None:
        """Write an outcome, trying until the database takes it.

        A forgotten ``mark_sent`` would leave the row claimed, to be sent a
        second time once recovered; so however long the database is away, the
        outcome waits in memory (and its chat with it) and is written when it
        is back. Only a stopping process gives up, after ``shutdown_grace``.
        """
        self.metrics.messages_sent.labels(self.channel, outcome).inc()
        failures = 0
        while True:
            try:
                await step(item_id, code, at)
                return
            except Exception as exc:
                failures += 1
                if failures == 1 or failures % 20 == 0:
                    log_failure(log, "outbox.record_failed", exc, failures=failures)
                delay = backoff_delay(
                    min(failures, 30), base=0.25, cap=self.options.record_cap, rand=self.rand
                )
                await asyncio.sleep(delay)

    async def _postpone(self, items: Sequence[tuple[StoredMessage, datetime]]) -> None:
        """Return claimed rows to the queue, trying until the database takes it (as outcomes are)."""

        async def postpone(session: Session) -> None:
            for item, at in items:
                await outbox.retry_later(session, item.id, not_before=at, error="Postponed")

        failures = 0
        while True:
            try:
                await self.group.run(postpone)
                return
            except Exception as exc:
                failures += 1
                if failures == 1 or failures % 20 == 0:
                    log_failure(log, "outbox.postpone_failed", exc, failures=failures)
                delay = backoff_delay(
                    min(failures, 30), base=0.25, cap=self.options.record_cap, rand=self.rand
                )
                await asyncio.sleep(delay)

    async def _run_on_blocked(self, outgoing: Outgoing) -> None:
        assert self.on_blocked is not None
        try:
            async with self.database.session() as session:
                await self.on_blocked(session, outgoing)
        except Exception as exc:
            log_failure(log, "outbox.on_blocked_failed", exc)

    async def _report_depth(self) -> None:
        try:
            async with self.database.session() as session:
                depth = await outbox.pending_count(session)
        except Exception:
            return
        self.metrics.queue_depth.labels("outbox").set(depth)

    async def _shutdown(self) -> None:
        """Stop delivering; messages claimed but not yet tried go back to the queue."""
        for task in [*self._tasks, *self._holding]:
            task.cancel()
        await asyncio.gather(*self._holding, return_exceptions=True)
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._recording:
            _done, unwritten = await asyncio.wait(set(self._recording), timeout=self.options.shutdown_grace)
            for task in unwritten:  # the database stayed away: these rows are recovered at the next start
                task.cancel()
            if unwritten:
                log.error(
                    "outbox.outcomes_unwritten",
                    extra={"event": "outbox.outcomes_unwritten", "count": len(unwritten)},
                )
        waiting = [
            (item, self.clock())
            for queue in self._queues.values()
            for item in queue
            if item.id not in self._delivering
        ]
        self._queues.clear()
        if waiting:  # if the database stays away, they are recovered at the next start instead
            postponing = asyncio.ensure_future(self._postpone(waiting))
            _done, late = await asyncio.wait({postponing}, timeout=self.options.shutdown_grace)
            for task in late:
                task.cancel()
