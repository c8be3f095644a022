"""The background worker that anonymises and theme-tags free text, off the event loop.

spaCy handles about a hundred short texts a second, far slower than updates
arrive, so this work never runs in a request or update handler. The worker
claims sealed texts marked pending in the database under this process's
claimant number (``bot.workers.claims``), so replicas never anonymise the
same text, runs the pipeline in a process pool (``HEARD_REDACTION_WORKERS``
processes) and stores the results.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from aiohttp import web

from bot.appkeys import DATABASE, SEALER, SETTINGS
from bot.logs import log_failure
from bot.settings import Settings
from bot.supervisor import SUPERVISOR, Supervisor
from bot.workers.claims import CLAIM_KEEPER
from bot.workers.loop import WakeLoop
from feedback import claims, textwork
from feedback.crypto import Sealer
from feedback.db import Database

__all__ = ["TEXT_WORKER", "TextWorker", "pipeline_config", "setup_text_worker"]

log = logging.getLogger(__name__)


def pipeline_config(settings: Settings) -> textwork.PipelineConfig:
    """Return the pipeline settings a worker process needs."""
    return textwork.PipelineConfig(
        spacy_model=None if settings.spacy_model == "auto" else settings.spacy_model,
        anonymiser_dir=str(settings.anonymiser_dir) if settings.anonymiser_dir else None,
        taxonomy_path=str(settings.taxonomy_path) if settings.taxonomy_path else None,
        themes_model_dir=str(settings.themes_model_dir) if settings.themes_model_dir else None,
    )


class TextWorker:
    """Drains pending free text through the anonymiser and theme tagger."""

    def __init__(
        self,
        db: Database,
        sealer: Sealer,
        config: textwork.PipelineConfig,
        executor: Executor,
        *,
        batch_size: int = 32,
        idle_seconds: float = 5.0,
        new_executor: Callable[[], Executor] | None = None,
        process: Callable[
            [textwork.PipelineConfig, Sequence[textwork.PendingText]], list[textwork.ProcessedText]
        ]
        | None = None,
        claimant: int | None = None,
    ) -> None:
        self._db = db
        # Claims carry it, so they are taken over only if this process is gone (``feedback.claims``).
        self.claimant = claims.new_claimant() if claimant is None else claimant
        self._sealer = sealer
        self._config = config
        self._executor = executor
        self._batch_size = batch_size
        self._loop = WakeLoop(idle_seconds)
        self._failures = 0  # batches failed in a row
        self._new_executor = new_executor
        self._process = process or textwork.process_texts
        self.pools_replaced = 0
        self.on_trouble: Callable[[str | None], None] | None = None  # a supervisor's ``trouble``

    @property
    def executor(self) -> Executor:
        """Return the pool texts are processed in now (a broken one is replaced)."""
        return self._executor

    def close(self) -> None:
        """Shut the pool down without waiting for a batch in hand, and stop its processes.

        ``shutdown(wait=False)`` alone still leaves the interpreter waiting at exit
        for a pool process busy with a batch or loading the language model, which
        on a loaded machine can outlast a service manager's stop timeout. The
        processes only compute: a batch in hand stays claimed by this process and
        is taken over after the restart, so stopping them loses nothing.
        """
        # CPython's own map of the pool's processes (as ``_broken`` in ``_check_pool``), read before
        # ``shutdown``, which forgets it.
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()

    def wake(self) -> None:
        """Tell the worker new text is waiting (it also looks by itself every few seconds)."""
        self._loop.wake()

    async def run_once(self) -> int:
        """Process one batch; return how many texts were handled."""
        async with self._db.session() as session:
            pending = await textwork.claim(session, self._sealer, owner=self.claimant, limit=self._batch_size)
        if not pending:
            self._check_pool()
            return 0
        loop = asyncio.get_running_loop()
        try:
            results = await loop.run_in_executor(self._executor, self._process, self._config, pending)
        except BrokenExecutor:
            # A pool process died (the out-of-memory killer's likely pick at ~200 MB): the pool
            # never recovers by itself, so start a new one; the texts stay claimed and are retried.
            self._replace_pool()
            raise
        async with self._db.session() as session:
            stored = await textwork.mark_done(session, results, owner=self.claimant)
        log.info("textwork.processed", extra={"event": "textwork.processed", "count": stored})
        return stored

    def _check_pool(self) -> None:
        """Raise ``BrokenProcessPool`` (having replaced the pool) if a pool process died while idle.

        Otherwise a process killed between batches would go unnoticed, and
        ``/readyz`` stay 200, until the next text came. The pool marks itself
        broken as soon as it sees a process die (``_broken``, CPython's own
        flag: reading it costs nothing, unlike a test job sent every few seconds).
        """
        broken = getattr(self._executor, "_broken", False)
        if isinstance(self._executor, ProcessPoolExecutor) and broken:
            self._replace_pool()
            raise BrokenProcessPool(str(broken))

    def _replace_pool(self) -> None:
        if self._new_executor is None:
            return
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()
        self.pools_replaced += 1
        log.warning(
            "textwork.pool_replaced", extra={"event": "textwork.pool_replaced", "count": self.pools_replaced}
        )

    async def run_forever(self) -> None:
        """Keep processing until cancelled; errors are logged by type and retried later.

        While batches fail the worker reports trouble (``/readyz`` answers 503),
        and recovers its state with the next batch that goes through.
        """
        self._failures = 0
        await self._loop.run(self._round)

    async def _round(self) -> bool:
        """Process one batch; return True if it handled texts (more may be waiting)."""
        try:
            handled = await self.run_once()
        except Exception as exc:
            self._failures += 1
            if self._failures == 1 or self._failures % 20 == 0:
                log_failure(log, "textwork.failed", exc, logging.ERROR, failures=self._failures)
            if self.on_trouble is not None:
                self.on_trouble(type(exc).__name__)
            return False
        self._failures = 0
        if self.on_trouble is not None:
            self.on_trouble(None)
        return handled > 0


TEXT_WORKER = web.AppKey("text_worker", TextWorker)


async def _after_ready(ready: asyncio.Event, run: Callable[[], Awaitable[None]]) -> None:
    """Run the worker once start-up recovery is done and this process's claimant lock is held."""
    await ready.wait()
    await run()


def _default_executor(settings: Settings) -> Executor:
    if settings.redaction_workers == 0:
        # One thread in this process: for tests and very small installs.
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="heard-text")
    # spawn, not fork: the parent runs an event loop and threads.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=settings.redaction_workers, mp_context=context)


def setup_text_worker(
    app: web.Application, executor_factory: Callable[[Settings], Executor] | None = None
) -> None:
    """Run the text worker for the application's lifetime."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        factory = partial(executor_factory or _default_executor, settings)
        keeper = app[CLAIM_KEEPER]
        worker = TextWorker(
            app[DATABASE],
            app[SEALER],
            pipeline_config(settings),
            factory(),
            new_executor=factory,
            claimant=keeper.claimant,
        )
        keeper.listen(worker.wake)  # texts a gone replica held are waiting again
        app[TEXT_WORKER] = worker
        supervisor = app.get(SUPERVISOR) or Supervisor()
        supervised = supervisor.start("text-worker", partial(_after_ready, keeper.ready, worker.run_forever))
        worker.on_trouble = supervised.trouble
        yield
        await supervised.stop()
        worker.close()

    app.cleanup_ctx.append(context)
