"""A channel that collects replies in a list: the whole conversation, tested with no Telegram at all.

It plays the part a real channel does — pseudonymise the sender, build the
``Inbound``, call the engine in a transaction and commit — and keeps every
reply so a test can read the conversation back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.conversation.engine import ConversationEngine
from bot.conversation.types import Inbound, InboundKind, Reply
from feedback.db import Database

__all__ = ["CollectingChannel"]


@dataclass
class CollectingChannel:
    """Sends as one user on one channel and keeps the replies (``replies``: every one, in order)."""

    engine: ConversationEngine
    db: Database
    user_id: str = "1001"
    channel: str = "telegram"
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    replies: list[Reply] = field(default_factory=list)

    @property
    def pseudonym(self) -> str:
        """Return this user's pseudonym on this channel."""
        return self.engine.pseudonymiser.pseudonym(self.channel, self.user_id)

    async def send(self, text: str) -> list[Reply]:
        """Send typed text; return this turn's replies."""
        return await self._turn(InboundKind.TEXT, text)

    async def press(self, action: str) -> list[Reply]:
        """Press a button with this action code (real or forged); return this turn's replies."""
        return await self._turn(InboundKind.CHOICE, action)

    async def send_unsupported(self, kind: str) -> list[Reply]:
        """Send something that is not text (a sticker, photo, location…); return the replies."""
        return await self._turn(InboundKind.UNSUPPORTED, "", unsupported=kind)

    async def _turn(self, kind: InboundKind, text: str, unsupported: str | None = None) -> list[Reply]:
        inbound = Inbound(
            channel=self.channel,
            pseudonym=self.pseudonym,
            kind=kind,
            text=text,
            unsupported=unsupported,
            address=self.user_id,
        )
        async with self.db.session() as session:
            replies = await self.engine.handle(session, inbound, now=self.clock())
        self.replies.extend(replies)
        return replies
