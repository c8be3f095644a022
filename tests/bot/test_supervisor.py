"""Supervised workers: restarted with backoff when they die, and reported in /readyz and /metrics.

Issue 20 found crashed worker tasks logged once and never restarted, a
killed redaction process leaving the pool broken for good (``textwork.failed
BrokenProcessPool`` every 5 s) and ``/readyz`` answering 200 all the while.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from aiohttp import ClientSession, web

from bot import health
from bot.appkeys import DATABASE, METRICS
from bot.metrics import Metrics
from bot.supervisor import SUPERVISOR, Supervisor
from bot.telegram.delivery_process import BotConnection, DeliveryProcess
from bot.textworker import TextWorker
from feedback import textwork
from feedback.crypto import Sealer
from feedback.db import Database
from tests.fakes.telegram import FakeBotApi


def shout(
    _config: textwork.PipelineConfig, items: Sequence[textwork.PendingText]
) -> list[textwork.ProcessedText]:
    """A stand-in for the pipeline, cheap to run in a pool process."""
    return [textwork.ProcessedText(i.source, i.row_id, i.text.upper(), (), "neutral") for i in items]


async def until(predicate: Any, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def test_a_worker_that_dies_is_restarted_with_backoff_and_counted() -> None:
    supervisor = Supervisor(backoff_base=0.1, backoff_cap=0.2)
    runs: list[int] = []

    async def flaky() -> None:
        runs.append(1)
        if len(runs) < 3:
            raise RuntimeError("boom")
        await asyncio.Event().wait()

    worker = supervisor.start("flaky", flaky)
    try:
        await until(lambda: len(runs) == 3)
        await until(lambda: worker.status.state == "running")
        assert worker.status.restarts == 2 and worker.status.last_error == "RuntimeError"
        assert supervisor.all_up()
    finally:
        await worker.stop()
    assert worker.status.state == "stopped"


@pytest.fixture
async def ready_app(db: Database) -> AsyncIterator[tuple[str, Supervisor, Metrics]]:
    app = web.Application()
    app.add_routes(health.routes)
    metrics = Metrics()
    supervisor = Supervisor(registry=metrics.registry, backoff_base=0.5, backoff_cap=1.0)
    app[DATABASE] = db
    app[METRICS] = metrics
    app[SUPERVISOR] = supervisor
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", supervisor, metrics
    finally:
        for worker in supervisor.workers.values():
            await worker.stop()
        await runner.cleanup()


async def test_readyz_answers_503_naming_the_worker_while_one_is_down(
    ready_app: tuple[str, Supervisor, Metrics],
) -> None:
    base, supervisor, metrics = ready_app
    dead = asyncio.Event()

    async def dies_once() -> None:
        if not dead.is_set():
            dead.set()
            raise ConnectionResetError("gone")
        await asyncio.Event().wait()

    async def steady() -> None:
        await asyncio.Event().wait()

    supervisor.start("steady", steady)
    supervisor.start("sender", dies_once)
    async with ClientSession() as http:
        await dead.wait()
        async with http.get(f"{base}/readyz") as response:
            body = await response.json()
            assert response.status == 503
        assert body["status"] == "worker down"
        assert body["workers"]["sender"] == {
            "state": "restarting",
            "restarts": 1,
            "last_error": "ConnectionResetError",
        }
        assert body["workers"]["steady"]["state"] == "running"
        assert b'heard_worker_up{worker="sender"} 0.0' in metrics.render()
        await until(lambda: supervisor.all_up())
        async with http.get(f"{base}/readyz") as response:
            assert response.status == 200
    assert b'heard_worker_restarts_total{worker="sender"} 1.0' in metrics.render()


async def test_a_killed_redaction_process_is_replaced_and_reported_meanwhile(
    monkeypatch: pytest.MonkeyPatch, sealer: Sealer
) -> None:
    waiting = [textwork.PendingText("answer", n, f"text {n}") for n in range(3)]
    stored: list[textwork.ProcessedText] = []

    async def pending(_session: Any, _sealer: Any, *, owner: int, limit: int) -> list[textwork.PendingText]:
        return waiting[:1]  # a text stays claimed until its result is stored

    async def store(_session: Any, results: Sequence[textwork.ProcessedText], *, owner: int) -> int:
        stored.extend(results)
        del waiting[: len(results)]
        return len(results)

    monkeypatch.setattr(textwork, "claim", pending)
    monkeypatch.setattr(textwork, "mark_done", store)
    worker = pooled_worker(sealer)
    supervisor = Supervisor(backoff_base=0.1, backoff_cap=0.2)
    troubles: list[str | None] = []
    try:
        assert await worker.run_once() == 1
        [pid] = list(worker.executor._processes)  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
        await asyncio.sleep(0.5)
        supervised = supervisor.start("text-worker", worker.run_forever)

        def trouble(code: str | None) -> None:
            troubles.append(code)
            supervised.trouble(code)

        worker.on_trouble = trouble
        await until(lambda: len(stored) == 3, timeout=60)
        await until(lambda: supervised.status.state == "running")
    finally:
        for each in supervisor.workers.values():
            await each.stop()
        worker.close()
    assert worker.pools_replaced == 1
    assert "BrokenProcessPool" in troubles and troubles[-1] is None
    assert [r.redacted for r in stored] == ["TEXT 0", "TEXT 1", "TEXT 2"]


async def test_a_redaction_process_killed_while_idle_is_noticed_without_a_text(
    monkeypatch: pytest.MonkeyPatch, sealer: Sealer
) -> None:
    async def nothing(_session: Any, _sealer: Any, *, owner: int, limit: int) -> list[textwork.PendingText]:
        return []

    worker = pooled_worker(sealer)
    supervisor = Supervisor(backoff_base=0.1, backoff_cap=0.2)
    troubles: list[str | None] = []
    try:
        await asyncio.get_running_loop().run_in_executor(worker.executor, int)  # the process is up
        monkeypatch.setattr(textwork, "claim", nothing)
        supervised = supervisor.start("text-worker", worker.run_forever)

        def trouble(code: str | None) -> None:
            troubles.append(code)
            supervised.trouble(code)

        worker.on_trouble = trouble
        [pid] = list(worker.executor._processes)  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        await until(lambda: "BrokenProcessPool" in troubles, timeout=10)
        await until(lambda: troubles[-1] is None)
        assert supervised.status.state == "running"
    finally:
        for each in supervisor.workers.values():
            await each.stop()
        worker.close()
    assert worker.pools_replaced == 1


async def test_closing_stops_a_pool_process_busy_with_a_batch(sealer: Sealer) -> None:
    """A stopping service must not wait at exit for a batch (or a model load) in hand."""
    worker = pooled_worker(sealer)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(worker.executor, int)  # the process is up
    [process] = list(worker.executor._processes.values())  # type: ignore[attr-defined]
    busy = loop.run_in_executor(worker.executor, time.sleep, 60)
    await asyncio.sleep(0.2)
    assert process.is_alive()
    started = time.monotonic()
    worker.close()
    await until(lambda: not process.is_alive(), timeout=5)
    assert time.monotonic() - started < 5
    with contextlib.suppress(Exception):
        await asyncio.wait_for(busy, timeout=5)


def pooled_worker(sealer: Sealer) -> TextWorker:
    """A text worker on a one-process pool, running ``shout``, its texts supplied by the test."""
    return TextWorker(
        NoDatabase(),  # type: ignore[arg-type]
        sealer,
        textwork.PipelineConfig(),
        pool(),
        new_executor=pool,
        process=shout,
        idle_seconds=0.05,
    )


def pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


class NoDatabase:
    """A database whose sessions are never used (the text store is replaced by the test)."""

    def session(self) -> Any:
        class Session:
            async def __aenter__(self) -> None:
                return None

            async def __aexit__(self, *_exc: object) -> None:
                return None

        return Session()


@pytest.mark.slow
async def test_a_killed_delivery_process_is_replaced_before_any_message_needs_it() -> None:
    async with FakeBotApi() as fake:
        child = DeliveryProcess(BotConnection(fake.token, fake.api_url), restart_pause=0.1)
        supervisor = Supervisor(backoff_base=0.1, backoff_cap=0.2)
        watcher = supervisor.start("delivery-process", child.watch)
        try:
            await until(lambda: child.pid is not None, timeout=30)
            first = child.pid
            assert first is not None
            os.kill(first, signal.SIGKILL)
            await until(lambda: child.starts == 2 and child.pid != first, timeout=30)
            await until(lambda: watcher.status.state == "running")
            assert watcher.status.restarts == 1
        finally:
            await watcher.stop()
            await child.close()
