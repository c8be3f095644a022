"""Pause and resume: whether Heard may send survey invites and reminders to this person."""

from __future__ import annotations

from bot.conversation.turn import Turn
from feedback.participants import set_paused

__all__ = ["set_messages"]


async def set_messages(turn: Turn, *, paused: bool) -> None:
    """Pause or resume messages (pressing either twice is harmless)."""
    await set_paused(turn.session, turn.joined, paused=paused)
