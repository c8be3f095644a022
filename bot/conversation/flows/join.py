"""Joining with an invite code: checked, rate-limited, and nothing stored until the privacy card's OK.

A good code shows the privacy card (``consent``); the card's OK button
carries the code (``consent:ok:K7MXQ2PD``, well under Telegram's 64 bytes),
so nothing about the person is written before they agree, and the code is
checked again when they do. The OK is the only way a participant comes to
exist. Failed codes are counted per pseudonym to slow guessing.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.conversation import words
from bot.conversation.actions import Action
from bot.conversation.cards import CONSENT_VERSION
from bot.conversation.catalogue import BASE, EASY_READ, locale_for, say, speaking
from bot.conversation.flows.consent import card, locale_of
from bot.conversation.flows.settings_words import easy_read_on_at_join
from bot.conversation.menu_card import menu_reply
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Link, Reply
from feedback.invites import (
    InviteCheck,
    InviteProblem,
    canonical_code,
    check_invite,
    join_blocked_until,
    record_join_failure,
    use_invite,
)
from feedback.participants import join_participant

__all__ = [
    "EASY_READ_BANDS",
    "TELEGRAM_MIN_AGE_BANDS",
    "checked_code",
    "easy_read_by_default",
    "looks_like_code",
    "on_action",
    "on_text",
    "read_first",
    "start",
]

# Telegram's terms require UK users to be 16 or over: younger bands join in the web chat.
TELEGRAM_MIN_AGE_BANDS = frozenset({"16-17", "16-25"})
# Age bands who start with easy read on; they can turn it off like anyone else.
EASY_READ_BANDS = frozenset({"8-10"})
log = logging.getLogger(__name__)


def _refused(reason: str) -> None:
    log.info("conversation.join_refused", extra={"event": "conversation.join_refused", "reason": reason})


def easy_read_by_default(age_band: str) -> bool:
    """Return whether someone joining in this age band starts with easy read on."""
    return age_band in EASY_READ_BANDS


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


async def _card_for(turn: Turn, typed: str) -> Reply | Outcome:
    """Return the privacy card for the code in ``typed``, or the outcome that turns it away."""
    checked = await checked_code(turn, typed)
    if isinstance(checked, Outcome):
        return checked
    code, check = checked
    assert check.care_status is not None and check.age_band is not None
    return card(turn, code, check.care_status, check.age_band)


async def start(turn: Turn, typed: str) -> Outcome:
    """Return the answer to ``/start [CODE]`` (or a bare code): the privacy card, or why not."""
    if turn.participant is not None:
        return Outcome([menu_reply(turn, words.already_joined())])
    if not typed:
        return Outcome([Reply(words.need_code())])
    shown = await _card_for(turn, typed)
    return shown if isinstance(shown, Outcome) else Outcome([shown])


async def on_text(turn: Turn, text: str) -> Outcome:
    """Return the answer to free text from someone who has not joined: a code, or read the card first."""
    if looks_like_code(text):
        return await start(turn, text)
    return await read_first(turn)


async def read_first(turn: Turn) -> Outcome:
    """Return the answer to words typed before OK: read the card first (shown again when known).

    Consent comes first: what someone types before OK is not kept, not
    risk-checked and never raised as an alert, because they have not yet read
    that Heard is private but not secret. The card's buttons stay usable: on
    Telegram the card keeps its keyboard, and a channel that remembers the
    unanswered card (``Inbound.card_code``) gets it again under the note.
    "Get help now" is on every reply, so the help numbers are one tap away.
    """
    code = turn.inbound.card_code
    if not code:
        return Outcome([Reply(words.read_first(card_shown=False))])
    again = await _card_for(turn, code)
    if isinstance(again, Outcome):
        return again
    return Outcome([replace(again, text=f"{words.read_first(card_shown=True)}\n\n{again.text}")])


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Return the answer to the privacy card: join on OK (code checked again), another language, Not now."""
    if action.verb == "no" and action.arg is None:
        if turn.participant is not None:
            return None
        return Outcome([Reply(words.consent_declined())])
    if action.arg is None:
        return None
    shown = locale_of(action.verb, "card")
    if shown is not None:  # another language: the same card again, in it
        if turn.participant is not None:
            return None
        with speaking(shown):
            again = await _card_for(turn, action.arg)
            return again if isinstance(again, Outcome) else Outcome([again])
    chosen = locale_of(action.verb, "ok")
    if chosen is None:
        return None
    with speaking(chosen):
        return await _join(turn, action.arg, chosen)


async def _join(turn: Turn, code: str, locale: str) -> Outcome:
    """Return the welcome after OK, having joined the person in the language they read the card in."""
    if turn.participant is not None:
        return Outcome([menu_reply(turn, words.already_joined())])
    checked = await checked_code(turn, code)
    if isinstance(checked, Outcome):
        return checked
    _code, check = checked
    assert check.invite_id is not None and check.care_status is not None and check.age_band is not None
    if not await use_invite(turn.session, invite_id=check.invite_id, now=turn.now):
        return Outcome([Reply(words.bad_code("used_up"))])
    address = turn.inbound.address
    told = locale != EASY_READ and easy_read_by_default(check.age_band)
    # The youngest start with easy read on; they are told, and can turn it off.
    person = await join_participant(
        turn.session,
        pseudonym=turn.inbound.pseudonym,
        channel=turn.inbound.channel,
        care_status=check.care_status,
        age_band=check.age_band,
        chat_id_sealed=turn.sealer.seal(address) if address else None,
        consent_version=CONSENT_VERSION,
        now=turn.now,
        language=BASE if locale == EASY_READ else locale,
        easy_read=locale == EASY_READ or told,
    )
    turn.participant = person
    log.info("conversation.joined", extra={"event": "conversation.joined", "count": 1})
    with speaking(locale_for(person.language, easy_read=person.easy_read)):
        welcome = words.welcome(turn.config)
        if told:
            welcome = f"{welcome}\n\n{easy_read_on_at_join()}"
        return Outcome([menu_reply(turn, welcome)], ChatState())
