"""The main menu: the place everyone returns to.

The menu card itself is shared (``bot.conversation.menu_card``); what each of
its buttons and commands opens is the engine's routing table
(``bot.conversation.routing``), so this flow imports no other.
"""

from __future__ import annotations

from bot.conversation import words
from bot.conversation.menu_card import menu_reply, still_here
from bot.conversation.state import MENU, ChatState
from bot.conversation.turn import Outcome, Turn
from bot.conversation.types import Reply

__all__ = ["NAME", "on_text", "prompt", "show"]

NAME = MENU


async def show(turn: Turn) -> Outcome:
    """Return the menu, leaving whatever flow the person was in."""
    return Outcome([menu_reply(turn)], ChatState())


async def on_text(turn: Turn, text: str) -> Outcome:
    """Return the answer to free text at the menu: the menu again, gently."""
    if turn.risky:
        return Outcome([menu_reply(turn, still_here())])
    return Outcome([menu_reply(turn, words.not_understood())])


def prompt(turn: Turn) -> Reply | None:
    """Return nothing: the menu waits on no question."""
    return None
