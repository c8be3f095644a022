"""Survey comments on the demo council, in headless Chromium: read, filter, re-theme, quote, link an action.

A participation worker opens the page from the menu, sees the demo's
anonymised comments (and not one still waiting for redaction), filters by a
theme, corrects a comment's themes, approves a sentence as a quote and links
the comment to an issue closed with an outcome; each change comes back to
the same filtered list with the change shown. The demo is seeded at a tenth
of its size, by the same code as ``heard demo seed``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from feedback import comments
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.demo import seed_demo
from feedback.issues import get_thread, list_issues
from feedback.migrate import upgrade
from feedback.models import AnswerRecord
from feedback.staff import Passwords, Role, add_staff
from tests.bot.portal.conftest import PASSWORD, Clock, build_app, portal_config, username
from tests.bot.portal.test_browser import ARGS, CHROMIUM, LAPTOP, _need_browser

pytestmark = pytest.mark.browser

WAITING = "still waiting for redaction"


@pytest.fixture
async def demo(
    tmp_path: Path,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    aiohttp_server: Any,
) -> AsyncIterator[tuple[TestServer, comments.SurveyComment, str]]:
    """The portal on a demo council; its first comment and an issue closed with an outcome."""
    _need_browser()
    db = Database(f"sqlite:///{tmp_path / 'heard.db'}")
    await upgrade(db)
    now = datetime.now(UTC)
    await seed_demo(db, sealer=sealer, pseudonymiser=pseudonymiser, today=now.date(), scale=0.1)
    async with db.session() as session:
        await add_staff(
            session,
            username=username(Role.PARTICIPATION_WORKER),
            role=Role.PARTICIPATION_WORKER,
            password=PASSWORD,
            passwords=cheap_passwords,
            now=now,
        )
        found = await comments.list_comments(session)
        assert found, "the demo council has survey comments"
        # A comment the redaction worker has not reached: its words must not show, whatever is stored.
        answered = (await session.execute(select(AnswerRecord.response_id))).scalars().first()  # type: ignore[call-overload]
        session.add(
            AnswerRecord(
                response_id=answered,
                question_id="anything_else",
                text_sealed="x",
                text_redacted=WAITING,
                themes_json=json.dumps(["SCHOOL"]),
                redaction_status="pending",
            )
        )
        # Only an issue closed with what was done can answer a comment (some are closed without).
        closed = [
            issue
            for issue in await list_issues(session, status="closed")
            if (thread := await get_thread(session, issue.reference)) and thread.outcome
        ]
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, Clock(now)))
    try:
        yield await aiohttp_server(app), found[0], closed[0].reference
    finally:
        await db.dispose()


async def test_a_worker_reads_filters_retags_quotes_and_links_a_comment(
    demo: tuple[TestServer, comments.SurveyComment, str],
) -> None:
    from playwright.async_api import async_playwright

    server, first, reference = demo
    base = str(server.make_url("")).rstrip("/")
    theme = first.themes[0]
    # A theme the comment does not carry yet, and the start of its name on the page.
    added, name = next((c, n) for c, n in (("MONEY", "Money"), ("EDU", "Education")) if c not in first.themes)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await (await browser.new_context(viewport=LAPTOP, locale="en-GB")).new_page()
            await page.goto(f"{base}/staff/login")
            await page.fill("#username", username(Role.PARTICIPATION_WORKER))
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/staff/dashboard")
            await page.click("nav >> text=Survey comments")
            await page.wait_for_selector(f"#c{first.id} >> text={first.text}")
            assert WAITING not in await page.content()
            listed = await page.locator("li.comment").count()

            await page.select_option("select[name=theme]", theme)
            await page.click("form.filters button")
            await page.wait_for_url(f"**theme={theme}**")
            tags = await page.locator("li.comment .themes").all_inner_texts()
            assert tags and len(tags) <= listed
            assert await page.locator(f"#c{first.id}").count() == 1

            card = page.locator(f"#c{first.id}")
            await card.locator("summary >> text=Correct themes").click()
            await card.locator(f"input[type=checkbox][value={added}]").check()
            await card.locator("button >> text=Save themes").click()
            await page.wait_for_selector("text=Themes saved.")
            assert f"theme={theme}" in page.url, "the worker comes back to the same filtered list"
            card = page.locator(f"#c{first.id}")
            assert name in await card.locator(".themes").inner_text()

            await card.locator("summary >> text=Approve a sentence as a quote").click()
            await card.locator("textarea").fill(first.text)
            await card.locator("button >> text=Approve quote").click()
            await page.wait_for_selector("text=Quote approved for board papers.")
            assert first.text in await page.locator(f"#c{first.id} .approved-quote").inner_text()

            card = page.locator(f"#c{first.id}")
            await card.locator("summary >> text=Link to what we did").click()
            await card.locator("input[name=reference]").fill("NOPE99")
            await card.locator("button >> text=Save link").click()
            await page.wait_for_selector("text=There is no issue NOPE99.")
            card = page.locator(f"#c{first.id}")
            await card.locator("summary >> text=Link to what we did").click()
            await card.locator("input[name=reference]").fill(reference)
            await card.locator("button >> text=Save link").click()
            await page.wait_for_selector("text=Linked to the issue's outcome.")
            assert reference in await page.locator(f"#c{first.id} .action").inner_text()
        finally:
            await browser.close()
