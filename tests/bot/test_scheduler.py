"""Scheduler leadership (one replica runs jobs) and the retention purge it runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.scheduler import Leadership, Scheduler
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.migrate import upgrade
from feedback.models import Alert, Issue, IssueMessage
from feedback.retention import purge_raw_text

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.mark.postgres
async def test_only_one_replica_leads_and_another_takes_over(pg_url: str) -> None:
    first_db, second_db = Database(pg_url), Database(pg_url)
    await upgrade(first_db)
    first, second = Leadership(first_db), Leadership(second_db)
    try:
        assert await first.try_acquire() is True
        assert await second.try_acquire() is False
        assert await first.try_acquire() is True  # still leads
        await first.release()
        assert first.is_leader is False
        assert await second.try_acquire() is True
    finally:
        await first.release()
        await second.release()
        await first_db.dispose()
        await second_db.dispose()


async def test_jobs_run_only_while_leading(db: Database) -> None:
    leadership = Leadership(db)
    scheduler = Scheduler(leadership, clock=lambda: NOW)
    seen: list[datetime] = []

    async def job(now: datetime) -> None:
        seen.append(now)

    leadership.is_leader = False
    await scheduler._guarded("j", job)
    assert seen == []
    assert await leadership.try_acquire() is True  # the only candidate always wins
    await scheduler._guarded("j", job)
    assert seen == [NOW]
    await leadership.release()


async def test_retention_purges_old_processed_raw_text_only(db: Database, sealer: Sealer) -> None:
    old, recent = NOW - timedelta(days=120), NOW - timedelta(days=10)
    async with db.session() as session:
        issue = Issue(
            reference="H-RET1", care_status="in_care", age_band="11-15", created_at=old, updated_at=old
        )
        session.add(issue)
        await session.flush()
        for created, status in [(old, "done"), (old, "pending"), (recent, "done")]:
            session.add(
                IssueMessage(
                    issue_id=issue.id or 0,
                    author="young_person",
                    text_sealed=sealer.seal("raw"),
                    text_anonymised="anon" if status == "done" else None,
                    redaction_status=status,
                    created_at=created,
                )
            )
        session.add(
            Alert(source="conversation", level="urgent", text_sealed=sealer.seal("raw"), created_at=old)
        )
        session.add(
            Alert(
                source="conversation",
                level="urgent",
                text_sealed=sealer.seal("raw"),
                created_at=old,
                acknowledged_at=old,
            )
        )
    async with db.session() as session:
        report = await purge_raw_text(session, now=NOW, retention_days=90)
    assert (report.issue_messages, report.alerts) == (1, 1)
    async with db.session() as session:
        messages = (await session.exec(select(IssueMessage).order_by(IssueMessage.id))).all()
        alerts = (await session.exec(select(Alert).order_by(Alert.id))).all()
    assert [m.text_sealed is None for m in messages] == [True, False, False]
    assert messages[0].text_anonymised == "anon"
    assert [a.text_sealed is None for a in alerts] == [False, True]
    async with db.session() as session:
        assert (await purge_raw_text(session, now=NOW, retention_days=90)).total == 0


async def test_handled_queue_rows_are_deleted_after_a_week(db: Database, sealer: Sealer) -> None:
    from feedback.models import InboxItem, OutboxItem
    from feedback.retention import purge_queues

    old, recent = NOW - timedelta(days=8), NOW - timedelta(days=2)
    async with db.session() as session:
        for n, (when, status) in enumerate([(old, "done"), (old, "pending"), (recent, "done")]):
            session.add(
                InboxItem(
                    channel="telegram",
                    update_id=n,
                    chat_key="k",
                    payload_sealed="s",
                    status=status,
                    received_at=when,
                )
            )
        for when, status in [(old, "sent"), (old, "pending"), (recent, "sent"), (old, "failed")]:
            session.add(
                OutboxItem(
                    channel="telegram",
                    chat_key="k",
                    payload_sealed="s",
                    status=status,
                    created_at=when,
                    not_before=when,
                )
            )
    async with db.session() as session:
        assert await purge_queues(session, now=NOW) == 3
    async with db.session() as session:
        inbox = (await session.exec(select(InboxItem))).all()
        outbox = (await session.exec(select(OutboxItem))).all()
    assert sorted(i.status for i in inbox) == ["done", "pending"]
    assert sorted(o.status for o in outbox) == ["pending", "sent"]
