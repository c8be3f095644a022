"""The main menu card, and the button back to it: the screens every flow ends on.

Flows show the menu without importing the menu flow (or each other): what a
menu button opens is the engine's routing table (``bot.conversation.routing``).
"""

from __future__ import annotations

from bot.conversation.catalogue import say
from bot.conversation.turn import Turn
from bot.conversation.types import Button, Reply

__all__ = ["back_to_menu", "menu_buttons", "menu_reply", "still_here"]


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


def menu_reply(turn: Turn, text: str | None = None) -> Reply:
    """Return ``text`` (or "What would you like to do?") with the menu buttons under it."""
    return Reply(text or say("menu.question"), buttons=menu_buttons(turn))


def still_here() -> str:
    """Return the menu's words after signposting: no scolding, just the menu."""
    return say("menu.still_here")


def back_to_menu() -> Button:
    """Return the "Back to the menu" button, labelled in the turn's language."""
    return Button(say("button.back_to_menu"), "menu:show")
