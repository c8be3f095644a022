"""The privacy card and its OK: the only way a participant comes to exist.

The card offers its own language choice (English, easy read, Cymraeg and
any catalogue a council adds), because the card is the first thing to be
understood. Nothing is stored for the choice: the language rides in the
buttons (``consent:card_cy:CODE`` shows the card in Welsh,
``consent:ok_cy:CODE`` joins in Welsh), like the code itself.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.conversation import words
from bot.conversation.actions import Action, action_code
from bot.conversation.cards import CONSENT_VERSION, privacy_card
from bot.conversation.catalogue import BASE, EASY_READ, locale_for, locales, reading, say, say_in, speaking
from bot.conversation.flows.settings import easy_read_by_default, set_easy_read
from bot.conversation.flows.settings_words import easy_read_on_at_join
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback.invites import use_invite
from feedback.participants import join_participant

__all__ = ["NAME", "card", "on_action", "on_text", "prompt", "read_first"]

NAME = "consent"
log = logging.getLogger(__name__)


def _suffix(locale: str) -> str:
    """Return how a locale is written in a button's verb: "" for English, "easy", "cy"."""
    if locale == BASE:
        return ""
    return "easy" if locale == EASY_READ else locale


def _verb(verb: str, locale: str) -> str:
    suffix = _suffix(locale)
    return f"{verb}_{suffix}" if suffix else verb


def _locale_of(verb: str, base: str) -> str | None:
    """Return the locale a card or OK verb carries; None when it names no installed locale."""
    if verb == base:
        return BASE
    suffix = verb.removeprefix(f"{base}_")
    if suffix == verb:
        return None
    locale = EASY_READ if suffix == "easy" else suffix
    return locale if locale in locales() and locale != BASE else None


def card(turn: Turn, code: str, care_status: str, age_band: str) -> Reply:
    """Return the privacy card for a cohort in the turn's language, with OK, Not now and other languages."""
    text = privacy_card(
        care_status, age_band, council=turn.config.council_name, retention_days=turn.config.retention_days
    )
    now = reading()
    answer = (
        Button(say("consent.ok"), action_code(NAME, _verb("ok", now), code)),
        Button(say("consent.not_now"), action_code(NAME, "no")),
    )
    others = tuple(
        Button(_language_label(locale), action_code(NAME, _verb("card", locale), code))
        for locale in locales()
        if locale != now
    )
    return Reply(text, buttons=(answer, others) if others else (answer,))


def _language_label(locale: str) -> str:
    """Return a language's button on the card, in that language's own words ("Cymraeg", "Easy read")."""
    return say_in(locale, "language.choose")


async def read_first(turn: Turn) -> Outcome:
    """Return the answer to words typed before OK: read the card first (shown again when known).

    Consent comes first: what someone types before OK is not kept, not
    risk-checked and never raised as an alert, because they have not yet read
    that Heard is private but not secret. The card's buttons stay usable: on
    Telegram the card keeps its keyboard, and a channel that remembers the
    unanswered card (``Inbound.card_code``) gets it again under the note.
    "Get help now" is on every reply, so the help numbers are one tap away.
    """
    from bot.conversation.flows import join

    code = turn.inbound.card_code
    if not code:
        return Outcome([Reply(words.read_first(card_shown=False))])
    checked = await join.checked_code(turn, code)
    if isinstance(checked, Outcome):
        return checked
    code, check = checked
    assert check.care_status is not None and check.age_band is not None
    again = card(turn, code, check.care_status, check.age_band)
    return Outcome([replace(again, text=f"{words.read_first(card_shown=True)}\n\n{again.text}")])


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Join on OK (after checking the code again), show the card in another language, or Not now."""
    if action.verb == "no" and action.arg is None:
        if turn.participant is not None:
            return None
        return Outcome([Reply(words.consent_declined())])
    if action.arg is None:
        return None
    shown = _locale_of(action.verb, "card")
    if shown is not None:  # another language: the same card again, in it
        from bot.conversation.flows import join

        if turn.participant is not None:
            return None
        with speaking(shown):
            checked = await join.checked_code(turn, action.arg)
            if isinstance(checked, Outcome):
                return checked
            code, check = checked
            assert check.care_status is not None and check.age_band is not None
            return Outcome([card(turn, code, check.care_status, check.age_band)])
    chosen = _locale_of(action.verb, "ok")
    if chosen is None:
        return None
    with speaking(chosen):
        return await _join(turn, action.arg, chosen)


async def _join(turn: Turn, code: str, locale: str) -> Outcome:
    """Return the welcome after OK, having joined the person in the language they read the card in."""
    from bot.conversation.flows import join
    from bot.conversation.flows.menu import menu_reply

    if turn.participant is not None:
        return Outcome([menu_reply(turn, words.already_joined())])
    checked = await join.checked_code(turn, code)
    if isinstance(checked, Outcome):
        return checked
    _code, check = checked
    assert check.invite_id is not None and check.care_status is not None and check.age_band is not None
    if not await use_invite(turn.session, invite_id=check.invite_id, now=turn.now):
        return Outcome([Reply(words.bad_code("used_up"))])
    address = turn.inbound.address
    turn.participant = await join_participant(
        turn.session,
        pseudonym=turn.inbound.pseudonym,
        channel=turn.inbound.channel,
        care_status=check.care_status,
        age_band=check.age_band,
        chat_id_sealed=turn.sealer.seal(address) if address else None,
        consent_version=CONSENT_VERSION,
        now=turn.now,
    )
    log.info("conversation.joined", extra={"event": "conversation.joined", "count": 1})
    turn.participant.language = BASE if locale == EASY_READ else locale
    turn.session.add(turn.participant)
    told = locale != EASY_READ and easy_read_by_default(check.age_band)
    if locale == EASY_READ or told:
        # The youngest start with easy read on; they are told, and can turn it off.
        await set_easy_read(turn, on=True)
    with speaking(locale_for(turn.participant.language, easy_read=turn.participant.easy_read)):
        welcome = words.welcome(turn.config)
        if told:
            welcome = f"{welcome}\n\n{easy_read_on_at_join()}"
        return Outcome([menu_reply(turn, welcome)], ChatState())


async def on_text(turn: Turn, text: str) -> Outcome | None:
    """Return nothing: consent is never a state, the card's buttons carry all it needs."""
    return None


def prompt(turn: Turn) -> Reply | None:
    """Return nothing, for the same reason."""
    return None
