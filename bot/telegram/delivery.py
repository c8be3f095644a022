"""Delivering one outbox message on Telegram, and what each Bot API error means for it.

The outbox sender decides when to send and how often to retry; this module
only says, per error, whether a retry could ever help.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.outgoing import Outgoing
from bot.telegram.callback_data import CallbackDataError
from bot.telegram.render import render
from bot.workers.sender import GiveUp, RetryLater
from feedback.crypto import Pseudonymiser
from feedback.db import Session
from feedback.participants import pause_by_pseudonym

__all__ = ["TelegramDelivery", "pause_blocked_participant"]


class TelegramDelivery:
    """Sends an ``Outgoing`` with PTB's ``Bot``; raises ``RetryLater`` or ``GiveUp`` on failure."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def __call__(self, outgoing: Outgoing) -> None:
        """Send every part of the reply, in order."""
        try:
            messages = render(outgoing.reply)
            chat_id = int(outgoing.address)
        except (CallbackDataError, ValueError) as exc:
            raise GiveUp(type(exc).__name__) from exc
        for message in messages:
            try:
                await self.bot.send_message(chat_id, message.text, reply_markup=message.keyboard)
            except TelegramError as exc:
                raise classify(exc) from exc


def classify(exc: TelegramError) -> RetryLater | GiveUp:
    """Return what the sender should do about ``exc`` (PTB's errors, most specific first)."""
    if isinstance(exc, RetryAfter):
        return RetryLater("RetryAfter", after=retry_after_seconds(exc), pause_all=True)
    if isinstance(exc, Forbidden):
        return GiveUp("Forbidden", blocked=True)  # the young person blocked the bot
    if isinstance(exc, BadRequest | ChatMigrated):
        return GiveUp(type(exc).__name__)  # sending the same request again cannot work
    if isinstance(exc, InvalidToken):
        return RetryLater("InvalidToken")  # configuration: keep the message until it is fixed
    if isinstance(exc, TimedOut | NetworkError):
        return RetryLater(type(exc).__name__)  # includes 5xx answers: PTB raises NetworkError
    return RetryLater(type(exc).__name__)


def retry_after_seconds(exc: RetryAfter) -> float:
    """Return Telegram's ``retry_after`` in seconds (PTB 22 gives int or timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def pause_blocked_participant(
    session: Session, outgoing: Outgoing, *, pseudonymiser: Pseudonymiser
) -> None:
    """Pause the participant who blocked the bot, so campaigns stop queueing messages for them.

    In a private chat the chat id is the user id, so the pseudonym is found
    without storing either. They can resume from the menu if they come back.
    """
    await pause_by_pseudonym(session, pseudonymiser.pseudonym("telegram", outgoing.address))
