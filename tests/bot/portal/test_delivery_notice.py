"""Messages given up on: every administrator's page says how many and how to send them again.

A failed outbox row already raises ``heard_outbox_items{state="failed"}``;
the portal tells the staff who may act on it (administrators), and the
button queues the rows again as ``heard outbox retry --failed`` does.
"""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp.test_utils import TestClient

from feedback import audit, outbox
from feedback.db import Database
from feedback.staff import Role
from tests.bot.portal.conftest import START, sign_in, username

NOTICE = re.compile(r"<strong>(\d+) messages? to young people could not be delivered</strong>")


async def _queue(db: Database, *failures: str) -> list[int]:
    """Queue one message per entry; each non-empty entry is the error it failed with."""
    ids = []
    async with db.session() as session:
        for n, error in enumerate(failures):
            item_id = await outbox.enqueue(
                session, channel="telegram", chat_key=f"chat-{n}", payload_sealed="sealed",
                now=START - timedelta(days=1),
            )  # fmt: skip
            assert item_id is not None
            if error:
                await outbox.mark_failed(session, item_id, error=error, now=START, sent=True)
            ids.append(item_id)
    return ids


async def _statuses(db: Database, ids: list[int]) -> list[str]:
    from feedback.models import OutboxItem

    async with db.session() as session:
        return [(await session.get(OutboxItem, i)).status for i in ids]  # type: ignore[union-attr]


async def test_admins_see_the_failed_count_and_how_to_send_them_again(
    portal: TestClient, db: Database
) -> None:
    ids = await _queue(db, "NetworkError", "RetryAfter", "Forbidden", "")
    csrf = await sign_in(portal, username(Role.ADMIN))
    for path in ("/staff/dashboard", "/staff/accounts"):
        page = await (await portal.get(path)).text()
        found = NOTICE.search(page)
        assert found and found.group(1) == "2", path  # the blocked chat and the pending row are not counted
        assert "heard outbox retry --failed" in page and 'action="/staff/outbox/resend"' in page

    refused = await portal.post("/staff/outbox/resend", data={}, allow_redirects=False)
    assert refused.status == 403  # no form token, no action
    assert await _statuses(db, ids) == ["failed", "failed", "failed", "pending"]

    response = await portal.post("/staff/outbox/resend", data={"_csrf": csrf}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/staff/dashboard?done=resent"
    page = await (await portal.get("/staff/dashboard?done=resent")).text()
    assert "queued again" in page and not NOTICE.search(page)
    assert await _statuses(db, ids) == ["pending", "pending", "failed", "pending"]
    async with db.session() as session:
        entries = await audit.recent(session, action="outbox.resent")
    assert [(e.actor, e.detail) for e in entries] == [(entries[0].actor, {"count": 2})]


async def test_only_administrators_are_told_or_may_send_again(portal: TestClient, db: Database) -> None:
    ids = await _queue(db, "NetworkError")
    csrf = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    page = await (await portal.get("/staff/dashboard")).text()
    assert not NOTICE.search(page) and "outbox" not in page
    response = await portal.post("/staff/outbox/resend", data={"_csrf": csrf}, allow_redirects=False)
    assert response.status == 403
    assert await _statuses(db, ids) == ["failed"]
