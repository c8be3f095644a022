"""The loop every queue worker runs: do a round of work, then wait to be woken or for a while.

The inbox worker, the outbox sender and the text worker each claim work,
hand it on and look again. When a round took all it could (more may be
waiting), the next round starts at once; otherwise the worker waits until
someone calls ``wake`` (an update was stored, a reply queued, a chat's slot
freed, rows of a gone process returned) or ``idle`` seconds pass, and then
may do something on the side (report its queue's depth). A wake that comes
while a round runs is kept, so the next wait ends at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

__all__ = ["WakeLoop"]


class WakeLoop:
    """Rounds of work until cancelled, with a wait between them when there was no more."""

    def __init__(self, idle: float) -> None:
        self.idle = idle  # seconds between looks when nobody wakes the worker
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """End the current wait, or the next one if a round is running."""
        self._wake.set()

    async def run(
        self, round_: Callable[[], Awaitable[bool]], on_idle: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """Run ``round_`` (True: it may have left work behind) until cancelled.

        ``on_idle`` runs when a wait ends because ``idle`` seconds passed.
        """
        while True:
            self._wake.clear()
            if await round_():
                await asyncio.sleep(0)  # let what the round started get going
                continue
            try:
                async with asyncio.timeout(self.idle):
                    await self._wake.wait()
            except TimeoutError:
                if on_idle is not None:
                    await on_idle()
