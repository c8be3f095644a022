"""The safety question in the web chat, over HTTP as a browser without JavaScript uses it.

The app is the real one (``init_app``); only its risk check is scripted, so
the test decides which message is borderline and which is urgent.
"""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import init_app
from bot.appkeys import PSEUDONYMISER, SEALER
from bot.conversation import ConversationEngine
from bot.settings import Settings
from bot.webchat.views import WEBCHAT
from feedback.db import Database
from feedback.models import Alert
from tests.bot.webchat.page import Page, read_page
from tests.bot.webchat.test_views import OWN, _code, _open, _press, _say
from tests.fakes.risk import BORDERLINE, ScriptedRisk

WOBBLY = "i keep looking at the blade"


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings, db: Database) -> TestClient:
    app = init_app(settings)
    app[WEBCHAT].engine = ConversationEngine(
        sealer=app[SEALER], pseudonymiser=app[PSEUDONYMISER], assess=ScriptedRisk({WOBBLY: BORDERLINE})
    )
    return await aiohttp_client(app)


async def _joined(client: TestClient, db: Database, settings: Settings) -> Page:
    card = read_page(await (await client.get(f"/chat?code={await _code(db, settings)}", headers=OWN)).text())
    return await _press(client, card, "OK")


async def _alert(db: Database) -> Alert:
    async with db.session() as session:
        return (await session.execute(select(Alert))).scalar_one()


def _buttons(page: Page) -> set[str]:
    return {label for form in page.forms for label in form.buttons}


async def test_im_ok_in_the_web_chat(client: TestClient, db: Database, settings: Settings) -> None:
    menu = await _joined(client, db, settings)
    asked = await _say(client, menu, WOBBLY)
    assert "Are you safe right now?" in asked.text and {"I'm OK", "I need help now"} <= _buttons(asked)
    assert "Take a survey" not in _buttons(asked)
    assert asked.compose.buttons["Get help now"] == "menu:help"  # the message box has its own help button

    again = await _open(client)  # coming back to the page: the question first, not the menu
    assert "Are you safe right now?" in again.text and "Take a survey" not in _buttons(again)

    ok = await _press(client, again, "I'm OK")
    assert "I'm glad" in ok.text and "Take a survey" in _buttons(ok)
    alert = await _alert(db)
    assert (alert.level, alert.check_answer) == ("concern", "ok")


async def test_i_need_help_now_then_yes_please_contact_me(
    client: TestClient, db: Database, settings: Settings
) -> None:
    menu = await _joined(client, db, settings)
    asked = await _say(client, menu, WOBBLY)
    urgent = await _press(client, asked, "I need help now")
    assert "Do you want someone from our safety team to contact you?" in urgent.text
    assert {"0800 1111", "116 123", "999"} <= set(urgent.links)  # the numbers, tappable
    assert {"Yes", "No thanks"} <= _buttons(urgent) and "Take a survey" not in _buttons(urgent)
    alert = await _alert(db)
    assert (alert.level, alert.check_answer, alert.contact_wanted) == ("urgent", "help", None)

    contacted = await _press(client, urgent, "Yes")
    assert "Someone from our safety team will get in touch" in contacted.text
    assert "Take a survey" in _buttons(contacted)
    alert = await _alert(db)
    assert alert.contact_wanted is True and alert.contact_answered_at is not None
