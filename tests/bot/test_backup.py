"""Operations tools: `heard backup` / `heard restore` on both databases, and `heard outbox retry --failed`."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.cli import main
from feedback import outbox
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.migrate import upgrade
from feedback.models import OutboxItem

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> Iterator[str]:
    for key in [k for k in os.environ if k.startswith("HEARD_") and k != "HEARD_TEST_DATABASE_URL"]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("HEARD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("HEARD_DATABASE_URL", db_url)
    yield db_url


async def rows(url: str) -> list[OutboxItem]:
    database = Database(url)
    try:
        async with database.session() as session:
            return list((await session.exec(select(OutboxItem).order_by(OutboxItem.id))).all())  # type: ignore[arg-type]
    finally:
        await database.dispose()


def add(url: str, sealer: Sealer, *statuses: tuple[str, str | None]) -> None:
    async def go() -> None:
        database = Database(url)
        try:
            await upgrade(database)
            async with database.session() as session:
                for status, error in statuses:
                    session.add(
                        OutboxItem(
                            channel="telegram",
                            chat_key="c",
                            payload_sealed=sealer.seal("{}"),
                            status=status,
                            attempts=30,
                            last_error=error,
                            not_before=NOW,
                            created_at=NOW,
                        )
                    )
        finally:
            await database.dispose()

    asyncio.run(go())


def test_a_backup_restores_what_was_there_and_holds_no_keys(
    cli_env: str, sealer: Sealer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if cli_env.startswith("postgres") and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    add(cli_env, sealer, ("sent", None))
    backup = tmp_path / "heard-backup.db"
    assert main(["backup", str(backup)]) == 0
    assert "keys are not in the backup" in capsys.readouterr().out
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert b"HEARD_SECRET_KEYS" not in backup.read_bytes()
    add(cli_env, sealer, ("pending", None))  # written after the backup: gone after the restore
    assert len(asyncio.run(rows(cli_env))) == 2
    assert main(["restore", str(backup)]) == 0
    assert [r.status for r in asyncio.run(rows(cli_env))] == ["sent"]
    assert main(["backup", str(backup)]) == 2  # never overwrites an earlier backup


def test_failed_messages_are_queued_again_with_a_fresh_horizon(
    cli_env: str, sealer: Sealer, capsys: pytest.CaptureFixture[str]
) -> None:
    add(cli_env, sealer, ("failed", "NetworkError"), ("failed", "Forbidden"), ("sent", None))
    assert main(["outbox", "retry", "--failed"]) == 0
    assert "queued 1 failed message(s) again" in capsys.readouterr().out
    found = asyncio.run(rows(cli_env))
    assert [(r.status, r.attempts) for r in found] == [("pending", 0), ("failed", 30), ("sent", 30)]
    assert found[0].created_at is not None and found[0].created_at > NOW  # a fresh horizon


async def test_retry_failed_can_include_blocked_people(db: Database, sealer: Sealer) -> None:
    async with db.session() as session:
        session.add(
            OutboxItem(
                channel="telegram",
                chat_key="c",
                payload_sealed=sealer.seal("{}"),
                status="failed",
                last_error="Forbidden",
                not_before=NOW,
                created_at=NOW,
            )
        )
    async with db.session() as session:
        assert await outbox.retry_failed(session, now=NOW, include_blocked=True) == 1
