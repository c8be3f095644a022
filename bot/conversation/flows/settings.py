"""Language and easy read: how a young person chooses the words Heard speaks to them in.

The whole conversation, the survey flow, invites and reminders follow
``Participant.language`` and ``Participant.easy_read``; this is where they
are set after joining (the privacy card offers the same choice before). A
language is offered when Heard has a catalogue for it
(``bot.conversation.catalogue``); a survey not translated into it comes in
the survey's own language. Buttons are checked like any other: a
language not on offer, or an easy read value other than on/off, is refused
as a stale button. A survey already started carries on as it began; the
next one follows the new choice.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.conversation.actions import Action, action_code
from bot.conversation.catalogue import locale_for, say, speaking
from bot.conversation.flows.settings_words import (
    card,
    easy_read_changed,
    language_changed,
    language_name,
    languages,
)
from bot.conversation.menu_card import back_to_menu
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply
from feedback.participants import set_reading

__all__ = [
    "NAME",
    "offered_languages",
    "on_action",
    "set_easy_read",
    "show",
]

NAME = "settings"
log = logging.getLogger(__name__)

_EASY = {"on": True, "off": False}


async def offered_languages(turn: Turn) -> tuple[str, ...]:
    """Return the languages to offer: every language Heard has a catalogue for, English first."""
    return languages()


def _ticked(label: str, chosen: bool) -> str:
    return f"✓ {label}" if chosen else label


async def _card(turn: Turn, lead: str | None = None) -> Reply:
    person = turn.joined
    choices = [
        Button(_ticked(language_name(code), code == person.language), action_code(NAME, "lang", code))
        for code in await offered_languages(turn)
    ]
    easy = (
        Button(_ticked(say("settings.easy_on_button"), person.easy_read), action_code(NAME, "easy", "on")),
        Button(
            _ticked(say("settings.easy_off_button"), not person.easy_read), action_code(NAME, "easy", "off")
        ),
    )
    text = card(person.language, easy_read=person.easy_read)
    rows = (tuple(choices), easy, (back_to_menu(),))
    return Reply(f"{lead}\n\n{text}" if lead else text, buttons=rows)


async def show(turn: Turn) -> Outcome:
    """Return the language and easy read card for the person, with their choices ticked."""
    return Outcome([await _card(turn)], ChatState())


async def set_easy_read(turn: Turn, *, on: bool) -> None:
    """Turn easy read on or off for the person, in the turn's session (never committed here)."""
    await set_reading(turn.session, turn.joined.id, easy_read=on)
    turn.participant = replace(turn.joined, easy_read=on)


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Return the card after a language or easy read choice; None for a button not valid now."""
    if turn.participant is None or action.arg is None:
        return None
    person = turn.joined
    if action.verb == "lang":
        if action.arg not in await offered_languages(turn):
            return None
        await set_reading(turn.session, person.id, language=action.arg)
        turn.participant = replace(person, language=action.arg)
        lead = language_changed(action.arg)
    elif action.verb == "easy":
        if action.arg not in _EASY:
            return None
        await set_easy_read(turn, on=_EASY[action.arg])
        lead = ""
    else:
        return None
    log.info("settings.changed", extra={"event": "settings.changed", "setting": action.verb, "count": 1})
    person = turn.joined
    with speaking(locale_for(person.language, easy_read=person.easy_read)):  # the new choice speaks at once
        return Outcome([await _card(turn, lead or easy_read_changed(on=person.easy_read))], ChatState())
