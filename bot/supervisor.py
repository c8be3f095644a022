"""Supervised background work: every worker is restarted when it dies, and its state is known.

A background task that raises is otherwise gone for good while the web
server keeps answering, so nothing is processed and nobody notices. Here each
worker (inbox worker, sender, claims, text worker, scheduler) runs under a
``Supervisor`` that restarts it with capped exponential backoff and keeps its
state, which ``/readyz`` reports (503 while any worker is down) and
``/metrics`` exports. A worker that keeps running but cannot do its work (a
broken redaction pool) says so with ``Supervised.trouble``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.workers.pacing import backoff_delay

__all__ = ["SUPERVISOR", "Supervised", "Supervisor", "WorkerState"]

log = logging.getLogger(__name__)

State = Literal["starting", "running", "restarting", "troubled", "stopped"]
Job = Callable[[], Coroutine[Any, Any, None]]


@dataclass
class WorkerState:
    """What one supervised worker is doing, for ``/readyz`` and ``/metrics`` (codes only, no text)."""

    name: str
    state: State = "starting"
    restarts: int = 0
    last_error: str | None = None  # an exception type or safe code
    since: float = field(default_factory=time.monotonic)

    @property
    def up(self) -> bool:
        """Return True while the worker runs and does its work."""
        return self.state in ("starting", "running")


class Supervised:
    """One worker under supervision: its task, restarted on failure until ``stop``."""

    def __init__(
        self,
        supervisor: Supervisor,
        name: str,
        job: Job,
        *,
        backoff_base: float,
        backoff_cap: float,
        healthy_after: float,
    ) -> None:
        self.supervisor = supervisor
        self.status = WorkerState(name)
        self._job = job
        self._base = backoff_base
        self._cap = backoff_cap
        self._healthy_after = healthy_after
        self._task = asyncio.create_task(self._run(), name=f"supervised {name}")

    def trouble(self, code: str | None) -> None:
        """Say the worker runs but cannot do its work (``code`` names why), or that it can again (None)."""
        if code is None:
            if self.status.state == "troubled":
                self._set("running")
            return
        self.status.last_error = code
        if self.status.state != "troubled":
            self._set("troubled")

    async def stop(self) -> None:
        """Cancel the worker and wait for it to finish (it is not restarted)."""
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        self._set("stopped")

    def _set(self, state: State) -> None:
        self.status.state = state
        self.status.since = time.monotonic()

    async def _run(self) -> None:
        failures = 0
        while True:
            started = time.monotonic()
            self._set("running")
            try:
                await self._job()
                code = "Returned"  # a worker runs until cancelled; returning is a fault too
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                code = type(exc).__name__
            if time.monotonic() - started >= self._healthy_after:
                failures = 0
            failures += 1
            self.status.restarts += 1
            self.status.last_error = code
            self._set("restarting")
            delay = backoff_delay(min(failures, 30), base=self._base, cap=self._cap, rand=random.random)
            log.error(
                "worker.stopped",
                extra={"event": "worker.stopped", "worker": self.status.name, "exc_type": code,
                       "restart_in": round(delay, 2)},
            )  # fmt: skip
            self.supervisor.on_restart(self.status.name)
            await asyncio.sleep(delay)


class Supervisor:
    """Runs workers, restarting each when it dies; ``states`` tells how each one is."""

    def __init__(
        self,
        *,
        registry: CollectorRegistry | None = None,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        healthy_after: float = 60.0,
    ) -> None:
        if registry is not None:
            registry.register(_WorkerCollector(self))
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap  # well inside the 30 s a probe allows before acting
        self.healthy_after = healthy_after  # up this long: the next failure starts the backoff afresh
        self.workers: dict[str, Supervised] = {}
        self.restart_listeners: list[Callable[[str], None]] = []

    def start(self, name: str, job: Job) -> Supervised:
        """Run ``job()`` as worker ``name``, calling it again whenever it dies."""
        worker = Supervised(
            self,
            name,
            job,
            backoff_base=self.backoff_base,
            backoff_cap=self.backoff_cap,
            healthy_after=self.healthy_after,
        )
        self.workers[name] = worker
        return worker

    def states(self) -> list[WorkerState]:
        """Return every worker's state, by name."""
        return [self.workers[name].status for name in sorted(self.workers)]

    def all_up(self) -> bool:
        """Return True when every worker runs and does its work."""
        return all(worker.status.up for worker in self.workers.values())

    def on_restart(self, name: str) -> None:
        """Tell listeners (the metrics) that worker ``name`` died and will be restarted."""
        for listener in self.restart_listeners:
            listener(name)


class _WorkerCollector(Collector):
    """Exports each worker's state and restarts at scrape time (``heard_worker_up``, ``…_restarts_total``)."""

    def __init__(self, supervisor: Supervisor) -> None:
        self.supervisor = supervisor

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "heard_worker_up", "1 while a background worker runs and does its work", labels=["worker"]
        )
        restarts = CounterMetricFamily(
            "heard_worker_restarts", "Times a background worker died and was restarted", labels=["worker"]
        )
        for status in self.supervisor.states():
            up.add_metric([status.name], 1.0 if status.up else 0.0)
            restarts.add_metric([status.name], float(status.restarts))
        yield up
        yield restarts


SUPERVISOR = web.AppKey("supervisor", Supervisor)
