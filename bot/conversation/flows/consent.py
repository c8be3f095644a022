"""The privacy card: what someone reads before they join, with OK, Not now and a choice of language.

Part of the join flow (``join``), which answers the card's buttons. The card
offers its own language choice (English, easy read, Cymraeg and any
catalogue a council adds), because the card is the first thing to be
understood. Nothing is stored for the choice: the language rides in the
buttons (``consent:card_cy:CODE`` shows the card in Welsh,
``consent:ok_cy:CODE`` joins in Welsh), like the code itself.
"""

from __future__ import annotations

from bot.conversation.actions import action_code
from bot.conversation.cards import privacy_card
from bot.conversation.catalogue import BASE, EASY_READ, locales, reading, say, say_in
from bot.conversation.turn import Turn
from bot.conversation.types import Button, Reply

__all__ = ["NAME", "card", "locale_of"]

NAME = "consent"  # the card's buttons are ``consent:...``


def _suffix(locale: str) -> str:
    """Return how a locale is written in a button's verb: "" for English, "easy", "cy"."""
    if locale == BASE:
        return ""
    return "easy" if locale == EASY_READ else locale


def _verb(verb: str, locale: str) -> str:
    suffix = _suffix(locale)
    return f"{verb}_{suffix}" if suffix else verb


def locale_of(verb: str, base: str) -> str | None:
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
