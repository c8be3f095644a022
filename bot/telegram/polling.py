"""Polling mode (``HEARD_TELEGRAM_MODE=polling``): getUpdates in a loop, feeding the same inbox.

For local use without a public URL. The offset only moves past an update
once it is stored, so a crash or a database outage loses nothing: Telegram
offers the same updates again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.logs import log_failure
from bot.telegram.intake import TelegramIntake
from bot.telegram.updates import ALLOWED_UPDATES, MalformedUpdateError
from bot.workers.pacing import backoff_delay
from feedback.db import DATABASE_FAILED

__all__ = ["poll_updates"]

# What a round of polling may meet that a later round can get past: Telegram, the network, the database.
_PASSING: tuple[type[Exception], ...] = (TelegramError, *DATABASE_FAILED, TimeoutError)

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 25


async def poll_updates(
    bot: Bot,
    intake: TelegramIntake,
    *,
    long_poll: int = LONG_POLL_SECONDS,
    rand: Callable[[], float] = random.random,
) -> None:
    """Fetch updates and store them until cancelled."""
    await bot.delete_webhook(drop_pending_updates=False)
    offset = 0
    failures = 0
    while True:
        try:
            updates = await bot.get_updates(
                offset=offset,
                timeout=long_poll,
                allowed_updates=list(ALLOWED_UPDATES),
                read_timeout=long_poll + 10,
            )
            for update in updates:
                # A malformed update cannot come from PTB's own parser; skip rather than stall.
                with contextlib.suppress(MalformedUpdateError):
                    await intake.take(update.to_dict())
                offset = update.update_id + 1
            failures = 0
        except InvalidToken:
            log.error("telegram.polling_token_rejected", extra={"event": "telegram.polling_token_rejected"})
            raise
        except _PASSING as exc:
            failures += 1
            log_failure(log, "telegram.polling_failed", exc)
            await asyncio.sleep(backoff_delay(failures, base=1.0, cap=60.0, rand=rand))
