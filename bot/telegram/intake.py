"""Taking in one Telegram update: strip it, convert it, seal it, store it in the inbox, wake the worker.

The update is converted here, once, into the channel-neutral ``Inbound`` the
conversation reads, and stored in that form: the worker that handles it
later never needs the Telegram adapter again.

Used by the webhook route and by polling alike, so both feed the same inbox.
Button presses are answered (``answerCallbackQuery``) once the update is
stored, so the spinner on the young person's screen stops straight away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.conversation.catalogue import BASE, locale_for, say_in
from bot.conversation.types import Inbound, inbound_to_json
from bot.logs import log_failure
from bot.metrics import Metrics
from bot.telegram.updates import TelegramUpdate, UpdateKind, strip, to_inbound
from bot.workers.writes import BatchWrite
from feedback import inbox
from feedback.chat_keys import chat_key
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database

__all__ = ["AnswerCallback", "Intake", "TelegramIntake", "bad_choice_answer"]

log = logging.getLogger(__name__)


def bad_choice_answer(app_language: str | None) -> str:
    """Return the answer to a button Heard never sent, in the language of the person's Telegram app.

    Heard answers before it looks anyone up, so their own choice of language
    is not known here; the app's language is the best guess (English when
    Heard has no catalogue for it).
    """
    return say_in(locale_for(app_language or BASE), "telegram.bad_choice")


STORE_TIMEOUT = 5.0  # seconds; beyond this the webhook answers 503 and Telegram tries again

# (callback query id, text to show or None) -> answered
AnswerCallback = Callable[[str, str | None], Awaitable[None]]


class Intake(StrEnum):
    """What became of an update."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"  # nothing Heard acts on (groups, other bots, update types not asked for)
    REFUSED = "refused"  # a button press with data Heard never sent: answered, not stored


class TelegramIntake:
    """Stores Telegram updates in the inbox; shared by the webhook and polling."""

    def __init__(
        self,
        database: Database,
        *,
        sealer: Sealer,
        pseudonymiser: Pseudonymiser,
        metrics: Metrics,
        clock: Callable[[], datetime],
        on_stored: Callable[[], None] = lambda: None,
        answer_callback: AnswerCallback | None = None,
    ) -> None:
        self.sealer = sealer
        self.pseudonymiser = pseudonymiser
        self.metrics = metrics
        self.clock = clock
        # Updates arriving together are stored with one statement and one commit.
        self.arrivals: BatchWrite[inbox.Arrival, bool] = BatchWrite(database, inbox.accept_many)
        self.on_stored = on_stored
        self.answer_callback = answer_callback
        self._answering: set[asyncio.Task[None]] = set()

    async def take(self, raw: Mapping[str, Any]) -> Intake:
        """Store ``raw`` durably (or decide it needs nothing) and return what happened.

        Raises ``MalformedUpdateError`` for a body that is not an update, and
        database errors (or ``TimeoutError``) when it could not be stored:
        then nothing was stored and the caller must not acknowledge it.
        """
        update = strip(raw)
        if update is None:
            return Intake.IGNORED
        if update.kind is UpdateKind.BAD_CHOICE:
            self._answer(update, bad_choice_answer(update.app_language))
            log.info("telegram.bad_callback_data", extra={"event": "telegram.bad_callback_data"})
            return Intake.REFUSED
        inbound = to_inbound(update, self.pseudonymiser)
        if inbound is None:
            return Intake.IGNORED
        async with asyncio.timeout(STORE_TIMEOUT):
            stored = await self._store(update, inbound)
        if not stored:
            self.metrics.updates_duplicate.labels("telegram").inc()
            return Intake.DUPLICATE
        self.metrics.updates_received.labels("telegram").inc()
        self.on_stored()
        self._answer(update, None)
        return Intake.STORED

    async def _store(self, update: TelegramUpdate, inbound: Inbound) -> bool:
        key = chat_key(self.pseudonymiser, "telegram", str(update.chat_id))
        sealed = self.sealer.seal(inbound_to_json(inbound))
        arrival = inbox.Arrival("telegram", update.update_id, key, sealed, received_at=self.clock())
        return await self.arrivals.submit(arrival)

    def _answer(self, update: TelegramUpdate, text: str | None) -> None:
        """Answer a button press in the background; the update is already safe."""
        if update.callback_query_id is None or self.answer_callback is None:
            return
        task = asyncio.create_task(self._answer_quietly(update.callback_query_id, text))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _answer_quietly(self, query_id: str, text: str | None) -> None:
        assert self.answer_callback is not None
        try:
            await self.answer_callback(query_id, text)
        except Exception as exc:  # the spinner times out on its own; nothing is lost
            log_failure(log, "telegram.answer_failed", exc, logging.INFO)

    async def close(self) -> None:
        """Wait briefly for button answers still in flight."""
        if self._answering:
            await asyncio.wait(self._answering, timeout=2.0)
