"""Alert triage rules, on SQLite and PostgreSQL: answers to the safety questions, order, overdue, weeks.

The young person's answers land on the alert they are about ("I need help
now" raises that same alert, never a second one); the list is worked in
level-then-time order; overdue counts from when an alert became urgent;
"not a concern" needs a reason and is counted per week.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from feedback.alert_weeks import count_weeks
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import Alert, Participant, StaffUser, table_of
from feedback.retention import purge_raw_text
from feedback.safeguarding import (
    answer_check,
    answer_contact,
    check_asked,
    claim_notices,
    contact_asked,
    get_alert,
    list_alerts,
    mark_not_a_concern,
    open_check_reply,
    record_alert,
    waiting_counts,
    weekly_counts,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
AFTER = timedelta(minutes=15)
_alerts = table_of(Alert)


async def _person(db: Database, sealer: Sealer, chat: str) -> int:
    async with db.session() as session:
        row = Participant(
            pseudonym=f"p-{chat}",
            channel="telegram",
            care_status="in_care",
            age_band="16-17",
            chat_id_sealed=sealer.seal(chat),
            joined_on=date(2026, 11, 1),
        )
        session.add(row)
        await session.flush()
        return int(row.id or 0)


async def _lead(db: Database) -> int:
    async with db.session() as session:
        row = StaffUser(username="sam", display_name="Sam", role="safeguarding_lead", created_at=NOW)
        session.add(row)
        await session.flush()
        return int(row.id or 0)


async def _alert(
    db: Database,
    sealer: Sealer,
    level: str,
    at: datetime,
    pid: int | None = None,
    reasons: list[str] | None = None,
) -> int:
    async with db.session() as session:
        return await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level=level,
            categories=["suicide_self_harm"],
            text="words",
            now=at,
            participant_id=pid,
            reasons=reasons or (),
        )


async def test_reasons_are_stored_as_json_and_read_back_in_order(db: Database, sealer: Sealer) -> None:
    reasons = [
        "sh.net_blade · happening now · about the writer",
        "learnt · learnt net: worth a person's look",
    ]
    alert_id = await _alert(db, sealer, "concern", NOW, reasons=reasons)
    async with db.session() as session:
        row = await get_alert(session, alert_id, now=NOW, renotify_after=AFTER)
        stored = (
            await session.execute(select(_alerts.c.reasons).where(_alerts.c.id == alert_id))
        ).scalar_one()
    assert row is not None and row.reasons == tuple(reasons)
    assert stored == reasons


async def test_i_need_help_now_raises_the_same_alert_and_announces_it_again(
    db: Database, sealer: Sealer
) -> None:
    me = await _person(db, sealer, "1")
    alert_id = await _alert(db, sealer, "concern", NOW - timedelta(minutes=40), me)
    async with db.session() as session:
        await check_asked(session, alert_id=alert_id, now=NOW - timedelta(minutes=40))
        first = await claim_notices(session, now=NOW - timedelta(minutes=39), renotify_after=AFTER)
    assert first.new == ((alert_id, "concern"),)

    async with db.session() as session:
        level = await answer_check(session, alert_id=alert_id, participant_id=me, answer="help", now=NOW)
        count = (await session.execute(select(func.count()).select_from(Alert))).scalar_one()
    assert (level, count) == ("urgent", 1)  # the same alert, not a second one
    async with db.session() as session:
        row = await get_alert(session, alert_id, now=NOW + timedelta(minutes=5), renotify_after=AFTER)
        again = await claim_notices(session, now=NOW + timedelta(minutes=1), renotify_after=AFTER)
    assert row is not None
    assert (row.level, row.raised_at, row.safe_check.answer, row.safe_check.answered_at) == (
        "urgent",
        NOW,
        "help",
        NOW,
    )
    assert not row.overdue  # created 45 minutes ago, but urgent for only 5
    assert again.new == ((alert_id, "urgent"),)
    async with db.session() as session:
        late = await get_alert(session, alert_id, now=NOW + AFTER, renotify_after=AFTER)
        total, overdue = await waiting_counts(session, now=NOW + AFTER, renotify_after=AFTER)
    assert late is not None and late.overdue and (total, overdue) == (1, 1)


async def test_only_your_own_alert_can_be_answered(db: Database, sealer: Sealer) -> None:
    me, other = await _person(db, sealer, "1"), await _person(db, sealer, "2")
    alert_id = await _alert(db, sealer, "concern", NOW, me)
    async with db.session() as session:
        assert (
            await answer_check(session, alert_id=alert_id, participant_id=other, answer="help", now=NOW)
            is None
        )
        assert not await answer_contact(
            session, alert_id=alert_id, participant_id=other, wanted=True, now=NOW
        )
        row = await get_alert(session, alert_id, now=NOW, renotify_after=AFTER)
    assert row is not None and (row.level, row.safe_check.answer, row.contact.answer) == (
        "concern",
        None,
        None,
    )


async def test_a_later_im_ok_never_hides_i_need_help_now(db: Database, sealer: Sealer) -> None:
    me = await _person(db, sealer, "1")
    alert_id = await _alert(db, sealer, "concern", NOW, me)
    async with db.session() as session:
        await answer_check(session, alert_id=alert_id, participant_id=me, answer="help", now=NOW)
        level = await answer_check(
            session, alert_id=alert_id, participant_id=me, answer="ok", now=NOW + timedelta(minutes=1)
        )
        row = await get_alert(session, alert_id, now=NOW, renotify_after=AFTER)
    assert level == "urgent" and row is not None and row.safe_check.answer == "help"


async def test_words_are_sealed_on_the_alert_and_purged_with_its_text(db: Database, sealer: Sealer) -> None:
    me, lead = await _person(db, sealer, "1"), await _lead(db)
    alert_id = await _alert(db, sealer, "concern", NOW, me)
    async with db.session() as session:
        await answer_check(
            session,
            alert_id=alert_id,
            participant_id=me,
            answer="words",
            now=NOW,
            reply_sealed=sealer.seal("not really tbh"),
        )
        await answer_contact(session, alert_id=alert_id, participant_id=me, wanted=False, now=NOW)
        await contact_asked(session, alert_id=alert_id, now=NOW)
        assert await open_check_reply(session, sealer, alert_id) == "not really tbh"
        row = await get_alert(session, alert_id, now=NOW, renotify_after=AFTER)
        assert row is not None and (row.level, row.safe_check.answer, row.contact.answer) == (
            "concern",
            "words",
            "no",
        )
        await mark_not_a_concern(
            session, alert_id=alert_id, staff_id=lead, reason="talking about a film", now=NOW
        )
        await purge_raw_text(session, now=NOW + timedelta(days=91), retention_days=90)
        assert await open_check_reply(session, sealer, alert_id) is None


async def test_not_a_concern_needs_a_reason_acknowledges_and_is_kept_once(
    db: Database, sealer: Sealer
) -> None:
    lead = await _lead(db)
    alert_id = await _alert(db, sealer, "concern", NOW)
    async with db.session() as session:
        with pytest.raises(ValueError):
            await mark_not_a_concern(session, alert_id=alert_id, staff_id=lead, reason="  ", now=NOW)
        assert await mark_not_a_concern(
            session, alert_id=alert_id, staff_id=lead, reason="a song lyric", now=NOW
        )
        assert not await mark_not_a_concern(
            session, alert_id=alert_id, staff_id=lead, reason="again", now=NOW
        )
        row = await get_alert(session, alert_id, now=NOW, renotify_after=AFTER)
    assert row is not None and not row.waiting and row.not_a_concern
    assert (row.dismissed_by, row.dismissed_reason, row.acknowledged_by) == ("Sam", "a song lyric", "Sam")


async def test_help_after_not_a_concern_opens_the_alert_again(db: Database, sealer: Sealer) -> None:
    me, lead = await _person(db, sealer, "1"), await _lead(db)
    alert_id = await _alert(db, sealer, "concern", NOW, me)
    async with db.session() as session:
        await mark_not_a_concern(session, alert_id=alert_id, staff_id=lead, reason="sounded fine", now=NOW)
        await answer_check(
            session, alert_id=alert_id, participant_id=me, answer="help", now=NOW + timedelta(hours=1)
        )
        row = await get_alert(session, alert_id, now=NOW + timedelta(hours=1), renotify_after=AFTER)
    assert row is not None and row.waiting and row.level == "urgent" and not row.not_a_concern
    assert row.dismissed_reason == "sounded fine"  # shown to the lead as an earlier judgement


async def test_the_list_is_waiting_first_then_by_level_then_time(db: Database, sealer: Sealer) -> None:
    lead = await _lead(db)
    old_concern = await _alert(db, sealer, "concern", NOW - timedelta(hours=3))
    new_urgent = await _alert(db, sealer, "urgent", NOW - timedelta(minutes=5))
    old_urgent = await _alert(db, sealer, "urgent", NOW - timedelta(hours=1))
    new_concern = await _alert(db, sealer, "concern", NOW - timedelta(minutes=1))
    done_urgent = await _alert(db, sealer, "urgent", NOW - timedelta(hours=5))
    done_concern = await _alert(db, sealer, "concern", NOW - timedelta(hours=4))
    async with db.session() as session:
        await mark_not_a_concern(session, alert_id=done_urgent, staff_id=lead, reason="joke", now=NOW)
        await mark_not_a_concern(session, alert_id=done_concern, staff_id=lead, reason="film", now=NOW)
        rows = await list_alerts(session, now=NOW, renotify_after=AFTER, limit=2)
    assert [r.id for r in rows] == [
        old_urgent,
        new_urgent,
        old_concern,
        new_concern,
        done_urgent,
        done_concern,
    ]
    assert [r.overdue for r in rows[:2]] == [True, False]
    async with db.session() as session:
        fewer = await list_alerts(session, now=NOW, renotify_after=AFTER, limit=1)
    assert [r.id for r in fewer] == [
        old_urgent,
        new_urgent,
        old_concern,
        new_concern,
        done_concern,
    ]  # all waiting


def test_weeks_run_monday_to_sunday_in_uk_time() -> None:
    sunday_late_bst = datetime(2026, 6, 28, 23, 30, tzinfo=UTC)  # 00:30 on Monday 29 June in London
    sunday_late = datetime(2026, 6, 28, 22, 30, tzinfo=UTC)  # 23:30 on Sunday 28 June in London
    rows = [
        (sunday_late_bst, "urgent", False, True),
        (sunday_late, "concern", True, False),
        (datetime(2026, 5, 1, tzinfo=UTC), "concern", False, False),  # before the weeks shown
    ]
    weeks = count_weeks(rows, now=datetime(2026, 7, 1, 9, 0, tzinfo=UTC), weeks=2)
    [this, last] = weeks.weeks
    assert (this.starts, this.urgent, this.concern, this.waiting) == (date(2026, 6, 29), 1, 0, 1)
    assert (last.starts, last.urgent, last.concern, last.not_a_concern) == (date(2026, 6, 22), 0, 1, 1)
    assert (weeks.total, weeks.not_a_concern, weeks.waiting, weeks.false_alarm_percent) == (2, 1, 1, 100)


async def test_weekly_counts_by_level_with_not_a_concern(db: Database, sealer: Sealer) -> None:
    lead = await _lead(db)
    for level, days_ago in (("urgent", 0), ("concern", 1), ("concern", 2), ("urgent", 8), ("concern", 70)):
        await _alert(db, sealer, level, NOW - timedelta(days=days_ago))
    async with db.session() as session:
        ids = (await session.execute(select(_alerts.c.id).order_by(_alerts.c.id))).scalars().all()
        await mark_not_a_concern(session, alert_id=ids[1], staff_id=lead, reason="lyrics", now=NOW)
        await mark_not_a_concern(session, alert_id=ids[3], staff_id=lead, reason="film", now=NOW)
        weeks = await weekly_counts(session, now=NOW, weeks=4)
    this, last = weeks.weeks[0], weeks.weeks[1]
    assert this.starts == date(2026, 11, 23)
    assert (this.urgent, this.concern, this.not_a_concern, this.waiting) == (1, 2, 1, 2)
    assert (last.urgent, last.concern, last.not_a_concern, last.waiting) == (1, 0, 1, 0)
    assert (weeks.total, weeks.not_a_concern, weeks.false_alarm_percent) == (
        4,
        2,
        100,
    )  # 2 of the 2 looked at
