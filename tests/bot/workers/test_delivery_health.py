"""When failed sends add up to an outage (for /readyz), on a clock the test moves."""

from __future__ import annotations

from bot.workers.delivery_health import DeliveryHealth


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_only_failures_with_no_answer_between_them_make_an_outage() -> None:
    clock = Clock()
    health = DeliveryHealth(degraded_after=10, probe_every=5, monotonic=clock)
    health.failed("NetworkError")
    clock.now += 9
    health.succeeded()  # one answer in between: no outage yet, the count starts again
    health.failed("TimedOut")
    clock.now += 9.9
    assert health.outage() is None and not health.probe_due()
    clock.now += 0.1
    assert health.outage() == "TimedOut"
    assert health.probe_due() and not health.probe_due()  # one probe at a time, every 5 s
    clock.now += 5
    assert health.probe_due()
    health.succeeded()
    assert health.outage() is None and not health.probe_due()
