"""Replays of the Low findings: spreadsheet formulas, odd digits, huge ids, deep JSON, logged SQL
parameters, a world-readable database file and a chat cookie without Secure in production."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.app import init_app
from bot.logs import configure_logging
from feedback.db import Database
from feedback.papers.export import neutralised
from feedback.staff import Role
from tests.bot.portal.conftest import Seeded, sign_in, username
from tests.bot.webchat.conftest import chat_settings
from tests.fakes.conversation import EchoEngine
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi
from tests.fakes.updates import UpdateFactory


def test_spreadsheet_formulas_in_csv_cells_are_neutralised() -> None:
    """Finding (Low): CSV cells starting = + - @ were not neutralised."""
    for formula in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"):
        assert neutralised(formula) == "'" + formula
    assert neutralised("-3") == "-3" and neutralised(-3) == -3 and neutralised("12.5%") == "12.5%"
    assert neutralised("Education") == "Education"


def test_the_csv_bundle_neutralises_every_cell() -> None:
    from feedback.papers.export import _csv

    body = _csv(["=cmd", "ok"], [["@bad", 1], ["fine", "-4"]]).decode("utf-8-sig")
    assert body.splitlines() == ["'=cmd,ok", "'@bad,1", "fine,-4"]


async def test_odd_digits_and_huge_numbers_in_addresses_are_not_found_not_500(
    portal: TestClient, seeded: Seeded
) -> None:
    """Finding (Low): str.isdigit() accepts "²", so several routes answered 500."""
    token = await sign_in(portal, username(Role.SAFEGUARDING_LEAD))
    for raw in ("²", "١٢", "99999999999999999999"):
        assert (await portal.get(f"/staff/alerts/{raw}")).status == 404, raw
        posted = await portal.post(f"/staff/alerts/{raw}/acknowledge", data={"_csrf": token})
        assert posted.status == 404, raw
    await portal.post("/staff/logout", data={"_csrf": token})
    token = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    for raw in ("²", "99999999999999999999"):
        assert (await portal.get(f"/staff/papers/{raw}/html")).status == 404
        assert (await portal.post(f"/staff/papers/{raw}/approve", data={"_csrf": token})).status == 404
        assert (await portal.post(f"/staff/rounds/{raw}/close", data={"_csrf": token})).status == 404
    await portal.post("/staff/logout", data={"_csrf": token})
    await sign_in(portal, username(Role.ADMIN))
    assert (await portal.get("/staff/audit?page=²")).status == 200


@pytest.fixture
async def heard(db: Database, db_url: str) -> AsyncIterator[tuple[RunningHeard, FakeBotApi]]:
    async with FakeBotApi() as fake, running_heard(telegram_settings(db_url, fake), EchoEngine()) as running:
        yield running, fake


async def test_a_huge_update_id_is_refused_alone(
    heard: tuple[RunningHeard, FakeBotApi], db: Database
) -> None:
    """Finding (Low): an update_id of 2**70 failed the whole webhook batch."""
    running, _fake = heard
    updates = UpdateFactory()
    huge = {**updates.text(42, "hello"), "update_id": 2**70}
    results = await asyncio.gather(
        running.post_update(huge), *(running.post_update(updates.text(43 + i, "hi")) for i in range(5))
    )
    assert [r.status for r in results] == [400] + [200] * 5
    async with db.session() as session:
        stored = (await session.execute(text("SELECT count(*) FROM inbox"))).scalar_one()
    assert stored == 5


async def test_deeply_nested_json_is_a_bad_request(heard: tuple[RunningHeard, FakeBotApi]) -> None:
    """Finding (Low): JSON nested 50,000 deep raised RecursionError (a 500)."""
    running, _fake = heard
    response = await running.post_raw(b"[" * 50_000 + b"]" * 50_000)
    assert response.status == 400


async def test_sql_parameters_are_not_logged_at_debug(tmp_path: Path) -> None:
    """Finding (Low): at DEBUG, aiosqlite logged SQL parameters (anonymised text, pseudonyms, sealed)."""
    seen = io.StringIO()
    try:
        configure_logging("DEBUG")
        logging.getLogger().addHandler(logging.StreamHandler(seen))
        db = Database(f"sqlite:///{tmp_path / 'debug.db'}")
        async with db.session() as session:
            await session.execute(text("SELECT :marker"), {"marker": "PARAM-MARKER-Jasmine"})
        await db.dispose()
    finally:
        configure_logging("INFO")
    assert "PARAM-MARKER" not in seen.getvalue()


async def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """Finding (Low): the database file was created 0644."""
    path = tmp_path / "fresh.db"
    db = Database(f"sqlite:///{path}")
    async with db.session() as session:
        await session.execute(text("CREATE TABLE t (x)"))
    await db.dispose()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


async def test_the_chat_cookie_is_secure_in_production_without_a_public_url(
    aiohttp_client: Any, tmp_path: Path, db_url: str, db: Database
) -> None:
    """Finding (Low): the chat cookie lacked Secure in production without HEARD_PUBLIC_URL."""
    client = await aiohttp_client(init_app(chat_settings(tmp_path, db_url, env="production")))
    response = await client.get("/chat", headers={"Sec-Fetch-Site": "none"})
    cookie = response.cookies["__Host-heard_chat"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert json.dumps(dict(response.cookies)).count("heard_chat_local") == 0
