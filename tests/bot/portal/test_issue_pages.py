"""A worker's loop through the portal: inbox, thread, reply, close, and what reaches the young person."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.outgoing import open_outgoing
from feedback import outbox
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.staff import Role
from tests.bot.portal.conftest import CHAT_ID, REDACTED, Clock, Seeded, sign_in, username


async def _outgoing(db: Database, sealer: Sealer, clock: Clock) -> list[tuple[str, str]]:
    """Return what is due to go out, and mark it sent as the sender would (a chat's next message
    waits until the one before it is sent, so an unmarked claim would hold the next reply back)."""
    async with db.session() as session:
        items = await outbox.claim_due(session, now=clock.now)
        await outbox.mark_sent_many(session, [i.id for i in items if i.id is not None], now=clock.now)
        await session.commit()
    return [(open_outgoing(sealer, i).address, open_outgoing(sealer, i).reply.text) for i in items]


async def test_reply_and_close_reach_the_young_person(
    portal: TestClient, seeded: Seeded, db: Database, sealer: Sealer, clock: Clock
) -> None:
    token = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    inbox = await (await portal.get("/staff/issues")).text()
    assert seeded.reference in inbox and "[NAME_1]" in inbox

    page = await portal.get(f"/staff/issues/{seeded.reference}")
    assert page.status == 200 and REDACTED in await page.text()

    sent = await portal.post(
        f"/staff/issues/{seeded.reference}/reply",
        data={"_csrf": token, "text": "Thank you. Can you tell us more?"},
    )
    assert sent.status == 200 and "Reply sent" in await sent.text()
    [(address, words)] = await _outgoing(db, sealer, clock)
    assert address == CHAT_ID and "Thank you. Can you tell us more?" in words
    assert seeded.reference in words and "Participation worker" not in words  # no staff name

    closed = await portal.post(
        f"/staff/issues/{seeded.reference}/close",
        data={"_csrf": token, "outcome": "Family time is now weekly."},
    )
    assert closed.status == 200
    [(address, words)] = await _outgoing(db, sealer, clock)
    assert address == CHAT_ID and "You said, we did" in words and "Family time is now weekly." in words

    again = await portal.post(f"/staff/issues/{seeded.reference}/reply", data={"_csrf": token, "text": "hi"})
    assert again.status == 400 and "closed" in await again.text()
    assert await _outgoing(db, sealer, clock) == []

    async with db.session() as session:
        rows = await session.execute(
            text("SELECT action FROM audit_log WHERE target_id = :ref ORDER BY id"), {"ref": seeded.reference}
        )
        actions = [r[0] for r in rows.all()]
    assert actions[:5] == ["issue.viewed", "issue.replied", "issue.viewed", "issue.closed", "issue.viewed"]


async def test_quote_and_tag_forms(portal: TestClient, seeded: Seeded, db: Database) -> None:
    token = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    wrong = await portal.post(
        f"/staff/issues/{seeded.reference}/quote",
        data={
            "_csrf": token,
            "message_id": str(seeded.issue_message_id),
            "sentence": "Jasmine never lets me",
        },
    )
    assert wrong.status == 400 and "copied exactly" in await wrong.text()
    ok = await portal.post(
        f"/staff/issues/{seeded.reference}/quote",
        data={"_csrf": token, "message_id": str(seeded.issue_message_id), "sentence": "I feel ignored."},
    )
    assert ok.status == 200 and "I feel ignored." in await ok.text()
    tagged = await portal.post(
        f"/staff/issues/{seeded.reference}/tag", data=[("_csrf", token), ("theme", "EDU"), ("theme", "VOICE")]
    )
    assert tagged.status == 200
    async with db.session() as session:
        themes = (await session.execute(text("SELECT themes_json FROM issue"))).scalar_one()
    assert themes == '["EDU", "VOICE"]'
    filtered = await (await portal.get("/staff/issues?status=all&theme=EDU")).text()
    assert seeded.reference in filtered
    none = await (await portal.get("/staff/issues?status=all&theme=MONEY")).text()
    assert seeded.reference not in none


async def test_search_finds_words_in_anonymised_text_only(portal: TestClient, seeded: Seeded) -> None:
    await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    hit = await (await portal.get("/staff/issues?status=all&q=brother")).text()
    raw = await (await portal.get("/staff/issues?status=all&q=Okafor")).text()
    assert seeded.reference in hit and seeded.reference not in raw
