"""The main menu: the place everyone returns to, and the router for its buttons and commands."""

from __future__ import annotations

from bot.conversation import words
from bot.conversation.actions import Action
from bot.conversation.catalogue import say
from bot.conversation.flows import forget as forget_flow
from bot.conversation.flows import mydata, pause, settings, survey, tell
from bot.conversation.state import MENU, ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply

__all__ = ["COMMANDS", "NAME", "menu_buttons", "menu_reply", "on_action", "on_text", "prompt", "still_here"]

NAME = MENU

# Slash commands that are shortcuts for menu buttons.
COMMANDS = {
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


def menu_buttons(turn: Turn) -> tuple[tuple[Button, ...], ...]:
    """Return the menu as rows of buttons (pause or resume, whichever applies)."""
    pause_button = (
        Button(say("menu.resume"), "menu:resume")
        if turn.joined.paused
        else Button(say("menu.pause"), "menu:pause")
    )
    return (
        (Button(say("menu.survey"), "menu:survey"), Button(say("menu.tell"), "menu:tell")),
        (Button(say("menu.messages"), "menu:issues"),),
        (Button(say("button.get_help"), "menu:help"),),
        (Button(say("menu.my_data"), "menu:mydata"), pause_button),
        (Button(say("menu.settings"), "menu:settings"),),
        (Button(say("menu.forget"), "menu:forget"),),
    )


def still_here() -> str:
    """Return the menu's words after signposting: no scolding, just the menu."""
    return say("menu.still_here")


def menu_reply(turn: Turn, text: str | None = None) -> Reply:
    """Return ``text`` (or "What would you like to do?") with the menu buttons under it."""
    return Reply(text or say("menu.question"), buttons=menu_buttons(turn))


async def on_action(turn: Turn, action: Action) -> Outcome | None:
    """Return the outcome of a menu button; None for a verb the menu does not have.

    "Get help now" is answered by the engine itself, since help keeps the person's place.
    """
    verb = action.verb
    if action.arg is not None:
        return None
    if turn.participant is None:
        return Outcome([Reply(words.not_joined())])
    if verb == "show":
        return Outcome([menu_reply(turn)], ChatState())
    if verb == "survey":
        return await survey.start(turn)
    if verb == "tell":
        return await tell.start(turn)
    if verb == "issues":
        return await tell.my_issues(turn)
    if verb == "mydata":
        return await mydata.show(turn)
    if verb == "settings":
        return await settings.show(turn)
    if verb in ("pause", "resume"):
        await pause.set_messages(turn, paused=verb == "pause")
        text = words.paused() if verb == "pause" else words.resumed()
        return Outcome([menu_reply(turn, text)], ChatState())
    if verb == "forget":
        return forget_flow.ask(turn)
    return None


async def on_text(turn: Turn, text: str) -> Outcome:
    """Return the answer to free text at the menu: the menu again, gently."""
    if turn.risky:
        return Outcome([menu_reply(turn, still_here())])
    return Outcome([menu_reply(turn, words.not_understood())])


def prompt(turn: Turn) -> Reply | None:
    """Return nothing: the menu waits on no question."""
    return None
