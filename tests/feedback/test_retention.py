"""Retention you can trust: every sealed raw column follows HEARD_RETENTION_DAYS, at start-up too.

Issue 20 found that the purge first ran 6 h after each start (so a service
restarted more often never purged), that handled inbox rows kept sealed raw
text for a fixed 7 days whatever the setting, and that contact details shared
on an issue were never purged.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.cli import main
from bot.scheduler import Leadership, Scheduler
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import InboxItem, Issue, OutboxItem
from feedback.retention import purge

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def seed(db: Database, sealer: Sealer) -> None:
    old, recent, three_days = NOW - timedelta(days=120), NOW - timedelta(days=10), NOW - timedelta(days=3)
    async with db.session() as session:
        for n, (closed, updated) in enumerate([(old, old), (None, old), (recent, recent), (None, recent)]):
            session.add(
                Issue(
                    reference=f"H-RC{n}",
                    care_status="in_care",
                    age_band="11-15",
                    created_at=old,
                    updated_at=updated,
                    closed_at=closed,
                    status="closed" if closed else "open",
                    shared_contact_sealed=sealer.seal("call me on 07700 900123"),
                )
            )
        for n, status in enumerate(["done", "pending"]):
            session.add(
                InboxItem(
                    channel="telegram",
                    update_id=n,
                    chat_key="c",
                    payload_sealed=sealer.seal("{}"),
                    status=status,
                    received_at=three_days,
                )
            )
        session.add(
            OutboxItem(
                channel="telegram",
                chat_key="c",
                payload_sealed=sealer.seal("{}"),
                status="sent",
                not_before=three_days,
                created_at=three_days,
            )
        )


async def test_shared_contacts_go_after_the_retention_period(db: Database, sealer: Sealer) -> None:
    await seed(db, sealer)
    async with db.session() as session:
        report = await purge(session, now=NOW, retention_days=90)
    assert report.texts.shared_contacts == 2  # closed long ago, and open but untouched for as long
    async with db.session() as session:
        issues = (await session.exec(select(Issue).order_by(Issue.id))).all()  # type: ignore[arg-type]
    assert [i.shared_contact_sealed is None for i in issues] == [True, True, False, False]


async def test_queue_rows_never_outlive_a_short_retention_setting(db: Database, sealer: Sealer) -> None:
    await seed(db, sealer)
    async with db.session() as session:
        assert (await purge(session, now=NOW, retention_days=90)).queue_rows == 0  # a week, as before
    async with db.session() as session:
        assert (await purge(session, now=NOW, retention_days=2)).queue_rows == 2  # handled rows only
    async with db.session() as session:
        left = (await session.exec(select(InboxItem))).all()  # type: ignore[arg-type]
    assert [row.status for row in left] == ["pending"]


async def test_a_dry_run_counts_and_changes_nothing(db: Database, sealer: Sealer) -> None:
    await seed(db, sealer)
    async with db.session() as session:
        dry = await purge(session, now=NOW, retention_days=2, dry_run=True)
    async with db.session() as session:
        real = await purge(session, now=NOW, retention_days=2)
    assert dry == real and real.counts()["shared_contacts"] == 4


async def test_the_scheduler_purges_at_start_up_not_a_day_later(db: Database) -> None:
    ran: list[datetime] = []
    leadership = Leadership(db)
    assert await leadership.try_acquire()
    scheduler = Scheduler(leadership)

    async def job(now: datetime) -> None:
        ran.append(now)

    scheduler.every("retention-purge", job, seconds=24 * 3600)
    scheduler.at("retention-purge-now", job, when=datetime.now(UTC))
    scheduler.aps.start()
    try:
        async with asyncio.timeout(5):
            while not ran:
                await asyncio.sleep(0.05)
    finally:
        scheduler.aps.shutdown(wait=False)
        await leadership.release()


def test_heard_purge_dry_run_reports_without_deleting(
    heard_env: dict[str, str], monkeypatch: object, capsys: object
) -> None:
    import pytest

    mp: pytest.MonkeyPatch = monkeypatch  # type: ignore[assignment]
    for key, value in heard_env.items():
        mp.setenv(key, value)
    for key in [k for k in __import__("os").environ if k.startswith("HEARD_") and k not in heard_env]:
        mp.delenv(key)
    assert main(["migrate"]) == 0
    assert main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "would delete" in out and "shared contact details" in out
    assert main(["purge"]) == 0
    assert "deleted" in capsys.readouterr().out  # type: ignore[attr-defined]
