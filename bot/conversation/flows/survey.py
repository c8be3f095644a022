"""Taking a survey. Until survey rounds are switched on, it says kindly that none is open."""

from __future__ import annotations

from bot.conversation import words
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Button, Reply

__all__ = ["start"]


async def start(turn: Turn) -> Outcome:
    """Return the first question of the survey open for this person's group, or say none is open."""
    back = ((Button("Back to the menu", "menu:show"),),)
    return Outcome([Reply(words.survey_none_open(), buttons=back)], ChatState())
