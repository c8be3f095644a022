"""Whether a channel's API has been failing for a while: the sender's part of ``/readyz``.

Retries keep every message through an outage, so nothing else would tell an
operator that Telegram has refused every send for minutes. ``DeliveryHealth``
counts an outage from the first failed send (a server error, a network error,
a timeout) and ends it at the first call that gets through. A 429 is not an
outage: Telegram answers and says when to send again. A lone failure among
successes never adds up to one, because each success starts the count afresh.

During an outage retries are spaced out (up to minutes), so the sender also
asks the API a cheap question now and then (``getMe``); an answer ends the
outage at once instead of at the next retry.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["DeliveryHealth"]


class DeliveryHealth:
    """Tracks failed and successful API calls; ``outage`` says whether delivery is degraded."""

    def __init__(
        self, *, degraded_after: float, probe_every: float, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.degraded_after = degraded_after  # seconds of nothing but failures before it counts
        self.probe_every = probe_every
        self._now = monotonic
        self._failing_since: float | None = None
        self._last_probe = 0.0
        self.code: str | None = None  # the last failure's code (an exception type), for /readyz

    def failed(self, code: str) -> None:
        """A call failed in a way that says the API or the way to it is down."""
        now = self._now()
        if self._failing_since is None:
            self._failing_since = now
        self.code = code

    def succeeded(self) -> None:
        """A call got an answer from the API (even a refusal): the outage, if any, is over."""
        self._failing_since = None

    def outage(self) -> str | None:
        """Return the failure code while calls have failed for ``degraded_after`` seconds, else None."""
        if self._failing_since is None or self._now() - self._failing_since < self.degraded_after:
            return None
        return self.code

    def probe_due(self) -> bool:
        """Return True when a probe should be sent now (in an outage, every ``probe_every`` seconds)."""
        if self.outage() is None or self._now() - self._last_probe < self.probe_every:
            return False
        self._last_probe = self._now()
        return True
