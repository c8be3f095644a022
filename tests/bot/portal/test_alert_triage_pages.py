"""Triage in the portal over HTTP: why an alert was raised, what the young person answered, "not a concern".

The lead sees each alert's reasons and the answer to "Are you safe right
now?" in the list and on the alert; the words typed back only on the alert
(an audited view). "Not a concern" is refused without a reason, audited with
one, and counted in the weekly figures.
"""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlalchemy import text

from feedback.alert_answers import answer_check, answer_contact, check_asked, contact_asked
from feedback.alerts import record_alert
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.staff import Role
from tests.bot.portal.conftest import START, Clock, Seeded, sign_in, username

REASON = "sh.net_blade · happening now · about the writer"
TYPED_BACK = "RAWREPLY not really, he is back tonight"


async def _answered_alert(db: Database, sealer: Sealer, seeded: Seeded) -> int:
    """A concern the young person answered in words, then asked for help about; they want contact."""
    async with db.session() as session:
        alert_id = await record_alert(
            session, sealer=sealer, source="conversation", level="concern", categories=["abuse"],
            text="he gets angry when he drinks", now=START - timedelta(minutes=5),
            participant_id=seeded.participant_id, reasons=[REASON],
        )  # fmt: skip
        await check_asked(session, alert_id=alert_id, now=START - timedelta(minutes=5))
        await answer_check(session, alert_id=alert_id, participant_id=seeded.participant_id, answer="words",
                           now=START - timedelta(minutes=4), urgent=True,
                           reply_sealed=sealer.seal(TYPED_BACK))  # fmt: skip
        await contact_asked(session, alert_id=alert_id, now=START - timedelta(minutes=4))
        await answer_contact(session, alert_id=alert_id, participant_id=seeded.participant_id, wanted=True,
                             now=START - timedelta(minutes=3))  # fmt: skip
    return alert_id


def _item(listing: str, alert_id: int) -> str:
    found = re.search(rf'<li class="alert[^"]*" data-alert="{alert_id}">(.*?)</li>', listing, re.S)
    assert found, f"alert {alert_id} is not listed"
    return found.group(1)


async def test_the_list_and_the_alert_show_reasons_and_answers(
    portal: TestClient, seeded: Seeded, db: Database, sealer: Sealer
) -> None:
    alert_id = await _answered_alert(db, sealer, seeded)
    await sign_in(portal, username(Role.SAFEGUARDING_LEAD))
    listing = await (await portal.get("/staff/alerts")).text()
    item = _item(listing, alert_id)
    assert REASON in item and "Answered in their own words" in item and "URGENT" in item
    assert "made urgent by their answer" in item
    assert TYPED_BACK not in listing  # the words only on the alert itself
    assert listing.index(f'data-alert="{seeded.alert_id}"') < listing.index(f'data-alert="{alert_id}"')

    page = await (await portal.get(f"/staff/alerts/{alert_id}")).text()
    assert REASON in page and TYPED_BACK.replace("'", "&#39;") in page
    assert "Yes: they want someone to contact them" in page
    assert "then made urgent" in page
    async with db.session() as session:
        detail = (
            await session.execute(
                text(
                    "SELECT detail_json FROM audit_log WHERE action = 'alert.raw_viewed' AND target_id = :t"
                ),
                {"t": str(alert_id)},
            )
        ).scalar_one()
    assert '"check_reply": true' in detail


async def test_not_a_concern_needs_a_reason_is_audited_and_counted_by_week(
    portal: TestClient, seeded: Seeded, db: Database, clock: Clock
) -> None:
    token = await sign_in(portal, username(Role.SAFEGUARDING_LEAD))
    before = await (await portal.get("/staff/alerts")).text()
    assert "1 alert, 0 marked not a concern" in before

    refused = await portal.post(
        f"/staff/alerts/{seeded.alert_id}/not-a-concern", data={"_csrf": token, "reason": " "}
    )
    assert refused.status == 400 and "Say why this is not a concern" in await refused.text()
    async with db.session() as session:
        dismissed = (await session.execute(text("SELECT dismissed_at FROM alert"))).scalar_one()
    assert dismissed is None

    clock.advance(minutes=2)
    done = await portal.post(
        f"/staff/alerts/{seeded.alert_id}/not-a-concern",
        data={"_csrf": token, "reason": "Lyrics from a song she was learning."},
    )
    page = await done.text()
    assert done.status == 200 and "Marked not a concern." in page
    assert "Marked not a concern by Safeguarding lead" in page and "Lyrics from a song" in page
    assert "I have this — acknowledge" not in page  # dealt with

    listing = await (await portal.get("/staff/alerts")).text()
    assert "alert waiting" not in listing
    assert "Not a concern — Safeguarding lead" in _item(listing, seeded.alert_id)
    week = re.search(r"<tbody>\s*<tr><th scope=\"row\">([^<]+)</th>((?:<td>\d+</td>)+)</tr>", listing)
    assert week is not None
    assert re.findall(r"<td>(\d+)</td>", week.group(2)) == [
        "1",
        "0",
        "1",
        "1",
        "0",
    ]  # urgent, concern, all, not…
    assert "1 alert, 1 marked not a concern (100% of the 1 looked at)" in listing

    again = await portal.post(
        f"/staff/alerts/{seeded.alert_id}/not-a-concern", data={"_csrf": token, "reason": "Second thoughts"}
    )
    assert "already marked not a concern" in await again.text()
    async with db.session() as session:
        rows = (
            await session.execute(
                text("SELECT target_id FROM audit_log WHERE action = 'alert.not_a_concern'")
            )
        ).all()
        reason = (await session.execute(text("SELECT dismissed_reason FROM alert"))).scalar_one()
    assert [r[0] for r in rows] == [
        str(seeded.alert_id)
    ] * 2 and reason == "Lyrics from a song she was learning."
