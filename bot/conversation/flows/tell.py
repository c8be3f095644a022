"""Tell us something. Until issue threads are switched on, it says kindly that this is coming."""

from __future__ import annotations

from bot.conversation import words
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply

__all__ = ["start"]


async def start(turn: Turn) -> Outcome:
    """Return the start of "tell us something", or say it is coming soon."""
    buttons = ((Button("Get help now", "menu:help"), Button("Back to the menu", "menu:show")),)
    return Outcome([Reply(words.tell_coming(), buttons=buttons)], ChatState())
