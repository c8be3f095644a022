"""Installed survey versions as staff see them: install dates, rounds using each, languages on offer."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedback.db import Database
from feedback.surveys_store import install_surveys, installed_languages, installed_versions
from surveys import load_bank
from tests.feedback.rounds import make_round

FIRST = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
SECOND = datetime(2026, 11, 3, 23, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


async def install_two_versions_and_rounds(db: Database) -> None:
    """Install the bank on FIRST, check-in v2 on SECOND; two rounds on check-in v2, one on promise-11-17."""
    bank = load_bank().surveys
    async with db.session() as session:
        await install_surveys(session, bank, now=FIRST)
    check_in = next(s for s in bank if s.id == "check-in")
    newer = check_in.model_copy(update={"version": check_in.version + 1})
    async with db.session() as session:
        await install_surveys(session, [newer], now=SECOND)
    dates = {"opens_at": SECOND + timedelta(days=1), "closes_at": SECOND + timedelta(days=15)}
    for name in ("Check-in autumn", "Check-in winter"):
        await make_round(db, SECOND, survey="check-in", cohorts=("in_care:16-17",), name=name, **dates)
    await make_round(db, SECOND, **dates)


async def test_installed_versions_count_the_rounds_using_each(db: Database) -> None:
    async with db.session() as session:
        assert await installed_versions(session) == []
        assert await installed_languages(session) == frozenset()
    await install_two_versions_and_rounds(db)
    async with db.session() as session:
        versions = await installed_versions(session)
        languages = await installed_languages(session)
    by_key = {(v.survey_id, v.version): v for v in versions}
    shipped = {s.id for s in load_bank().surveys}
    assert {s for s, _ in by_key} == shipped
    assert [(v.survey_id, v.version) for v in versions] == sorted(by_key), "by survey, then version"
    assert by_key["check-in", 1].rounds == 0 and by_key["check-in", 2].rounds == 2
    assert by_key["promise-11-17", 2].rounds == 1
    assert by_key["check-in", 1].installed_at == FIRST and by_key["check-in", 2].installed_at == SECOND
    assert by_key["check-in", 2].title == "Quick check-in"
    assert languages == frozenset({"en", "cy"})


def heard(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def _rows(stdout: str) -> dict[tuple[str, int], dict[str, object]]:
    rows = [json.loads(line) for line in stdout.splitlines()]
    return {(str(r["id"]), int(r["version"])): r for r in rows}


def test_heard_survey_list_installed(heard_env: dict[str, str]) -> None:
    missing = heard(heard_env, "survey", "list", "--installed")
    assert missing.returncode == 2 and "heard migrate" in missing.stderr
    assert heard(heard_env, "migrate").returncode == 0

    empty = heard(heard_env, "survey", "list", "--installed")
    assert empty.returncode == 0 and "No surveys are installed yet" in empty.stdout

    async def seed() -> None:
        db = Database(f"sqlite:///{Path(heard_env['HEARD_DATA_DIR']) / 'heard.db'}")
        try:
            await install_two_versions_and_rounds(db)
        finally:
            await db.dispose()

    asyncio.run(seed())
    listed = heard(heard_env, "survey", "list", "--installed", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = _rows(listed.stdout)
    assert rows["check-in", 1] == {
        "id": "check-in", "version": 1, "title": "Quick check-in", "installed_on": "2026-09-01", "rounds": 0,
    }  # fmt: skip
    assert rows["check-in", 2]["installed_on"] == "2026-11-03" and rows["check-in", 2]["rounds"] == 2
    assert rows["promise-11-17", 2]["rounds"] == 1
    assert len(rows) == len(load_bank().surveys) + 1

    table = heard(heard_env, "survey", "list", "--installed")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "INSTALLED", "ROUNDS", "TITLE"]
    check_in = {line.split()[1]: line.split() for line in lines[1:] if line.startswith("check-in ")}
    assert check_in["1"][2:4] == ["2026-09-01", "none"], "a version no round uses says so"
    assert check_in["2"][2:4] == ["2026-11-03", "2"]


def test_without_the_flag_the_survey_files_are_listed(heard_env: dict[str, str]) -> None:
    listed = heard(heard_env, "survey", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {r["id"] for r in rows} == {s.id for s in load_bank().surveys}
    assert all("languages" in r and "rounds" not in r for r in rows)
