"""The shape the three claimed queues share: the inbox, the outbox and text waiting for redaction.

Each queue is a module or package (``feedback.inbox``, ``feedback.outbox``,
``feedback.textwork``) whose rows a worker claims under its process's
claimant number, handles, and marks done. What they share is what
``feedback.claims`` needs to take back the rows of a process that is gone:

- ``claimants``: who holds rows now;
- ``release``: return the rows one claimant holds (or every claimed row) to the queue;
- ``pending_count``: how many rows wait, unclaimed.

Each also has a ``claim`` and a done-mark (``inbox.claim`` / ``mark_done_many``,
``outbox.claim_due`` / ``mark_sent_many``, ``textwork.claim`` / ``mark_done``),
but what they take and return differs with what the rows are (updates in chat
order, messages due by time, texts to open), so they are not part of the shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from feedback import inbox, outbox, textwork

__all__ = ["QUEUES", "ClaimedQueue"]


class ClaimedQueue(Protocol):
    """A queue module whose rows are claimed under a claimant number (see ``feedback.claims``)."""

    async def claimants(self, session: AsyncSession) -> set[int]:
        """Return the numbers of every claimant that holds rows now."""
        ...

    async def release(self, session: AsyncSession, *, owner: int | None = None) -> int:
        """Return the rows ``owner`` holds (every claimed row when None) to the queue; return how many."""
        ...

    async def pending_count(self, session: AsyncSession) -> int:
        """Return how many rows wait, unclaimed."""
        ...


# Every claimed queue, by the name ``feedback.claims.Released`` counts it under.
QUEUES: Mapping[str, ClaimedQueue] = {"inbox": inbox, "outbox": outbox, "text": textwork}
