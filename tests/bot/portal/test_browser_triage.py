"""Triage in headless Chromium, after two young people answered "Are you safe right now?" on Telegram.

One taps "I need help now" and asks to be contacted; the other taps "I'm
OK". The safeguarding lead sees, in the list and on each alert, why Heard
raised it and what the young person answered; marks the second "not a
concern" with a reason; and the weekly count shows it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.conversation import ConversationEngine
from bot.portal import PORTAL, PORTAL_APP
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.migrate import upgrade
from feedback.staff import Passwords, Role, add_staff
from tests.bot.portal.conftest import PASSWORD, username
from tests.bot.portal.test_browser import ARGS, CHROMIUM, LAPTOP, _need_browser, _sign_in
from tests.bot.telegram.test_journeys import invite
from tests.e2e.test_safe_check_telegram import WOBBLY, Chat, button, offers
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.risk import BORDERLINE, ScriptedRisk
from tests.fakes.telegram import FakeBotApi

pytestmark = pytest.mark.browser
REASON = BORDERLINE.reasons[0]


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def heard(tmp_path: Path, fake: FakeBotApi) -> AsyncIterator[tuple[RunningHeard, Database]]:
    _need_browser()
    url = f"sqlite:///{tmp_path / 'heard.db'}"
    db = Database(url)
    await upgrade(db)
    settings = telegram_settings(url, fake)
    engine = ConversationEngine(
        sealer=Sealer(settings.secret_keys),
        pseudonymiser=Pseudonymiser.from_setting(settings.pseudonym_key),
        assess=ScriptedRisk({WOBBLY: BORDERLINE}),
    )
    try:
        async with running_heard(settings, conversation=engine) as running:
            config = running.app[PORTAL_APP][PORTAL]
            config.secure_cookies = False  # plain http on 127.0.0.1 in tests
            config.second_factor_roles = frozenset()  # the second factor has tests of its own
            async with db.session() as session:
                await add_staff(
                    session,
                    username=username(Role.SAFEGUARDING_LEAD),
                    role=Role.SAFEGUARDING_LEAD,
                    password=PASSWORD,
                    passwords=Passwords(),
                    now=datetime.now(UTC),
                    display_name="Sam (safeguarding)",
                )
            yield running, db
    finally:
        await db.dispose()


async def test_the_lead_reads_reasons_and_answers_and_sets_one_aside(
    heard: tuple[RunningHeard, Database], fake: FakeBotApi
) -> None:
    from playwright.async_api import async_playwright

    running, db = heard
    needs_help, fine = Chat(running, fake, 820001), Chat(running, fake, 820002)
    for person in (needs_help, fine):
        await person.join(await invite(running, db, "care_leaver", "16-25"))
    asked = await needs_help.say(WOBBLY, offers("safe:help:"))
    urgent = await needs_help.press(button(asked, "safe:help:"), offers("safe:contact:"))
    await needs_help.press(button(urgent, "safe:contact:"), lambda m: "menu:survey" in m.callback_data)
    asked = await fine.say(WOBBLY, offers("safe:ok:"))
    await fine.press(button(asked, "safe:ok:"), lambda m: "menu:survey" in m.callback_data)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            lead = await (await browser.new_context(viewport=LAPTOP, locale="en-GB")).new_page()
            await _sign_in(lead, running.base_url, Role.SAFEGUARDING_LEAD)
            await lead.click("nav >> text=Alerts")
            items = lead.locator(".alerts li")
            assert await items.count() == 2
            first, second = await items.nth(0).inner_text(), await items.nth(1).inner_text()
            assert "URGENT" in first and 'Answered "I need help now"' in first and REASON in first
            assert "CONCERN" in second and 'Answered "I\'m OK"' in second and REASON in second

            await items.nth(0).locator("a").click()
            await lead.wait_for_selector("text=Why Heard raised it")
            assert REASON in await lead.locator(".reasons").inner_text()
            assert (
                "Yes: they want someone to contact them" in await lead.locator(".contact-answer").inner_text()
            )
            assert "made urgent" in await lead.locator(".raised").inner_text()

            await lead.click("text=← All alerts")
            await lead.locator(".alerts li").nth(1).locator("a").click()
            await lead.wait_for_selector("text=Why Heard raised it")
            assert 'Answered "I\'m OK"' in await lead.locator(".check-answer").inner_text()
            await lead.click("text=Mark not a concern")  # no reason yet: the browser asks for one first
            assert await lead.locator("#reason").evaluate("el => !el.validity.valid")
            await lead.fill("#reason", "Talking about a woodwork lesson; checked with her PA.")
            await lead.click("text=Mark not a concern")
            await lead.wait_for_selector("text=Marked not a concern.")
            dismissed = await lead.locator(".dismissed").inner_text()
            assert "Sam (safeguarding)" in dismissed and "woodwork lesson" in dismissed

            await lead.click("text=← All alerts")
            row = await lead.locator(".weekly tbody tr").first.inner_text()
            assert re.split(r"\s+", row.strip())[-5:] == ["1", "1", "2", "1", "1"]  # urgent, concern, all, …
            summary = await lead.locator(".false-alarms").inner_text()
            assert (
                "2 alerts, 1 marked not a concern (100% of the 1 looked at); 1 not looked at yet" in summary
            )
        finally:
            await browser.close()
