"""What every flow gets for one turn of the conversation, and what it gives back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.conversation.state import ChatState, SafetyQuestion
from bot.conversation.types import Inbound, Reply
from bot.helplines import CHILDLINE, SAMARITANS
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Session
from feedback.participants import Member

__all__ = ["EngineConfig", "Flow", "Outcome", "Turn"]


@dataclass(frozen=True)
class EngineConfig:
    """The settings the conversation needs, as plain values."""

    council_name: str = "Your council"
    out_of_hours_phone: str = ""
    childline_phone: str = CHILDLINE  # set from ``Settings`` (``ConversationEngine.from_settings``)
    samaritans_phone: str = SAMARITANS
    web_chat_url: str = "http://127.0.0.1:8080/chat"  # where under-16s are sent from Telegram
    retention_days: int = 90


@dataclass
class Turn:
    """One inbound message being handled: who sent it, where they are, and the tools to answer."""

    session: Session
    inbound: Inbound
    now: datetime
    participant: Member | None  # None until they join; flows replace it when a service changes them
    state: ChatState
    config: EngineConfig
    sealer: Sealer
    pseudonymiser: Pseudonymiser
    risky: bool = False  # the text raised a safeguarding risk; signposting was already given
    risk_level: str = "none"  # the risk check's level for typed text (none, concern or urgent)
    alert_id: int | None = None  # the alert this turn's text raised, if any
    safety: SafetyQuestion | None = None  # a safety question waiting for an answer (kept beside ``state``)

    @property
    def joined(self) -> Member:
        """Return the member; flows that need one are only routed to when there is one."""
        assert self.participant is not None, "flow needs a participant"
        return self.participant


@dataclass(frozen=True)
class Outcome:
    """What a flow decided: replies, and the next state (None keeps the current one)."""

    replies: Sequence[Reply] = field(default_factory=tuple)
    state: ChatState | None = None


class Flow(Protocol):
    """A flow someone can be in between messages (their state's ``flow``): menu, forget, survey, tell.

    Buttons are routed apart from this, by action (``bot.conversation.routing``).
    """

    NAME: str

    async def on_text(self, turn: Turn, text: str) -> Outcome | None:
        """Return the outcome of free text while in this flow, or None to fall back to the menu."""
        ...

    def prompt(self, turn: Turn) -> Reply | None:
        """Return the question this flow is waiting on (shown again after help), if any."""
        ...
