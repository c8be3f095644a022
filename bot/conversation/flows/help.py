"""Help now: the numbers to call, shown from anywhere without losing the person's place."""

from __future__ import annotations

from bot.conversation import words
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Link, Reply

__all__ = ["show"]


def show(turn: Turn) -> Outcome:
    """Return the help card; the state is left as it was."""
    buttons = ((Button("Back to the menu", "menu:show"),),) if turn.participant is not None else ()
    reply = Reply(
        words.help_text(turn.config),
        buttons=buttons,
        link=Link("Childline: talk or chat online", words.CHILDLINE_URL),
    )
    return Outcome([reply])
