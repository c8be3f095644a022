"""The routing table: which flow answers a button, a slash command, or typed text in a saved place.

The engine owns it, so flows never import one another: a flow shows the menu
through ``bot.conversation.menu_card``, and what a menu button opens is
looked up here. A button is routed by its action's first part
(``tell:open:AB12CD``), a command by its name, and typed text by the flow
named in the person's saved state. "Get help now", /help, /start and the
safety question's buttons are the engine's own, since they keep the place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType

from bot.conversation import words
from bot.conversation.actions import Action
from bot.conversation.flows import consent, forget, join, menu, mydata, pause, settings, survey, tell
from bot.conversation.turn import Flow, Outcome, Turn
from bot.conversation.types import Reply

__all__ = [
    "ACTION_FLOWS",
    "COMMANDS",
    "MENU_ENTRIES",
    "STATE_FLOWS",
    "ActionHandler",
    "Entry",
    "open_from_menu",
]

ActionHandler = Callable[[Turn, Action], Awaitable[Outcome | None]]
Entry = Callable[[Turn], Awaitable[Outcome]]

# Flows someone can be in between messages, by their state's ``flow``.
STATE_FLOWS: Mapping[str, Flow] = MappingProxyType(
    {menu.NAME: menu, forget.NAME: forget, survey.NAME: survey, tell.NAME: tell}
)

# What each menu button opens, by its verb (``menu:survey``).
MENU_ENTRIES: Mapping[str, Entry] = MappingProxyType(
    {
        "show": menu.show,
        "survey": survey.start,
        "tell": tell.start,
        "issues": tell.my_issues,
        "mydata": mydata.show,
        "settings": settings.show,
        "pause": pause.pause,
        "resume": pause.resume,
        "forget": forget.ask,
    }
)

# Slash commands that are shortcuts for menu buttons: command -> the menu verb.
COMMANDS: Mapping[str, str] = MappingProxyType(
    {
        "menu": "show",
        "survey": "survey",
        "tell": "tell",
        "messages": "issues",
        "mydata": "mydata",
        "settings": "settings",
        "pause": "pause",
        "stop": "pause",
        "resume": "resume",
        "forget": "forget",
    }
)


async def open_from_menu(turn: Turn, action: Action) -> Outcome | None:
    """Return what a menu button opens; None for a verb the menu does not have.

    "Get help now" (``menu:help``) is answered by the engine itself, since help keeps the person's place.
    """
    if action.arg is not None:
        return None
    if turn.participant is None:
        return Outcome([Reply(words.not_joined())])
    entry = MENU_ENTRIES.get(action.verb)
    return await entry(turn) if entry is not None else None


# Who answers a button, by the action's first part.
ACTION_FLOWS: Mapping[str, ActionHandler] = MappingProxyType(
    {
        menu.NAME: open_from_menu,
        forget.NAME: forget.on_action,
        consent.NAME: join.on_action,
        survey.NAME: survey.on_action,
        tell.NAME: tell.on_action,
        settings.NAME: settings.on_action,
    }
)
