"""Telegram inside Heard's aiohttp app: PTB without an Updater, our webhook, the worker and the sender.

PTB's ``Application`` (built with ``.updater(None)``) provides the ``Bot``
and its lifecycle; its in-memory update queue is not used, because updates
go into the durable inbox instead, where a crash cannot lose them. Joining
Telegram runs in the background with retries, so a Telegram outage at start-up
never stops the web chat or the staff portal from serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from aiohttp import web
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.appkeys import DATABASE, METRICS, PSEUDONYMISER, SEALER, SETTINGS
from bot.logs import log_failure
from bot.settings import Settings
from bot.supervisor import SUPERVISOR, Supervisor
from bot.telegram.delivery import TelegramDelivery, pause_blocked_participant
from bot.telegram.delivery_process import BotConnection, DeliveryProcess
from bot.telegram.intake import TelegramIntake
from bot.telegram.polling import poll_updates
from bot.telegram.request import AiohttpRequest
from bot.telegram.updates import ALLOWED_UPDATES
from bot.telegram.webhook import WEBHOOK_PATH, webhook_handler
from bot.workers.claims import CLAIM_KEEPER, ClaimKeeper
from bot.workers.inbox_worker import Conversation, InboxWorker, WorkerOptions
from bot.workers.pacing import backoff_delay
from bot.workers.sender import Deliver, OutboxSender, SenderOptions
from feedback.crypto import Pseudonymiser, Sealer
from feedback.pace import SharedPace

__all__ = ["CONVERSATION", "TELEGRAM", "TelegramChannel", "TelegramOptions", "setup_telegram"]

log = logging.getLogger(__name__)


@dataclass
class TelegramOptions:
    """Tuning for the Telegram channel (defaults suit Telegram's published limits)."""

    sender: SenderOptions = field(default_factory=SenderOptions)
    worker: WorkerOptions = field(default_factory=WorkerOptions)
    connections: int = 256  # simultaneous Bot API requests


def utc_now() -> datetime:
    """Return the current time, timezone-aware (the one clock the channel hands down)."""
    return datetime.now(UTC)


class TelegramChannel:
    """Everything Telegram needs while the app runs; ``lifecycle`` is its cleanup context."""

    def __init__(
        self,
        settings: Settings,
        *,
        sealer: Sealer,
        pseudonymiser: Pseudonymiser,
        options: TelegramOptions | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.settings = settings
        self.sealer = sealer
        self.pseudonymiser = pseudonymiser
        self.options = options or TelegramOptions()
        self.clock = clock
        self.connected = asyncio.Event()  # set once getMe (and setWebhook) succeeded
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.intake: TelegramIntake | None = None
        self.worker: InboxWorker | None = None
        self.sender: OutboxSender | None = None
        self.delivery_process: DeliveryProcess | None = None
        self.claims: ClaimKeeper | None = None

    async def handle_webhook(self, request: web.Request) -> web.StreamResponse:
        """Serve ``POST /telegram/webhook`` (see ``bot.telegram.webhook``)."""
        assert self.intake is not None, "the Telegram channel has not started"
        return await webhook_handler(self.intake, self.settings.webhook_secret)(request)

    async def worker_idle(self) -> None:
        """Wait until the inbox worker has nothing in hand (tests and benches use this)."""
        if self.worker is not None:
            await self.worker.wait_idle()

    async def lifecycle(self, app: web.Application) -> AsyncIterator[None]:
        """Start intake, worker and sender; join Telegram in the background; stop it all on exit."""
        database = app[DATABASE]
        metrics = app[METRICS]
        conversation = app.get(CONVERSATION) or _default_conversation(app)
        single_process = database.dialect == "sqlite"
        keeper = self.claims = app[CLAIM_KEEPER]  # this process's claimant (``setup_claims``)
        application = self.application = _build_application(self.settings, self.options)
        deliver: Deliver = TelegramDelivery(application.bot)
        if self.settings.telegram_delivery == "process":
            deliver = self.delivery_process = DeliveryProcess(
                BotConnection(
                    self.settings.telegram_token, self.settings.telegram_api_url, self.options.connections
                ),
                log_level=self.settings.log_level,
            )
        sender_options = _with_horizon(_for_database(self.options.sender, single_process), self.settings)
        shared_pace = None
        if not single_process and sender_options.limits.overall_per_second > 0:
            # Replicas keep Telegram's overall limit together; each keeps only its chats' pace itself.
            shared_pace = SharedPace(database, per_second=sender_options.limits.overall_per_second)
            limits = replace(sender_options.limits, overall_per_second=0)
            sender_options = replace(sender_options, limits=limits)
        sender = self.sender = OutboxSender(
            database,
            self.sealer,
            deliver,
            channel="telegram",
            metrics=metrics,
            clock=self.clock,
            shared_pace=shared_pace,
            options=sender_options,
            on_blocked=partial(pause_blocked_participant, pseudonymiser=self.pseudonymiser),
            claimant=keeper.claimant,
            probe=application.bot.get_me,
        )
        worker = self.worker = InboxWorker(
            database,
            conversation,
            sealer=self.sealer,
            pseudonymiser=self.pseudonymiser,
            metrics=metrics,
            clock=self.clock,
            options=_for_database(self.options.worker, single_process),
            on_replies_queued=lambda channel: sender.wake() if channel == "telegram" else None,
            receivers={"telegram": sender},
            claimant=keeper.claimant,
        )

        def released() -> None:
            worker.wake()
            sender.wake()

        keeper.listen(released)
        self.intake = TelegramIntake(
            database,
            sealer=self.sealer,
            pseudonymiser=self.pseudonymiser,
            metrics=metrics,
            clock=self.clock,
            on_stored=worker.wake,
            answer_callback=self._answer_callback,
        )
        supervisor = app.get(SUPERVISOR) or Supervisor()
        workers = [
            supervisor.start("inbox-worker", lambda: _after(keeper.ready, worker.run())),
            supervisor.start("telegram-sender", lambda: self._join(sender)),
        ]
        sender.on_trouble = workers[-1].trouble  # the Bot API failing every send: /readyz 503
        if self.delivery_process is not None:
            child = self.delivery_process
            watch = partial(_after, self.connected)
            workers.append(supervisor.start("delivery-process", lambda: watch(child.watch())))
        try:
            yield
        finally:
            await asyncio.gather(*(w.stop() for w in reversed(workers)))
            if shared_pace is not None:
                await shared_pace.close()
            await self.intake.close()
            if self.delivery_process is not None:  # after the sender: it settles what it handed over
                await self.delivery_process.close()
            if application.running or self.connected.is_set():
                with contextlib.suppress(Exception):
                    await application.shutdown()

    async def _join(self, sender: OutboxSender) -> None:
        """Connect to the Bot API (retrying), register the webhook or poll, then send."""
        assert self.application is not None and self.intake is not None and self.claims is not None
        application = self.application
        failures = 0
        while True:
            try:
                await application.initialize()  # getMe: checks the token and the API URL
                if self.settings.telegram_mode == "webhook":
                    await self._set_webhook()
                break
            except InvalidToken:
                log.error("telegram.token_rejected", extra={"event": "telegram.token_rejected"})
                return
            except TelegramError as exc:
                failures += 1
                log_failure(log, "telegram.connect_failed", exc)
                sender.health.failed(type(exc).__name__)  # unreachable from the start is an outage too
                sender.check_health()
                await asyncio.sleep(backoff_delay(failures, base=1.0, cap=60.0, rand=random.random))
        sender.health.succeeded()
        if self.delivery_process is not None:
            with contextlib.suppress(Exception):  # if it cannot start now, the first message retries
                await self.delivery_process.start()
        await self.claims.ready.wait()  # rows a crash left claimed are back in the queue first
        self.connected.set()
        log.info(
            "telegram.connected", extra={"event": "telegram.connected", "mode": self.settings.telegram_mode}
        )
        jobs = [sender.run()]
        if self.settings.telegram_mode == "polling":
            jobs.append(poll_updates(application.bot, self.intake))
        await asyncio.gather(*jobs)

    async def _set_webhook(self) -> None:
        assert self.application is not None
        if not self.settings.public_url:
            log.warning("telegram.no_public_url", extra={"event": "telegram.no_public_url"})
            return
        await self.application.bot.set_webhook(
            url=self.settings.public_url + WEBHOOK_PATH,
            secret_token=self.settings.webhook_secret,
            allowed_updates=list(ALLOWED_UPDATES),
            drop_pending_updates=False,
        )

    async def _answer_callback(self, query_id: str, text: str | None) -> None:
        if self.application is None or not self.connected.is_set():
            return
        await self.application.bot.answer_callback_query(query_id, text=text)


CONVERSATION = web.AppKey("conversation", Conversation)
TELEGRAM = web.AppKey("telegram", TelegramChannel)


def setup_telegram(app: web.Application, options: TelegramOptions | None = None) -> None:
    """Add Telegram to ``app`` when ``HEARD_TELEGRAM_TOKEN`` is set; otherwise do nothing."""
    settings = app[SETTINGS]
    if not settings.telegram_enabled:
        return
    channel = TelegramChannel(settings, sealer=app[SEALER], pseudonymiser=app[PSEUDONYMISER], options=options)
    app[TELEGRAM] = channel
    if settings.telegram_mode == "webhook":
        app.router.add_post(WEBHOOK_PATH, channel.handle_webhook)
    app.cleanup_ctx.append(channel.lifecycle)


def _build_application(
    settings: Settings, options: TelegramOptions
) -> Application[Any, Any, Any, Any, Any, Any]:
    api_url = settings.telegram_api_url
    file_url = api_url[: -len("bot")] + "file/bot" if api_url.endswith("/bot") else api_url + "/file"
    return (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(api_url)
        .base_file_url(file_url)
        .request(AiohttpRequest(connections=options.connections))
        .get_updates_request(AiohttpRequest(connections=2, read_timeout=40.0))
        .updater(None)
        .job_queue(None)
        .build()
    )


def _for_database(options: Any, single_process: bool) -> Any:
    """Return ``options`` for SQLite (one process, one writer) or PostgreSQL (replicas, parallel)."""
    from dataclasses import replace

    if single_process and isinstance(options, WorkerOptions):
        # One writer at a time: everything in hand goes into one transaction.
        options = replace(options, batch=options.concurrency)
    return options  # rows a crash left claimed are returned by ``ClaimKeeper`` on both databases


def _with_horizon(options: SenderOptions, settings: Settings) -> SenderOptions:
    """Return ``options`` with the delivery horizon from the settings unless a test set its own."""
    from dataclasses import replace

    if options.give_up_after is not None:
        return options
    return replace(options, give_up_after=timedelta(hours=settings.delivery_horizon_hours))


def _default_conversation(app: web.Application) -> Conversation:
    from bot.conversation import ConversationEngine

    engine: Conversation = ConversationEngine.for_app(app)
    return engine


async def _after(event: asyncio.Event, job: Coroutine[Any, Any, None]) -> None:
    """Run ``job`` once ``event`` is set (a worker waits for start-up recovery)."""
    try:
        await event.wait()
    except BaseException:
        job.close()
        raise
    await job
