"""How fast one browser, and one network address, may use the public chat.

The chat is open to anyone on the internet, so each costly step has a limit
per address and per chat identity: getting a new identity, trying invite
codes, and sending messages. An identity is cheap to get (one page load), so
the per-address limits are what stop a script; the per-identity limits keep
one browser from drowning a conversation. Address limits are generous, since
a children's home or a school may share one address.

Counts are kept in memory, like the staff sign-in throttle: with several
replicas each has its own, which still bounds a flood to a small multiple.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

__all__ = ["ChatLimits", "Limit", "SlidingCount"]


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events in any ``window``."""

    count: int
    window: timedelta


@dataclass
class SlidingCount:
    """Counts events per key over a sliding window; memory stays bounded under a spray of keys."""

    limit: Limit
    max_keys: int = 20_000
    _times: dict[str, deque[datetime]] = field(default_factory=dict)

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._times.get(key, deque())
        while times and now - times[0] > self.limit.window:
            times.popleft()
        return times

    def full(self, key: str, now: datetime) -> bool:
        """Return True when ``key`` has used its allowance for now."""
        return len(self._recent(key, now)) >= self.limit.count

    def add(self, key: str, now: datetime) -> None:
        """Count one event for ``key``."""
        times = self._recent(key, now)
        times.append(now)
        self._times[key] = times
        if len(self._times) > self.max_keys:
            for stale in [k for k, t in self._times.items() if not t or now - t[-1] > self.limit.window]:
                del self._times[stale]
            while len(self._times) > self.max_keys:  # all busy: forget the oldest keys first
                del self._times[next(iter(self._times))]

    def take(self, key: str, now: datetime) -> bool:
        """Count one event for ``key`` and return True, or return False when its allowance is used."""
        if self.full(key, now):
            return False
        self.add(key, now)
        return True


def _per(count: int, minutes: float) -> Limit:
    return Limit(count, timedelta(minutes=minutes))


@dataclass
class ChatLimits:
    """Every limit the public chat applies; tests pass smaller ones."""

    identities_per_address: Limit = field(default_factory=lambda: _per(30, 60))
    codes_per_address: Limit = field(default_factory=lambda: _per(20, 15))
    codes_per_identity: Limit = field(default_factory=lambda: _per(5, 15))
    messages_per_address: Limit = field(default_factory=lambda: _per(240, 1))
    # Typed messages are what can raise alerts and threads; button presses only move through screens,
    # and someone tapping through a survey may press quickly, so they have a higher allowance.
    messages_per_identity: Limit = field(default_factory=lambda: _per(20, 1))
    presses_per_identity: Limit = field(default_factory=lambda: _per(60, 1))

    def __post_init__(self) -> None:
        self._identities = SlidingCount(self.identities_per_address)
        self._codes_address = SlidingCount(self.codes_per_address)
        self._codes_identity = SlidingCount(self.codes_per_identity)
        self._messages_address = SlidingCount(self.messages_per_address)
        self._messages_identity = SlidingCount(self.messages_per_identity)
        self._presses_identity = SlidingCount(self.presses_per_identity)

    def new_identity(self, address: str, now: datetime) -> bool:
        """Return True (and count it) when ``address`` may be given one more chat identity."""
        return self._identities.take(address, now)

    def message(self, address: str, identity: str, now: datetime, *, typed: bool = True) -> bool:
        """Return True (and count it) when this browser may send one more message (or button press) now."""
        own = self._messages_identity if typed else self._presses_identity
        if own.full(identity, now) or self._messages_address.full(address, now):
            return False
        own.add(identity, now)
        self._messages_address.add(address, now)
        return True

    def code(self, address: str, identity: str, now: datetime) -> bool:
        """Return True (and count it) when this browser may try one more invite code now."""
        if self._codes_identity.full(identity, now) or self._codes_address.full(address, now):
            return False
        self._codes_identity.add(identity, now)
        self._codes_address.add(address, now)
        return True
