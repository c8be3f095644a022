"""One turn of a conversation, the same for every channel: the engine answers, the replies are queued.

The inbox worker (Telegram) and the web chat both handle a message here, in a
transaction they open: ``handle_turn`` runs the conversation engine on the
message, seals its replies with their address and keys them ``{key}:{n}`` (so
handling the same message again queues nothing twice), stores them in the
outbox (``bot.workers.handover``) and marks the inbox row done. Only the
caller's commit makes any of it stick; after it, ``Stored`` says which rows to
hand to a running sender and which channels to wake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.conversation.types import Inbound, Reply
from bot.outgoing import queued_replies
from bot.workers.handover import ReplyQueue, Stored
from feedback import inbox, outbox
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Session

__all__ = ["Conversation", "Turns"]


class Conversation(Protocol):
    """The conversation engine as a turn uses it (``bot.conversation``)."""

    async def handle(self, session: Session, inbound: Inbound, *, now: datetime) -> Sequence[Reply]:
        """Return the replies to ``inbound``; writes in ``session`` and does not commit."""
        ...


@dataclass
class Turns:
    """Handles messages for one channel adapter: the conversation, the sealing keys and the outbox."""

    conversation: Conversation
    sealer: Sealer
    pseudonymiser: Pseudonymiser
    replies: ReplyQueue
    clock: Callable[[], datetime]

    async def handle_turn(
        self,
        session: Session,
        inbound: Inbound,
        *,
        item_id: int | None,
        key: str,
        answered: Sequence[Reply] | None = None,
    ) -> Stored:
        """Handle one message in ``session`` (not committed); return what to announce after the commit.

        ``answered`` gives replies the engine already returned in this
        transaction, so it is not asked twice. ``item_id`` is the message's
        inbox row, marked done here (None: there is none to mark). Every
        stored row holds a message for the engine: intake stores nothing else.
        """
        replies = answered if answered is not None else await self.answer(session, inbound)
        stored = await self.replies.store(session, self.rows(inbound, replies, key=key))
        if item_id is not None:
            await inbox.mark_done(session, item_id, now=self.clock())
        return stored

    async def answer(self, session: Session, inbound: Inbound) -> Sequence[Reply]:
        """Return the engine's replies to ``inbound`` (its writes in ``session``, not committed)."""
        return await self.conversation.handle(session, inbound, now=self.clock())

    def rows(self, inbound: Inbound, replies: Sequence[Reply], *, key: str) -> list[outbox.Queued]:
        """Return ``replies`` to ``inbound`` sealed with its address, keyed ``{key}:{n}``, as outbox rows."""
        if not replies:
            return []
        if inbound.address is None:
            raise ValueError("an inbound with replies needs an address to write back to")
        return queued_replies(
            sealer=self.sealer,
            pseudonymiser=self.pseudonymiser,
            channel=inbound.channel,
            address=inbound.address,
            replies=replies,
            dedup_prefix=key,
        )
