"""The store on SQLite and PostgreSQL: sealed columns hold no plaintext, ids never appear raw."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.migrate import SchemaBehindError, ensure_current, upgrade
from feedback.models import AuditEntry, Issue, IssueMessage, Participant

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
MARKER = "ZQX-marker-7731 my name is Jasmine and I live at 12 Station Road"
TELEGRAM_ID = 987654321012


async def _dump(db: Database) -> str:
    """Every value of every table, as text: what someone reading the raw database would see."""
    chunks: list[str] = []
    async with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            rows = await conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        else:
            rows = await conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            )
        for (name,) in rows.all():
            for row in (await conn.execute(text(f'SELECT * FROM "{name}"'))).all():
                chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


async def test_sealed_columns_hold_no_plaintext_and_ids_are_pseudonyms(
    db: Database, db_url: str, sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    async with db.session() as session:
        person = Participant(
            pseudonym=pseudonymiser.pseudonym("telegram", TELEGRAM_ID),
            channel="telegram",
            care_status="in_care",
            age_band="16-17",
            chat_id_sealed=sealer.seal(str(TELEGRAM_ID)),
            joined_on=date(2026, 11, 22),
        )
        session.add(person)
        await session.flush()
        issue = Issue(
            reference="H-TEST1",
            participant_id=person.id,
            care_status="in_care",
            age_band="16-17",
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(issue)
        await session.flush()
        session.add(
            IssueMessage(
                issue_id=issue.id or 0,
                author="young_person",
                text_sealed=sealer.seal(MARKER),
                created_at=NOW,
            )
        )
    dump = await _dump(db)
    assert "ZQX-marker-7731" not in dump
    assert "Jasmine" not in dump
    assert str(TELEGRAM_ID) not in dump
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        wal = path.with_name(path.name + "-wal")
        raw = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        assert b"ZQX-marker-7731" not in raw
        assert str(TELEGRAM_ID).encode() not in raw
    async with db.session() as session:
        stored = (await session.execute(text("SELECT text_sealed FROM issue_message"))).scalar_one()
    assert sealer.open(stored) == MARKER


async def test_audit_log_is_append_only(db: Database) -> None:
    async with db.session() as session:
        session.add(AuditEntry(at=NOW, actor="cli", action="test.write"))
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises((IntegrityError, DBAPIError)):
            async with db.session() as session:
                await session.execute(text(statement))
    async with db.session() as session:
        count = (await session.execute(text("SELECT count(*) FROM audit_log"))).scalar_one()
    assert count == 1


async def test_unmigrated_database_is_refused_with_a_fix_hint(db_url: str) -> None:
    database = Database(db_url)
    try:
        with pytest.raises(SchemaBehindError, match="heard migrate"):
            await ensure_current(database)
        await upgrade(database)
        await ensure_current(database)
        await upgrade(database)  # idempotent
    finally:
        await database.dispose()


async def test_timestamps_come_back_aware_utc(db: Database) -> None:
    async with db.session() as session:
        session.add(AuditEntry(at=NOW, actor="cli", action="tz"))
    async with db.session() as session:
        entry = (await session.execute(text("SELECT 1"))).scalar_one()
        assert entry == 1
        from sqlmodel import select

        got = (await session.exec(select(AuditEntry))).one()
    assert got.at == NOW
    assert got.at is not None and got.at.tzinfo is not None
    await asyncio.sleep(0)
