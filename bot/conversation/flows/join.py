"""Joining with an invite code: checked, rate-limited, and nothing stored until the privacy card's OK.

A good code shows the privacy card; the card's OK button carries the code
(``consent:ok:K7MXQ2PD``, well under Telegram's 64 bytes), so nothing about
the person is written before they agree, and the code is checked again
when they do. Failed codes are counted per pseudonym to slow guessing.
"""

from __future__ import annotations

import logging

from bot.conversation import words
from bot.conversation.catalogue import say
from bot.conversation.flows import consent
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Link, Reply
from feedback.invites import (
    InviteCheck,
    InviteProblem,
    canonical_code,
    check_invite,
    join_blocked_until,
    record_join_failure,
)

__all__ = ["TELEGRAM_MIN_AGE_BANDS", "checked_code", "looks_like_code", "on_text", "start"]

# Telegram's terms require UK users to be 16 or over: younger bands join in the web chat.
TELEGRAM_MIN_AGE_BANDS = frozenset({"16-17", "16-25"})
log = logging.getLogger(__name__)


def _refused(reason: str) -> None:
    log.info("conversation.join_refused", extra={"event": "conversation.join_refused", "reason": reason})


def looks_like_code(text: str) -> bool:
    """Return True when typed text could be an invite code (so no /start is needed)."""
    return canonical_code(text) is not None


async def checked_code(turn: Turn, typed: str) -> tuple[str, InviteCheck] | Outcome:
    """Return the canonical code and its cohort, or the outcome that turns it away kindly."""
    pseudonym = turn.inbound.pseudonym
    if await join_blocked_until(turn.session, pseudonym=pseudonym, now=turn.now) is not None:
        _refused("rate_limited")
        return Outcome([Reply(words.join_wait())])
    code = canonical_code(typed)
    check = (
        await check_invite(turn.session, pseudonymiser=turn.pseudonymiser, code=code, now=turn.now)
        if code is not None
        else InviteCheck(None, None, None, InviteProblem.UNKNOWN)
    )
    if code is None or not check.ok:
        await record_join_failure(turn.session, pseudonym=pseudonym, now=turn.now)
        reason = str(check.problem)
        _refused(reason)
        return Outcome([Reply(words.bad_code(reason))])
    if turn.inbound.channel == "telegram" and check.age_band not in TELEGRAM_MIN_AGE_BANDS:
        _refused("under_16")
        link = Link(say("join.open_in_browser"), f"{turn.config.web_chat_url}?code={code}")
        return Outcome([Reply(words.under_16_on_telegram(), link=link)])
    return code, check


async def start(turn: Turn, typed: str) -> Outcome:
    """Return the answer to ``/start [CODE]`` (or a bare code): the privacy card, or why not."""
    if turn.participant is not None:
        from bot.conversation.flows.menu import menu_reply

        return Outcome([menu_reply(turn, words.already_joined())])
    if not typed:
        return Outcome([Reply(words.need_code())])
    checked = await checked_code(turn, typed)
    if isinstance(checked, Outcome):
        return checked
    code, check = checked
    assert check.care_status is not None and check.age_band is not None
    return Outcome([consent.card(turn, code, check.care_status, check.age_band)])


async def on_text(turn: Turn, text: str) -> Outcome:
    """Return the answer to free text from someone who has not joined: a code, or read the card first."""
    if looks_like_code(text):
        return await start(turn, text)
    return await consent.read_first(turn)
