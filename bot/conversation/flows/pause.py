"""Pause and resume: whether Heard may send survey invites and reminders to this person."""

from __future__ import annotations

from dataclasses import replace

from bot.conversation import words
from bot.conversation.menu_card import menu_reply
from bot.conversation.state import ChatState
from bot.conversation.turn import Outcome, Turn
from feedback.participants import set_paused

__all__ = ["pause", "resume"]


async def pause(turn: Turn) -> Outcome:
    """Pause messages and say so under the menu (pressing it twice is harmless)."""
    await set_paused(turn.session, turn.joined.id, paused=True)
    turn.participant = replace(turn.joined, paused=True)
    return Outcome([menu_reply(turn, words.paused())], ChatState())


async def resume(turn: Turn) -> Outcome:
    """Resume messages and say so under the menu (pressing it twice is harmless)."""
    await set_paused(turn.session, turn.joined.id, paused=False)
    turn.participant = replace(turn.joined, paused=False)
    return Outcome([menu_reply(turn, words.resumed())], ChatState())
