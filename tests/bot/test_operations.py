"""The operator's view: queue ages by state, the redaction backlog, database errors by safe code.

Issue 20 found ``heard_queue_depth`` reading 0 while 700 rows sat stuck in
``sending``, no metric for the oldest waiting item, the redaction backlog or
database errors, and errors logged with their exception type only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.metrics import Metrics
from bot.operations import QueueWatch
from feedback import operations
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import Issue, IssueMessage, OutboxItem

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def test_rows_stuck_in_sending_show_with_their_age(db: Database, sealer: Sealer) -> None:
    async with db.session() as session:
        for minutes, status in [(10, "sending"), (3, "sending"), (1, "pending"), (60, "sent")]:
            at = NOW - timedelta(minutes=minutes)
            session.add(
                OutboxItem(
                    channel="telegram",
                    chat_key="c",
                    payload_sealed=sealer.seal("{}"),
                    status=status,
                    not_before=at,
                    created_at=at,
                )
            )
        issue = Issue(
            reference="H-OPS1", care_status="in_care", age_band="11-15", created_at=NOW, updated_at=NOW
        )
        session.add(issue)
        await session.flush()
        session.add(
            IssueMessage(
                issue_id=issue.id or 0,
                author="young_person",
                text_sealed=sealer.seal("raw"),
                redaction_status="pending",
                created_at=NOW - timedelta(hours=2),
            )
        )
    metrics = Metrics()
    watch = QueueWatch(db, metrics, clock=lambda: NOW)
    states = {(s.queue, s.state): s for s in await watch.look()}
    assert states["outbox", "sending"].count == 2
    assert states["outbox", "sending"].oldest_seconds == pytest.approx(600)
    assert states["outbox", "pending"].count == 1
    assert states["inbox", "pending"].count == 0 and states["inbox", "pending"].oldest_seconds == 0
    assert (states["redaction", "pending"].count, states["redaction", "pending"].oldest_seconds) == (1, 7200)
    rendered = metrics.render().decode()
    assert 'heard_queue_items{queue="outbox",state="sending"} 2.0' in rendered
    assert 'heard_queue_oldest_seconds{queue="outbox",state="sending"} 600.0' in rendered


async def test_database_errors_are_counted_and_named_by_safe_code(db: Database) -> None:
    codes: list[str] = []
    operations.watch_errors(db, codes.append)
    with pytest.raises(Exception) as raised:
        async with db.session() as session:
            await session.execute(text("INSERT INTO outbox (id, channel) VALUES (1, 'secret words')"))
    code = operations.error_code(raised.value)
    assert codes == [code]
    assert "secret" not in code
    assert code == ("23502" if db.dialect == "postgresql" else "SQLITE_CONSTRAINT_NOTNULL")
