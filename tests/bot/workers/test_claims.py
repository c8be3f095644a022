"""Claimed rows of a process that is gone come back in seconds; a live process keeps its own.

Issue 20 found that on PostgreSQL nothing returned claimed rows at start-up:
after a kill -9, 700 replies waited 309 s (the 5-minute stale rule), and an
inbox row whose failure could not be written held its chat for 5 minutes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.conversation.types import Reply
from bot.outgoing import queued_replies
from bot.workers.claims import ClaimKeeper
from feedback import claims, inbox, outbox
from feedback.crypto import Pseudonymiser, Sealer, generate_pseudonym_key
from feedback.db import Database
from feedback.models import InboxItem, OutboxItem
from tests.fakes.heard import running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi


def now() -> datetime:
    return datetime.now(UTC)


async def queue_claimed(db: Database, sealer: Sealer, owner: int, texts: dict[str, list[str]]) -> None:
    pseudonymiser = Pseudonymiser.from_setting(generate_pseudonym_key())
    queued = [
        q
        for address, said in texts.items()
        for q in queued_replies(
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            channel="telegram",
            address=address,
            replies=[Reply(t) for t in said],
            dedup_prefix=f"test:{owner}:{address}",
        )
    ]
    async with db.session() as session:
        await outbox.enqueue_claimed(session, queued, now=now(), owner=owner)


async def statuses(db: Database) -> list[tuple[str, int | None]]:
    async with db.session() as session:
        rows = (await session.execute(select(OutboxItem).order_by(OutboxItem.id))).scalars()  # type: ignore[arg-type]
        return [(row.status, row.claimed_by) for row in rows]


async def test_an_owned_claim_is_never_taken_back_on_time_alone(db: Database, sealer: Sealer) -> None:
    await queue_claimed(db, sealer, 77, {"1": ["one"]})
    async with db.session() as session:
        later = datetime(2099, 1, 1, tzinfo=UTC)  # long past any stale_after
        assert await outbox.claim_due(session, now=later) == []
        assert await claims.claimants(session) == {77}
        released = await claims.release_claimant(session, 77)
    assert released == claims.Released(0, 1)
    assert await statuses(db) == [("pending", None)]


@pytest.mark.parametrize("db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
async def test_rows_of_a_gone_claimant_are_taken_over_and_a_live_ones_kept(
    db: Database, sealer: Sealer
) -> None:
    pg_db = db
    alive = claims.ClaimantLock(pg_db, claims.new_claimant())
    assert await alive.keep()
    dead = claims.new_claimant()  # nobody holds its lock: its process was killed
    await queue_claimed(pg_db, sealer, alive.claimant, {"1": ["kept"]})
    await queue_claimed(pg_db, sealer, dead, {"2": ["orphan"]})
    keeper = ClaimKeeper(pg_db, takeover_after=0.3)
    task = asyncio.create_task(keeper.run())
    try:
        async with asyncio.timeout(5):
            await keeper.ready.wait()
            while (await statuses(pg_db))[1][0] != "pending":
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        assert await statuses(pg_db) == [("sending", alive.claimant), ("pending", None)]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await alive.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # one process: all its claims are its own
async def test_a_single_process_returns_every_claimed_row_at_start(db: Database, sealer: Sealer) -> None:
    await queue_claimed(db, sealer, 5, {"1": ["a", "b"]})
    keeper = ClaimKeeper(db)
    task = asyncio.create_task(keeper.run())
    try:
        async with asyncio.timeout(5):
            await keeper.ready.wait()
        assert await statuses(db) == [("pending", None), ("pending", None)]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_replies_a_killed_process_held_go_out_within_seconds_of_a_restart(
    db: Database, db_url: str, sealer: Sealer
) -> None:
    async with FakeBotApi() as fake:
        settings = telegram_settings(db_url, fake)
        await queue_claimed(
            db, Sealer(settings.secret_keys), claims.new_claimant(), {"1": ["a", "b"], "2": ["c"]}
        )
        started = time.monotonic()
        async with running_heard(settings):
            sent = await fake.wait_for_sent(3, timeout=12)
        assert time.monotonic() - started < 10
    assert [m.text for m in sent if m.chat_id == 1] == ["a", "b"]


async def test_an_inbox_failure_is_written_however_long_the_database_refuses_it(
    db: Database, sealer: Sealer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.metrics import Metrics
    from bot.workers.inbox_worker import InboxWorker, WorkerOptions
    from feedback.inbox import Arrival

    async with db.session() as session:
        await inbox.accept_many(session, [Arrival("telegram", 1, "chat", sealer.seal("{}"))], now=now())
    real = inbox.mark_failed
    refusals = {"left": 12}  # the old worker tried once, then the chat waited 5 minutes

    async def flaky(session: Any, item_id: int, **kwargs: Any) -> None:
        if refusals["left"] > 0:
            refusals["left"] -= 1
            raise ConnectionRefusedError("database down")
        await real(session, item_id, **kwargs)

    monkeypatch.setattr(inbox, "mark_failed", flaky)
    monkeypatch.setattr("bot.workers.inbox_worker.backoff_delay", lambda *a, **k: 0.01)
    worker = InboxWorker(
        db,
        object(),  # type: ignore[arg-type]  (never reached: the stored "{}" is in no form Heard wrote)
        sealer=sealer,
        pseudonymiser=Pseudonymiser.from_setting(generate_pseudonym_key()),
        metrics=Metrics(),
        clock=now,
        options=WorkerOptions(idle_poll=0.05, retry_base=0.01),
    )
    task = asyncio.create_task(worker.run())
    try:
        async with asyncio.timeout(10):
            while True:
                async with db.session() as session:
                    [row] = (await session.execute(select(InboxItem))).scalars()  # type: ignore[arg-type]
                if row.status == "failed":
                    break
                await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert refusals["left"] == 0 and row.attempts == inbox.MAX_ATTEMPTS


async def pending_text(db: Database, sealer: Sealer, reference: str, owner: int | None) -> int:
    """Add one issue message waiting for redaction, claimed by ``owner``; return its id."""
    from feedback.models import Issue, IssueMessage

    async with db.session() as session:
        issue = Issue(
            reference=reference, care_status="in_care", age_band="16-17", created_at=now(), updated_at=now()
        )
        session.add(issue)
        await session.flush()
        message = IssueMessage(
            issue_id=issue.id or 0,
            author="young_person",
            text_sealed=sealer.seal("hi"),
            claimed_by=owner,
            created_at=now(),
        )
        session.add(message)
        await session.flush()
        return message.id or 0


async def text_claims(db: Database) -> list[int | None]:
    from feedback.models import IssueMessage

    async with db.session() as session:
        rows = (await session.execute(select(IssueMessage).order_by(IssueMessage.id))).scalars()  # type: ignore[arg-type]
        return [row.claimed_by for row in rows]


async def test_texts_a_gone_claimant_held_are_taken_over(db: Database, sealer: Sealer) -> None:
    """Issue 21: text work had no claims. A dead claimant's texts go back (at start-up on SQLite, in seconds
    on PostgreSQL) and another worker anonymises them; on PostgreSQL a live claimant keeps its own."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.textworker import TextWorker
    from feedback import textwork

    shared = db.dialect == "postgresql"
    alive = claims.ClaimantLock(db, claims.new_claimant())
    if shared:
        assert await alive.keep()
    await pending_text(db, sealer, "H-LIVE", alive.claimant if shared else None)
    gone = claims.new_claimant()  # nobody holds its lock: its process was killed
    await pending_text(db, sealer, "H-GONE", gone)
    keeper = ClaimKeeper(db, takeover_after=0.3)
    woken = asyncio.Event()
    keeper.listen(woken.set)
    task = asyncio.create_task(keeper.run())
    try:
        async with asyncio.timeout(5):
            await keeper.ready.wait()
            await woken.wait()
        assert await text_claims(db) == [alive.claimant if shared else None, None]
        async with db.session() as session:
            assert await claims.claimants(session) == ({alive.claimant} if shared else set())

        def process(
            _c: textwork.PipelineConfig, items: Sequence[textwork.PendingText]
        ) -> list[textwork.ProcessedText]:
            return [textwork.ProcessedText(i.source, i.row_id, "x", (), "neutral") for i in items]

        with ThreadPoolExecutor(max_workers=1) as pool:
            worker = TextWorker(
                db, sealer, textwork.PipelineConfig(), pool, process=process, claimant=keeper.claimant
            )
            assert await worker.run_once() == (1 if shared else 2)
            assert await worker.run_once() == 0
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await alive.close()
