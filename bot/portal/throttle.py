"""Per-address throttling of failed sign-ins, and a per-account lock that only the guessing address feels.

The address limit stops one address trying many usernames. The account limit
stops one address guessing one account's password (or second-factor code): after
``per_account`` failures that address may not try that account for a while. It
is deliberately per address, so that nobody can lock a named colleague out by
typing wrong passwords for them; the account's own lock in the database
(``feedback.staff.LOCK_AFTER_FAILURES``) is a much higher backstop against
guessing spread over many addresses. Both answers look the same as a wrong
password, so nobody learns which usernames exist or are locked.

Counts are kept in memory: with several replicas each has its own count, which
still bounds guessing to a few attempts a minute per replica.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

__all__ = ["LoginThrottle"]


class LoginThrottle:
    """Counts recent failures per address and per (account, address), and says when to wait."""

    def __init__(
        self,
        max_failures: int = 20,
        window: timedelta = timedelta(minutes=15),
        per_account: int = 5,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.per_account = per_account
        self._failures: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures.get(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    @staticmethod
    def _account_key(username: str, address: str) -> str:
        return f"{address}\x00{username.strip().lower()[:120]}"

    def blocked(self, address: str, now: datetime, username: str | None = None) -> bool:
        """Return True when ``address`` (or it, for ``username``) has failed too often lately."""
        if len(self._recent(address, now)) >= self.max_failures:
            return True
        if username is None:
            return False
        return len(self._recent(self._account_key(username, address), now)) >= self.per_account

    def failed(self, address: str, now: datetime, username: str | None = None) -> None:
        """Count one failed sign-in (or second-factor code) from ``address``."""
        keys = [address] if username is None else [address, self._account_key(username, address)]
        for key in keys:
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
        if len(self._failures) > 10_000:  # bound memory under a spray of addresses
            for stale in [a for a, t in self._failures.items() if not t][:5_000]:
                del self._failures[stale]
            while len(self._failures) > 10_000:
                del self._failures[next(iter(self._failures))]
