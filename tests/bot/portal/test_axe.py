"""axe-core on every portal page, for every role, at phone and laptop width: no serious or critical violation.

The pages come from the portal's route table (every GET that needs a
sign-in), on a demo council seeded at a tenth of its size, so a page added
later is checked too. The sign-in page is checked before signing in.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.portal import PORTAL_APP
from bot.portal.access import ACCESS
from feedback import outbox
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import seed_demo
from feedback.issues import list_issues
from feedback.migrate import upgrade
from feedback.models import Alert
from feedback.staff import Passwords, Role, add_staff
from tests.axe import check
from tests.bot.portal.conftest import PASSWORD, Clock, build_app, portal_config, username
from tests.bot.portal.test_browser import ARGS, CHROMIUM, LAPTOP, PHONE, _need_browser

pytestmark = pytest.mark.browser

NOT_PAGES = {"/staff/alerts/waiting.json", "/staff/papers/{paper_id}/{format}"}  # JSON and file downloads


@pytest.fixture
async def council(
    tmp_path: Path,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    aiohttp_server: Any,
) -> AsyncIterator[tuple[TestServer, dict[str, str]]]:
    """The portal on a demo council with an account of every role; values for its path parameters."""
    _need_browser()
    db = Database(f"sqlite:///{tmp_path / 'heard.db'}")
    await upgrade(db)
    now = datetime.now(UTC)
    await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=now.date(), scale=0.1)
    async with db.session() as session:
        for role in Role:
            await add_staff(session, username=username(role), role=role, password=PASSWORD,
                            passwords=cheap_passwords, now=now, display_name=role.label)  # fmt: skip
        closed = await list_issues(session, status="closed")
        # A message given up on, so administrators' pages carry the delivery notice and it is checked too.
        failed = await outbox.enqueue(
            session, channel="telegram", chat_key="axe", payload_sealed=sealer.seal("{}"), now=now
        )
        assert failed is not None
        await outbox.mark_failed(session, failed, error="NetworkError", now=now, sent=True)
        alert = (await session.execute(select(Alert.id).order_by(Alert.id))).scalars().first()  # type: ignore[call-overload]
    values = {"reference": closed[0].reference, "alert_id": str(alert)}
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, Clock(now)))
    try:
        yield await aiohttp_server(app), values
    finally:
        await db.dispose()


def _pages(server: TestServer, values: dict[str, str]) -> dict[Role, list[str]]:
    table = server.app[PORTAL_APP][ACCESS]
    pages: dict[Role, list[str]] = {role: [] for role in Role}
    for route, rule in table.items():
        path = re.sub(r"\{(\w+):[^}]*\}", r"{\1}", route.resource.canonical)
        if route.method != "GET" or rule.public or path in NOT_PAGES:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        for role in rule.roles:
            pages[role].append(url)
    return pages


async def test_every_portal_page_has_no_serious_or_critical_violation(
    council: tuple[TestServer, dict[str, str]],
) -> None:
    from playwright.async_api import async_playwright

    server, values = council
    base = str(server.make_url("")).rstrip("/")
    pages = _pages(server, values)
    found: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for width, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
                for role, urls in pages.items():
                    context = await browser.new_context(viewport=viewport, locale="en-GB")
                    page = await context.new_page()
                    await page.goto(f"{base}/staff/login")
                    if role is Role.ADMIN:
                        found += await check(page, f"{width} sign-in")
                    await page.fill("#username", username(role))
                    await page.fill("#password", PASSWORD)
                    await page.click("button[type=submit]")
                    await page.wait_for_url("**/staff/dashboard")
                    notice = page.locator("[data-delivery-notice]")
                    assert await notice.count() == (1 if role is Role.ADMIN else 0), role
                    for url in urls:
                        await page.goto(base + url)
                        found += await check(page, f"{width} {role.value} {url}")
                    if role is Role.ADMIN and width == "phone":  # last: it clears the notice
                        await notice.get_by_role("button", name="Send again").click()
                        await page.wait_for_url("**/staff/dashboard?done=resent")
                        assert await notice.count() == 0
                        assert "queued again" in await page.locator("p.notice").inner_text()
                    await context.close()
        finally:
            await browser.close()
    assert not found, "\n".join(found)
