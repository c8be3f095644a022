"""No page or JSON shows a sealed value, pseudonym or chat id; raw words only in the safeguarding view."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.outgoing import open_outgoing
from feedback import outbox
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.staff import Role
from tests.bot.portal.conftest import ALERT_RAW, CHAT_ID, RAW_MARKER, Clock, Seeded, sign_in, username
from tests.bot.portal.test_access import EXPECTED, _concrete


async def _crawl(portal: TestClient, seeded: Seeded, role: Role) -> dict[str, str]:
    """Every GET page the role may open, plus the pages its forms lead to."""
    token = await sign_in(portal, username(role))
    pages: dict[str, str] = {}
    for (method, path), allowed in EXPECTED.items():
        if method == "GET" and role in allowed and "{format}" not in path:
            url = _concrete(path, seeded)
            pages[url] = await (await portal.get(url)).text()
    if role is Role.PARTICIPATION_WORKER:
        reply = await portal.post(
            f"/staff/issues/{seeded.reference}/reply", data={"_csrf": token, "text": "We hear you."}
        )
        pages["after reply"] = await reply.text()
    return pages


def _leaks(body: str, seeded: Seeded) -> list[str]:
    found = [v[:12] for v in seeded.sealed_values if v in body]
    markers = (("pseudonym", seeded.pseudonym), ("chat id", CHAT_ID))
    found += [label for label, marker in markers if marker in body]
    found += re.findall(r"gAAAAA[\w-]{20,}", body)  # any Fernet token at all
    return found


async def test_no_role_ever_sees_identifiers_and_only_safeguarding_sees_raw_words(
    portal: TestClient, seeded: Seeded
) -> None:
    for role in Role:
        portal.session.cookie_jar.clear()
        pages = await _crawl(portal, seeded, role)
        assert pages, role
        for url, body in pages.items():
            assert _leaks(body, seeded) == [], (role, url)
            raw_allowed = role is Role.SAFEGUARDING_LEAD and url == f"/staff/alerts/{seeded.alert_id}"
            if not raw_allowed:
                assert RAW_MARKER not in body and ALERT_RAW not in body, (role, url)
        if role is Role.SAFEGUARDING_LEAD:
            assert ALERT_RAW in pages[f"/staff/alerts/{seeded.alert_id}"]


async def test_sensitive_views_and_actions_are_audited_without_identifiers(
    portal: TestClient, seeded: Seeded, db: Database, sealer: Sealer, clock: Clock
) -> None:
    token = await sign_in(portal, username(Role.SAFEGUARDING_LEAD))
    listing = await (await portal.get("/staff/alerts")).text()
    assert "please act now" in listing  # 20 minutes old and urgent: overdue, at the top
    assert "1 safeguarding alert waiting" in listing
    await portal.get(f"/staff/alerts/{seeded.alert_id}")
    ack = await portal.post(f"/staff/alerts/{seeded.alert_id}/acknowledge", data={"_csrf": token})
    assert "Acknowledged by Safeguarding lead" in await ack.text()
    await portal.post(
        f"/staff/alerts/{seeded.alert_id}/action",
        data={"_csrf": token, "note": "Called the out-of-hours team."},
    )
    sent = await portal.post(
        f"/staff/alerts/{seeded.alert_id}/message",
        data={"_csrf": token, "text": "We are here for you. Call 116 123 any time."},
    )
    assert "Message queued" in await sent.text()
    assert "alert waiting" not in await (await portal.get("/staff/alerts")).text()

    portal.session.cookie_jar.clear()
    await sign_in(portal, username(Role.ADMIN))
    await portal.get("/staff/settings")
    await portal.get("/staff/audit")

    async with db.session() as session:
        query = text("SELECT actor, action, target_id, detail_json FROM audit_log")
        rows = (await session.execute(query)).all()
        items = await outbox.claim_due(session, now=clock.now)
    actions = {(actor, action, target) for actor, action, target, _ in rows}
    lead, alert = username(Role.SAFEGUARDING_LEAD), str(seeded.alert_id)
    for expected in (
        ("alert.raw_viewed", alert),
        ("alert.acknowledged", alert),
        ("alert.action_recorded", alert),
        ("alert.messaged", alert),
        ("alerts.listed", None),
    ):
        assert (lead, *expected) in actions, expected
    assert {("admin", "settings.viewed", None), ("admin", "audit.viewed", None)} <= actions
    assert ("anonymous", "staff.sign_in_failed", None) not in actions
    dump = " ".join(str(v) for row in rows for v in row)
    assert seeded.pseudonym not in dump and CHAT_ID not in dump and "116 123" not in dump

    [message] = [open_outgoing(sealer, item) for item in items]
    assert message.address == CHAT_ID and "safeguarding team" in message.reply.text


async def test_shared_contact_is_revealed_only_on_request_and_audited(
    portal: TestClient, seeded: Seeded, db: Database, sealer: Sealer
) -> None:
    async with db.session() as session:
        await session.execute(
            text("UPDATE issue SET shared_contact_sealed = :s"),
            {"s": sealer.seal("Call me Sam on 07700 900456")},
        )
    token = await sign_in(portal, username(Role.PARTICIPATION_WORKER))
    thread = await (await portal.get(f"/staff/issues/{seeded.reference}")).text()
    assert "asked to talk to someone by name" in thread and "07700 900456" not in thread
    shown = await portal.post(f"/staff/issues/{seeded.reference}/contact", data={"_csrf": token})
    assert "Call me Sam on 07700 900456" in await shown.text()
    async with db.session() as session:
        count = (
            await session.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'issue.contact_viewed'")
            )
        ).scalar_one()
    assert count == 1
