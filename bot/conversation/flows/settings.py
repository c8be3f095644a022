"""Language and easy read: how a young person chooses the wording their surveys come in.

The survey flow, invites and reminders already follow ``Participant.language``
and ``Participant.easy_read``; this is where they are set. A language is only
offered when an installed survey can be taken in it, so nobody picks Welsh
and then never sees a word of it. Buttons are checked like any other: a
language not on offer, or an easy read value other than on/off, is refused
as a stale button. A survey already started carries on as it began; the
next one follows the new choice.
"""

from __future__ import annotations

import logging

from bot.conversation.actions import Action, action_code
from bot.conversation.flows.settings_words import (
    LANGUAGE_NAMES,
    card,
    easy_read_changed,
    language_changed,
)
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback.surveys_store import installed_languages

__all__ = [
    "EASY_READ_BANDS",
    "NAME",
    "easy_read_by_default",
    "offered_languages",
    "on_action",
    "on_text",
    "prompt",
    "set_easy_read",
    "show",
]

NAME = "settings"
log = logging.getLogger(__name__)

# Age bands who start with easy read on; they can turn it off like anyone else.
EASY_READ_BANDS = frozenset({"8-10"})
_EASY = {"on": True, "off": False}


def easy_read_by_default(age_band: str) -> bool:
    """Return whether someone joining in this age band starts with easy read on."""
    return age_band in EASY_READ_BANDS


async def offered_languages(turn: Turn) -> tuple[str, ...]:
    """Return the languages to offer: English, and each named language an installed survey has."""
    installed = await installed_languages(turn.session)
    return tuple(code for code in LANGUAGE_NAMES if code == "en" or code in installed)


def _ticked(label: str, chosen: bool) -> str:
    return f"✓ {label}" if chosen else label


async def _card(turn: Turn, lead: str | None = None) -> Reply:
    person = turn.joined
    languages = [
        Button(_ticked(LANGUAGE_NAMES[code], code == person.language), action_code(NAME, "lang", code))
        for code in await offered_languages(turn)
    ]
    easy = (
        Button(_ticked("Easy read on", person.easy_read), action_code(NAME, "easy", "on")),
        Button(_ticked("Easy read off", not person.easy_read), action_code(NAME, "easy", "off")),
    )
    text = card(person.language, easy_read=person.easy_read)
    rows = (tuple(languages), easy, (Button("Back to the menu", "menu:show"),))
    return Reply(f"{lead}\n\n{text}" if lead else text, buttons=rows)


async def show(turn: Turn) -> Outcome:
    """Return the language and easy read card for the person, with their choices ticked."""
    return Outcome([await _card(turn)], ChatState())


async def set_easy_read(turn: Turn, *, on: bool) -> None:
    """Turn easy read on or off for the person, in the turn's session (never committed here)."""
    person = turn.joined
    person.easy_read = on
    turn.session.add(person)
    await turn.session.flush()


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Return the card after a language or easy read choice; None for a button not valid now."""
    if turn.participant is None or action.arg is None:
        return None
    person = turn.joined
    if action.verb == "lang":
        if action.arg not in await offered_languages(turn):
            return None
        person.language = action.arg
        turn.session.add(person)
        await turn.session.flush()
        lead = language_changed(action.arg)
    elif action.verb == "easy":
        if action.arg not in _EASY:
            return None
        await set_easy_read(turn, on=_EASY[action.arg])
        lead = easy_read_changed(on=person.easy_read)
    else:
        return None
    log.info("settings.changed", extra={"event": "settings.changed", "setting": action.verb, "count": 1})
    return Outcome([await _card(turn, lead)], ChatState())


async def on_text(turn: Turn, text: str) -> Outcome | None:
    """Return nothing: the card waits on buttons only, so typed text goes to the menu."""
    return None


def prompt(turn: Turn) -> Reply | None:
    """Return nothing: nobody is kept in this flow between messages."""
    return None
