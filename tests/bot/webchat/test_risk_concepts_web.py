"""The composed danger concepts through the web chat, with the shipped risk detector (nothing scripted).

An overdose just taken, named by drug and count and said with a laugh, gets
the help numbers at once and an urgent alert whose reasons name the concept;
ordinary words around medicine get neither the numbers nor an alert.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import init_app
from bot.settings import Settings
from feedback.db import Database
from feedback.models import Alert
from tests.bot.webchat.page import Page, read_page
from tests.bot.webchat.test_views import OWN, _code, _press, _say


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings, db: Database) -> TestClient:
    return await aiohttp_client(init_app(settings))


async def _menu(client: TestClient, db: Database, settings: Settings) -> Page:
    card = read_page(await (await client.get(f"/chat?code={await _code(db, settings)}", headers=OWN)).text())
    return await _press(client, card, "OK")


async def test_an_overdose_said_with_a_laugh_is_urgent_with_its_reason(
    client: TestClient, db: Database, settings: Settings
) -> None:
    page = await _say(client, await _menu(client, db, settings), "took 14 naproxen about an hour ago lol")
    assert "999" in page.text and "116 123" in page.text
    assert "Take a survey" not in {label for form in page.forms for label in form.buttons}
    async with db.session() as session:
        alert = (await session.execute(select(Alert))).scalar_one()
    assert alert.level == "urgent" and "suicide_self_harm" in json.loads(alert.categories_json)
    assert any(r.startswith("concept.overdose_taken") for r in alert.reasons), alert.reasons


async def test_medicine_as_prescribed_gets_no_numbers_and_no_alert(
    client: TestClient, db: Database, settings: Settings
) -> None:
    page = await _say(
        client, await _menu(client, db, settings), "took my 2 paracetamol for my period pain this morning"
    )
    assert "999" not in page.text and "Are you safe right now?" not in page.text
    async with db.session() as session:
        assert (await session.execute(select(func.count()).select_from(Alert))).scalar_one() == 0
