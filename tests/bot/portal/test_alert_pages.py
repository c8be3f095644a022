"""A safeguarding lead sees the thread as written and can reach the young person, even once it is closed."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.outgoing import open_outgoing
from feedback import outbox
from feedback.alerts import record_alert
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.staff import Role
from tests.bot.portal.conftest import CHAT_ID, RAW_MARKER, START, Clock, Seeded, sign_in, username


async def _issue_alert(db: Database, sealer: Sealer, seeded: Seeded) -> int:
    async with db.session() as session:
        issue_id = (await session.execute(text("SELECT id FROM issue"))).scalar_one()
        return await record_alert(
            session,
            sealer=sealer,
            source="issue_message",
            level="concern",
            categories=["neglect_basic_needs"],
            text="flagged words",
            now=START,
            participant_id=seeded.participant_id,
            source_id=seeded.issue_message_id,
            issue_id=issue_id,
        )


async def test_thread_as_written_and_messages_land_in_it_or_alone_once_closed(
    portal: TestClient, seeded: Seeded, db: Database, sealer: Sealer, clock: Clock
) -> None:
    alert_id = await _issue_alert(db, sealer, seeded)
    token = await sign_in(portal, username(Role.SAFEGUARDING_LEAD))
    page = await (await portal.get(f"/staff/alerts/{alert_id}")).text()
    assert RAW_MARKER in page and "The whole thread, as written" in page and seeded.reference in page

    await portal.post(f"/staff/alerts/{alert_id}/message", data={"_csrf": token, "text": "Are you safe now?"})
    async with db.session() as session:
        authors = [
            r[0] for r in (await session.execute(text("SELECT author FROM issue_message ORDER BY id"))).all()
        ]
        await session.execute(text("UPDATE issue SET status = 'closed'"))
    assert authors == ["young_person", "safeguarding"]

    await portal.post(
        f"/staff/alerts/{alert_id}/message", data={"_csrf": token, "text": "Still here for you."}
    )
    async with db.session() as session:
        items = await outbox.claim_due(session, now=clock.now)
        count = (await session.execute(text("SELECT count(*) FROM issue_message"))).scalar_one()
    sent = [open_outgoing(sealer, item) for item in items]
    assert [m.address for m in sent] == [CHAT_ID, CHAT_ID] and count == 2
    assert "safeguarding team about what you told us" in sent[0].reply.text and sent[0].reply.buttons
    assert sent[1].reply.text.startswith("A message from the safeguarding team")
    assert [b.action for row in sent[1].reply.buttons for b in row] == ["menu:help"]  # help, one tap away
