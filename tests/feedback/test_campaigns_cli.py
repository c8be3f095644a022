"""`heard campaign` and `heard survey install`, run as a participation worker would run them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from feedback import campaigns
from feedback.crypto import Sealer, generate_fernet_key
from feedback.db import Database
from feedback.models import AuditEntry
from tests.feedback.rounds import add_person


def heard(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def migrated(heard_env: dict[str, str]) -> dict[str, str]:
    done = heard(heard_env, "migrate")
    assert done.returncode == 0, done.stderr
    return heard_env


def _db(env: dict[str, str]) -> Database:
    return Database(f"sqlite:///{Path(env['HEARD_DATA_DIR']) / 'heard.db'}")


def test_a_round_is_created_listed_shown_and_closed(migrated: dict[str, str]) -> None:
    created = heard(
        migrated, "campaign", "create", "--name", "Promise survey winter 2026", "--survey", "promise-11-17",
        "--cohort", "in_care", "--opens", "2026-12-01", "--closes", "2027-01-10 17:00", "--reminders", "4",
        "--school-hours", "off",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert "created round 1" in created.stdout
    assert "in-care:11-15, in-care:16-17" in created.stdout, "a status alone means its bands in the survey"
    assert "2027-01-10 17:00 UK time" in created.stdout
    assert "days 4 after the invite" in created.stdout
    assert "school hours: off" in created.stdout

    # Seven 16-17s and three 11-15s were invited; two of the younger ones and one older one finished.
    async def seed() -> None:
        db = _db(migrated)
        sealer = Sealer([generate_fernet_key()])
        now = datetime(2026, 12, 1, 9, tzinfo=UTC)
        try:
            people = [await add_person(db, sealer, f"o{n}", "in_care:16-17", now) for n in range(7)]
            people += [await add_person(db, sealer, f"y{n}", "in_care:11-15", now) for n in range(3)]
            async with db.session() as session:
                for person in people:
                    assert person.id is not None
                    await campaigns.record_dispatch(
                        session, campaign_id=1, participant_id=person.id, kind="invite", now=now
                    )
        finally:
            await db.dispose()

    asyncio.run(seed())
    shown = heard(migrated, "campaign", "show", "1")
    assert shown.returncode == 0, shown.stderr
    table = {
        line.split()[2]: line.split()[3:] for line in shown.stdout.splitlines() if line.startswith("In care")
    }
    assert table["11-15"][0] == "c", "3 invited is a small number"
    assert table["16-17"][0] in ("7", "c")
    total = next(line for line in shown.stdout.splitlines() if line.startswith("Total"))
    assert total.split()[1] == "10"
    assert "c = 1 to 5" in shown.stdout

    closed = heard(migrated, "campaign", "close", "1")
    assert closed.returncode == 0 and "closed round 1: Promise survey winter 2026" in closed.stdout
    listed = heard(migrated, "campaign", "list", "--json")
    assert '"state": "closed"' in listed.stdout and '"survey": "promise-11-17"' in listed.stdout

    async def audited() -> list[tuple[str, str, str]]:
        db = _db(migrated)
        try:
            async with db.session() as session:
                rows = await session.execute(
                    select(AuditEntry.actor, AuditEntry.action, AuditEntry.target_id)
                )  # type: ignore[call-overload]
                return [tuple(row) for row in rows.all()]
        finally:
            await db.dispose()

    assert asyncio.run(audited()) == [("cli", "round.created", "1"), ("cli", "round.closed", "1")]


MISTAKES = [
    (["--survey", "charter-16-25", "--cohort", "in_care:8-10"], "not written for children in care aged 8-10"),
    (["--survey", "promise-8-10", "--cohort", "in_care:12-13"], "age band '12-13' is not used"),
    (["--survey", "promise-8-10", "--invite-text", "Hurry, last chance!"], "reads as pressure"),
    (["--survey", "promise-8-10", "--reminders", "1,2,3"], "at most 2 reminders"),
    (["--survey", "promise-8-10", "--quiet-hours", "9pm-8am"], "write it as HH:MM-HH:MM"),
    (["--survey", "promise-8-10", "--opens", "1 Dec"], "write a date as YYYY-MM-DD"),
    (["--survey", "promise-8-10@7"], "has no version 7; installed: 2"),
]


def test_mistakes_are_one_readable_line(
    migrated: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    for name in [k for k in os.environ if k.startswith("HEARD_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HEARD_DATA_DIR", migrated["HEARD_DATA_DIR"])
    for args, message in MISTAKES:
        status = main(
            ["campaign", "create", "--name", "R", "--opens", "2030-01-01", "--closes", "2030-02-01", *args]
        )
        err = capsys.readouterr().err
        assert status == 2, args
        assert message in err, args
        assert [line for line in err.splitlines() if line.startswith("heard: error:")] == [err.strip()], args
    assert main(["campaign", "show", "99"]) == 2
    assert "there is no round 99" in capsys.readouterr().err


def test_survey_install_refuses_a_file_edited_in_place(migrated: dict[str, str], tmp_path: Path) -> None:
    from surveys.bank import shipped_bank_dir

    first = heard(migrated, "survey", "install")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.count("installed") == 4
    edited = tmp_path / "check-in.yaml"
    edited.write_text(
        (shipped_bank_dir() / "check-in.yaml")
        .read_text(encoding="utf-8")
        .replace("title:", "title: Edited", 1),
        encoding="utf-8",
    )
    refused = heard(migrated, "survey", "install", str(edited))
    assert refused.returncode == 1
    assert "refused" in refused.stdout and "raise 'version:' to 2" in refused.stdout
