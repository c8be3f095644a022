"""Pacing and backoff with a hand-driven clock: limits hold without sleeping."""

from __future__ import annotations

import pytest

from bot.workers.pacing import Pacer, SendLimits, backoff_delay


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def sends_in_window(times: list[float], window: float) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


def test_a_chat_gets_its_burst_at_once_then_about_one_a_second() -> None:
    clock = Clock()
    pacer = Pacer(SendLimits(overall_per_second=0, chat_per_second=1, chat_burst=3), clock=clock)
    times = []
    for _ in range(10):
        clock.now += pacer.chat_wait("a")
        pacer.chat_sent("a")
        times.append(clock.now)
    assert times[:3] == [100.0, 100.0, 100.0]
    assert sends_in_window(times, 3.0) == 3  # never more than the burst in any 3 s
    assert times[-1] - times[0] == pytest.approx(9 * 1.02, rel=0.01)


def test_chats_do_not_wait_for_each_other() -> None:
    clock = Clock()
    pacer = Pacer(SendLimits(overall_per_second=0, chat_per_second=1, chat_burst=1), clock=clock)
    pacer.chat_sent("a")
    assert pacer.chat_wait("a") > 0.9
    assert pacer.chat_wait("b") == 0


def test_overall_sends_are_spaced_evenly_and_429_pauses_them() -> None:
    clock = Clock()
    pacer = Pacer(SendLimits(overall_per_second=30, chat_per_second=0), clock=clock)
    waits = [pacer.reserve_overall() for _ in range(31)]
    assert waits[0] == 0
    assert waits[30] == pytest.approx(30 * 1.02 / 30)  # the 31st waits a little over a second
    clock.now += 5
    pacer.pause(2.0)
    assert pacer.reserve_overall() == pytest.approx(2.0)


def test_limits_off_means_no_waiting() -> None:
    pacer = Pacer(SendLimits(0, 0), clock=Clock())
    for _ in range(100):
        pacer.chat_sent("a")
        assert pacer.chat_wait("a") == 0
        assert pacer.reserve_overall() == 0


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        SendLimits(overall_per_second=-1)
    with pytest.raises(ValueError, match="chat_burst"):
        SendLimits(chat_burst=0)


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    low = [backoff_delay(n, base=1.0, cap=60.0, rand=lambda: 0.0) for n in range(1, 10)]
    high = [backoff_delay(n, base=1.0, cap=60.0, rand=lambda: 1.0) for n in range(1, 10)]
    assert low[:4] == [0.5, 1.0, 2.0, 4.0]
    assert high[:4] == [1.0, 2.0, 4.0, 8.0]
    assert max(high) == 60.0
    with pytest.raises(ValueError):
        backoff_delay(0, rand=lambda: 0.5)
