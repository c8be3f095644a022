"""Every portal page on the demo council answers 200 for each role allowed to open it, in headless Chromium.

The pages come from the portal's own route table (every GET that needs a
sign-in), so a page added later is visited too; path parameters are filled
from the demo's data. Each role signs in through the form and opens each of
its pages once. The demo is seeded at a tenth of its size, by the same code.
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
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import seed_demo
from feedback.issues import list_issues
from feedback.migrate import upgrade
from feedback.models import Alert
from feedback.staff import Passwords, Role, add_staff
from tests.bot.portal.conftest import PASSWORD, Clock, build_app, portal_config, username
from tests.bot.portal.test_browser import ARGS, CHROMIUM, LAPTOP, _need_browser

pytestmark = pytest.mark.browser

NOT_PAGES = {
    "/staff/alerts/waiting.json": "the alerts page's own poll for new alerts (JSON)",
    "/staff/papers/{paper_id}/{format}": "a file download; the demo has no paper until someone drafts one",
}


@pytest.fixture
async def demo(
    tmp_path: Path,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    aiohttp_server: Any,
) -> AsyncIterator[tuple[TestServer, dict[str, str]]]:
    """The portal on a demo council with an account of every role; the values for its path parameters."""
    _need_browser()
    db = Database(f"sqlite:///{tmp_path / 'heard.db'}")
    await upgrade(db)
    now = datetime.now(UTC)
    await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=now.date(), scale=0.1)
    async with db.session() as session:
        for role in Role:
            await add_staff(
                session,
                username=username(role),
                role=role,
                password=PASSWORD,
                passwords=cheap_passwords,
                now=now,
                display_name=role.label,
            )
        closed = await list_issues(session, status="closed")
        alert = (await session.execute(select(Alert.id).order_by(Alert.id))).scalars().first()  # type: ignore[call-overload]
    values = {"reference": closed[0].reference, "alert_id": str(alert)}
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, Clock(now)))
    try:
        yield await aiohttp_server(app), values
    finally:
        await db.dispose()


def _pages(server: TestServer, values: dict[str, str]) -> dict[Role, list[str]]:
    """Return, per role, every page it may open, with path parameters filled in."""
    table = server.app[PORTAL_APP][ACCESS]
    pages: dict[Role, list[str]] = {role: [] for role in Role}
    for route, rule in table.items():
        path = re.sub(r"\{(\w+):[^}]*\}", r"{\1}", route.resource.canonical)
        if route.method != "GET" or rule.public or path in NOT_PAGES:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)  # a new parameter: add it to values
        for role in rule.roles:
            pages[role].append(url)
    return pages


async def test_every_page_answers_200_for_every_role_allowed_to_open_it(
    demo: tuple[TestServer, dict[str, str]],
) -> None:
    from playwright.async_api import async_playwright

    server, values = demo
    base = str(server.make_url("")).rstrip("/")
    pages = _pages(server, values)
    assert {"/staff/rounds", "/staff/dashboard"} <= set(pages[Role.PARTICIPATION_WORKER])
    failed = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for role, urls in pages.items():
                page = await (await browser.new_context(viewport=LAPTOP, locale="en-GB")).new_page()
                await page.goto(f"{base}/staff/login")
                await page.fill("#username", username(role))
                await page.fill("#password", PASSWORD)
                await page.click("button[type=submit]")
                await page.wait_for_url("**/staff/dashboard")
                for url in urls:
                    response = await page.goto(base + url)
                    status = response.status if response else None
                    if status != 200:
                        failed.append(f"{role.value} {url}: {status}")
                    if url == "/staff/rounds":
                        groups = await page.locator("tbody tr td:nth-child(2)").all_inner_texts()
                        assert len(groups) == 14 and all(groups), "every demo round names its groups"
        finally:
            await browser.close()
    assert not failed, "\n".join(failed)
