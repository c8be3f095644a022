"""Per-address throttling of failed sign-ins, on top of the per-account lock-out.

The account lock stops guessing one password; this stops one address trying
many usernames. It is kept in memory: with several replicas each has its own
count, which still bounds guessing to a few attempts a minute per replica.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

__all__ = ["LoginThrottle"]


class LoginThrottle:
    """Counts recent failures per address and says when an address must wait."""

    def __init__(self, max_failures: int = 20, window: timedelta = timedelta(minutes=15)) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}

    def _recent(self, address: str, now: datetime) -> deque[datetime]:
        times = self._failures.get(address, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, address: str, now: datetime) -> bool:
        """Return True when ``address`` has failed too often lately."""
        return len(self._recent(address, now)) >= self.max_failures

    def failed(self, address: str, now: datetime) -> None:
        """Count one failed sign-in from ``address``."""
        times = self._recent(address, now)
        times.append(now)
        self._failures[address] = times
        if len(self._failures) > 10_000:  # bound memory under a spray of addresses
            for stale in [a for a, t in self._failures.items() if not t][:5_000]:
                del self._failures[stale]
