"""Pacing and backoff for outgoing messages: how long to wait before the next send.

Telegram allows a bot about one message a second in one chat (short bursts
are tolerated) and about thirty a second overall; beyond that it answers 429.
Pacing here keeps under those limits so 429s are rare, and backoff spaces out
retries after network or server errors. Pure logic with an injected clock, so
it is tested without sleeping.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Pacer", "SendLimits", "backoff_delay"]


@dataclass(frozen=True)
class SendLimits:
    """How fast one channel may send; ``0`` switches a limit off (a local Bot API server, a bench)."""

    overall_per_second: float = 30.0
    chat_per_second: float = 1.0
    chat_burst: int = 3  # messages a chat may receive back to back before pacing starts

    def __post_init__(self) -> None:
        if self.overall_per_second < 0 or self.chat_per_second < 0:
            raise ValueError("send rates cannot be negative; use 0 to switch a limit off")
        if self.chat_burst < 1:
            raise ValueError("chat_burst must be at least 1")


class Pacer:
    """Hands out send times that keep one channel within its ``SendLimits``.

    A chat may receive ``chat_burst`` messages in any window of
    ``chat_burst / chat_per_second`` seconds (so a short burst goes at once,
    then about one a second). Overall sends are spaced evenly. Both keep a
    little slack, because requests do not arrive exactly when they leave.
    Callers wait for their chat first, then take an overall slot, so a chat
    that must wait never holds up the others.
    """

    SLACK = 0.02  # fraction added to every interval and window

    def __init__(self, limits: SendLimits, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._next_overall = 0.0
        self._paused_until = 0.0
        self._chat_sends: dict[str, deque[float]] = {}  # chat key -> its last booked send times

    def chat_wait(self, chat_key: str) -> float:
        """Return the seconds to wait before ``chat_key`` may receive its next message.

        Call ``chat_sent`` when it actually goes: the window counts real sends,
        which may be later than the wait suggested (the overall limit comes after).
        """
        rate = self.limits.chat_per_second
        sends = self._chat_sends.get(chat_key)
        if rate == 0 or sends is None or len(sends) < self.limits.chat_burst:
            return 0.0
        return max(0.0, sends[0] + self._chat_window() - self._clock())

    def chat_sent(self, chat_key: str) -> None:
        """Record that ``chat_key`` was just sent a message."""
        if self.limits.chat_per_second == 0:
            return
        now = self._clock()
        sends = self._chat_sends.setdefault(chat_key, deque(maxlen=self.limits.chat_burst))
        sends.append(now)
        if len(self._chat_sends) > 10_000:
            self._forget_idle_chats(now)

    def _chat_window(self) -> float:
        return self.limits.chat_burst / self.limits.chat_per_second * (1 + self.SLACK)

    def reserve_overall(self) -> float:
        """Return the seconds to wait for the next overall send slot, and book it."""
        now = self._clock()
        start = max(now, self._paused_until)
        rate = self.limits.overall_per_second
        if rate == 0:
            return start - now
        slot = max(start, self._next_overall)
        self._next_overall = slot + (1 + self.SLACK) / rate
        return slot - now

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` (Telegram said 429 with ``retry_after``).

        Slots booked before the pause are not taken back here; a caller checks
        ``paused_for`` once its slot comes and books again if a pause began
        meanwhile, so nothing leaves inside the window Telegram asked for.
        """
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def paused_for(self) -> float:
        """Return the seconds left of the current pause (0 when sends may go)."""
        return max(0.0, self._paused_until - self._clock())

    def _forget_idle_chats(self, now: float) -> None:
        window = self._chat_window()
        for key in [k for k, sends in self._chat_sends.items() if sends[-1] + window <= now]:
            del self._chat_sends[key]


def backoff_delay(
    failures: int,
    *,
    base: float = 1.0,
    cap: float = 300.0,
    rand: Callable[[], float],
) -> float:
    """Return the wait before retry number ``failures`` (1, 2, …): exponential with jitter.

    "Equal jitter": half the exponential step is fixed, half random, so retries
    from many chats spread out but none comes back immediately.
    """
    if failures < 1:
        raise ValueError("failures counts from 1")
    step = min(cap, base * 2 ** (failures - 1))
    return step / 2 + rand() * step / 2
