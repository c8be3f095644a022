"""In headless Chromium against the whole running service and the fake Bot API.

A worker signs in, replies, the young person receives the reply on Telegram
and answers, the worker closes with an outcome and the young person is told;
a safeguarding lead acknowledges an alert. With ``HEARD_PORTAL_SCREENSHOTS``
set to a folder, the main pages are also saved there at laptop and phone width.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.appkeys import PSEUDONYMISER, SEALER
from bot.portal import PORTAL, PORTAL_APP
from bot.textworker import TEXT_WORKER
from feedback import issues
from feedback.alerts import record_alert
from feedback.db import Database
from feedback.issues import Written
from feedback.migrate import upgrade
from feedback.models import IssueMessage, Participant
from feedback.staff import Passwords, Role, add_staff
from tests.bot.portal.conftest import PASSWORD, username
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi
from tests.fakes.updates import UpdateFactory

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHAT = 700100200
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI; install the Debian chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")


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
    try:
        # One redaction thread in this process, drained by the test (no worker processes).
        settings = telegram_settings(url, fake, telegram_bot_username="HeardCouncilBot", redaction_workers=0)
        async with running_heard(settings) as running:
            config = running.app[PORTAL_APP][PORTAL]
            config.secure_cookies = False  # plain http on 127.0.0.1 in tests
            config.second_factor_roles = frozenset()  # the second factor has tests of its own
            yield running, db
    finally:
        await db.dispose()


async def _anonymised(session: Any, message_id: int, words: str, themes: list[str]) -> None:
    """Stand in for the redaction worker, in the same transaction as the write."""
    row = await session.get(IssueMessage, message_id)
    row.text_anonymised, row.redaction_status, row.themes_json = words, "done", json.dumps(themes)


async def _seed(heard: RunningHeard, db: Database) -> tuple[str, int]:
    sealer = heard.app[SEALER]
    now = datetime.now(UTC)
    passwords = Passwords()
    async with db.session() as session:
        for role in Role:
            await add_staff(
                session,
                username=username(role),
                role=role,
                password=PASSWORD,
                passwords=passwords,
                now=now,
                display_name={
                    Role.PARTICIPATION_WORKER: "Priya (participation)",
                    Role.SAFEGUARDING_LEAD: "Sam (safeguarding)",
                    Role.BOARD_VIEWER: "Cllr Board",
                    Role.ADMIN: "Alex (admin)",
                }[role],
            )
        pseudonym = heard.app[PSEUDONYMISER].pseudonym("telegram", str(CHAT))  # as the webhook will find them
        person = Participant(
            pseudonym=pseudonym,
            channel="telegram",
            care_status="in_care",
            age_band="16-17",
            chat_id_sealed=sealer.seal(str(CHAT)),
            joined_on=date(2026, 11, 1),
        )
        other = Participant(
            pseudonym="p-other",
            channel="telegram",
            care_status="care_leaver",
            age_band="16-25",
            chat_id_sealed=sealer.seal("700100999"),
            joined_on=date(2026, 10, 1),
        )
        session.add_all([person, other])
        await session.flush()
        assert person.id is not None and other.id is not None
        raised = await issues.raise_issue(
            session,
            sealer=sealer,
            participant_id=person.id,
            now=now - timedelta(days=3),
            topic="FAMILY",
            messages=[Written("My carer Dee won't let me phone my sister after 8pm. It's not fair.")],
        )
        await _anonymised(
            session,
            raised.message_ids[0],
            "My carer [NAME_1] won't let me phone my sister after 8pm. It's not fair.",
            ["FAMILY", "CARER"],
        )
        money = await issues.raise_issue(
            session,
            sealer=sealer,
            participant_id=other.id,
            now=now - timedelta(hours=5),
            messages=[Written("My leaving care grant ran out and I can't buy a cooker.")],
        )
        await _anonymised(
            session,
            money.message_ids[0],
            "My leaving care grant ran out and I can't buy a cooker.",
            ["MONEY", "HOUSE"],
        )
        alert_id = await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level="urgent",
            categories=["suicide_self_harm"],
            text="I don't want to be here any more",
            now=now - timedelta(minutes=18),
            participant_id=other.id,
        )
        await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level="concern",
            categories=["bullying"],
            text="people at college keep calling me names",
            now=now - timedelta(hours=2),
            participant_id=person.id,
        )
    return raised.reference, alert_id


async def _sign_in(page: Any, base: str, role: Role) -> None:
    await page.goto(f"{base}/staff/")
    await page.fill("#username", username(role))
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/staff/dashboard")


async def _shoot(page: Any, name: str) -> None:
    folder = os.environ.get("HEARD_PORTAL_SCREENSHOTS")
    if not folder:
        return
    for label, size in (("laptop", LAPTOP), ("phone", PHONE)):
        await page.set_viewport_size(size)
        target = Path(folder) / f"portal-{name}-{label}.png"
        await page.screenshot(path=str(target), full_page=label == "phone")
    await page.set_viewport_size(LAPTOP)


async def test_the_whole_loop_in_the_browser(heard: tuple[RunningHeard, Database], fake: FakeBotApi) -> None:
    from playwright.async_api import async_playwright

    running, db = heard
    reference, alert_id = await _seed(running, db)
    base = running.base_url
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            worker = await (await browser.new_context(viewport=LAPTOP, locale="en-GB")).new_page()
            await worker.goto(f"{base}/staff/login")
            await _shoot(worker, "signin")
            await _sign_in(worker, base, Role.PARTICIPATION_WORKER)
            await _shoot(worker, "dashboard")
            await worker.click("nav >> text=Issues")
            await worker.wait_for_selector(f"text={reference}")
            await _shoot(worker, "issues")
            await worker.click(f"a.ref >> text={reference}")
            await worker.fill(
                "#reply", "Thanks for telling us. Your social worker will talk to your carer this week."
            )
            await worker.click("text=Send reply")
            await worker.wait_for_selector("text=Reply sent to the young person.")

            await fake.wait_until(lambda: len(fake.messages_to(CHAT)) >= 1, timeout=20)
            [reply] = fake.messages_to(CHAT)
            assert "Your social worker will talk to your carer this week." in reply.text
            assert reply.callback_data == [f"tell:answer:{reference}", f"tell:close:{reference}", "menu:help"]

            # The young person presses Answer on Telegram, writes back and taps Send.
            updates = UpdateFactory()
            for update in (
                updates.choice(CHAT, reply.callback_data[0]),
                updates.text(CHAT, "Thank you, that would really help"),
                updates.choice(CHAT, "tell:send"),
            ):
                assert (await running.post_update(update)).status == 200
            await fake.wait_until(
                lambda: any(m.text.startswith("Sent.") for m in fake.messages_to(CHAT)), timeout=20
            )
            await running.app[TEXT_WORKER].run_once()  # anonymise the answer before staff look
            await worker.reload()
            await worker.wait_for_selector("text=Thank you, that would really help")
            await _shoot(worker, "issue")

            await worker.fill("#outcome", "Your carer agreed you can phone your sister until 9pm.")
            await worker.click("text=Close and tell them")
            await worker.wait_for_selector("text=Closed. The young person has been told what was done.")
            await fake.wait_until(lambda: "You said, we did" in fake.messages_to(CHAT)[-1].text, timeout=20)
            told = fake.messages_to(CHAT)[-1]
            assert "You said, we did" in told.text and "until 9pm" in told.text
            assert f"tell:helped_yes:{reference}" in told.callback_data

            await worker.goto(f"{base}/staff/rounds")
            await _shoot(worker, "rounds")
            await worker.goto(f"{base}/staff/invites")
            await worker.select_option("#cohort", "in_care:16-17")
            await worker.fill("#count", "4")
            await worker.click("text=Make codes and show the sheet")
            await worker.wait_for_selector(".invite-card")
            assert await worker.locator(".invite-card img").count() == 8  # web chat and Telegram, 16-17
            await _shoot(worker, "invite-sheet")

            lead = await (await browser.new_context(viewport=LAPTOP, locale="en-GB")).new_page()
            await _sign_in(lead, base, Role.SAFEGUARDING_LEAD)
            assert await lead.locator("[data-alerts-banner]").is_visible()
            await lead.click("nav >> text=Alerts")
            first = lead.locator(".alerts li").first
            assert "URGENT" in await first.inner_text() and "please act now" in await first.inner_text()
            await _shoot(lead, "alerts")
            await first.locator("a").click()
            await lead.wait_for_selector("text=I don't want to be here any more")
            await _shoot(lead, "alert")
            await lead.click("text=I have this — acknowledge")
            await lead.wait_for_selector("text=Acknowledged by Sam (safeguarding)")
            await lead.goto(f"{base}/staff/issues")
            assert "role does not include" in await lead.content()

            admin = await (await browser.new_context(viewport=LAPTOP, locale="en-GB")).new_page()
            await _sign_in(admin, base, Role.ADMIN)
            await admin.goto(f"{base}/staff/accounts")
            await _shoot(admin, "accounts")
            await admin.goto(f"{base}/staff/audit")
            assert "alert.acknowledged" in await admin.content()
            await _shoot(admin, "audit")
        finally:
            await browser.close()
    assert alert_id > 0
