"""Replies the inbox worker writes go to the outbox, and straight on to a running sender in memory.

Writing a reply as already claimed (``feedback.outbox.enqueue_claimed``) and
handing the row to the sender spares it a claim and a read per reply, which
at load is a large share of the work per message. The outbox row is written
in the worker's transaction either way, so a crash loses nothing: a claimed
row is recovered like any other claimed row. Channels whose sender is not
taking replies (not connected yet, or none in this process) get ordinary
pending rows and a wake-up, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from feedback import outbox
from feedback.db import Session

__all__ = ["Receiver", "ReplyQueue", "Stored"]


class Receiver(Protocol):
    """A channel's sender as the worker hands it replies (``OutboxSender``)."""

    def accepting(self) -> bool:
        """Return True while it delivers what it is handed (running, not stopping)."""
        ...

    def hand(self, items: Sequence[outbox.StoredMessage]) -> None:
        """Take rows already claimed for it, to deliver like rows it claimed itself."""
        ...


@dataclass
class Stored:
    """What one transaction queued: rows claimed for a receiver, and channels left to wake."""

    claimed: list[outbox.StoredMessage] = field(default_factory=list)
    pending: set[str] = field(default_factory=set)


@dataclass
class ReplyQueue:
    """Stores replies in the worker's transaction and, once committed, hands or announces them."""

    receivers: Mapping[str, Receiver]
    on_pending: Callable[[str], None] | None
    clock: Callable[[], datetime]
    claimant: int | None = None  # rows written claimed carry it (``feedback.claims``)

    async def store(self, session: Session, queued: Sequence[outbox.Queued]) -> Stored:
        """Write ``queued`` in ``session`` (not committed); return what to do after the commit."""
        stored = Stored()
        if not queued:
            return stored
        now = self.clock()
        taking = {c for c in {q.channel for q in queued} if self._taking(c)}
        await outbox.enqueue_many(session, [q for q in queued if q.channel not in taking], now=now)
        claimed = [q for q in queued if q.channel in taking]
        stored.claimed = list(await outbox.enqueue_claimed(session, claimed, now=now, owner=self.claimant))
        stored.pending = {q.channel for q in queued if q.channel not in taking}
        if len(stored.claimed) < len(claimed):  # some wait behind an earlier message of their chat
            stored.pending |= {q.channel for q in claimed}
        return stored

    def announce(self, stored: Stored) -> None:
        """After the commit: hand claimed rows to their senders and wake the others."""
        by_channel: dict[str, list[outbox.StoredMessage]] = defaultdict(list)
        for item in stored.claimed:
            by_channel[item.channel].append(item)
        for channel, items in by_channel.items():
            self.receivers[channel].hand(items)
        if self.on_pending is not None:
            for channel in stored.pending:
                self.on_pending(channel)

    def _taking(self, channel: str) -> bool:
        receiver = self.receivers.get(channel)
        return receiver is not None and receiver.accepting()
