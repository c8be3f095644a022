"""A young person's own view of their threads, and alerts tied to a thread, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from feedback import issues
from feedback.alerts import record_alert
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.issues import IssueNotFound, IssueStatus, Written
from feedback.models import Alert, Issue, Participant, StaffUser
from feedback.staff import Role, StaffAccount

NOW = datetime(2026, 11, 22, 9, 0, 0, 123456, tzinfo=UTC)


async def _person(db: Database, sealer: Sealer, chat: str) -> int:
    async with db.session() as session:
        row = Participant(
            pseudonym=f"p-{chat}",
            channel="telegram",
            care_status="care_leaver",
            age_band="16-25",
            chat_id_sealed=sealer.seal(chat),
            joined_on=date(2026, 11, 1),
        )
        session.add(row)
        await session.flush()
        return int(row.id or 0)


async def _worker(db: Database) -> StaffAccount:
    async with db.session() as session:
        row = StaffUser(username="ali", display_name="Ali", role="participation_worker", created_at=NOW)
        session.add(row)
        await session.flush()
        return StaffAccount(int(row.id or 0), "ali", "Ali", Role.PARTICIPATION_WORKER, True, None, None)


async def _raise(db: Database, sealer: Sealer, pid: int, now: datetime, topic: str | None = None) -> str:
    async with db.session() as session:
        raised = await issues.raise_issue(
            session,
            sealer=sealer,
            participant_id=pid,
            now=now,
            topic=topic,
            messages=[Written("my flat has mould")],
        )
    return raised.reference


async def test_own_threads_list_only_mine_and_show_the_latest_team_reply(
    db: Database, sealer: Sealer
) -> None:
    me, other = await _person(db, sealer, "1"), await _person(db, sealer, "2")
    worker = await _worker(db)
    older = await _raise(db, sealer, me, NOW - timedelta(days=2), topic="HOUSE")
    newer = await _raise(db, sealer, me, NOW - timedelta(days=1))
    theirs = await _raise(db, sealer, other, NOW)
    closed = await _raise(db, sealer, me, NOW - timedelta(days=3))
    async with db.session() as session:
        await issues.staff_reply(session, reference=older, staff=worker, text="First reply", now=NOW)
        await issues.staff_reply(session, reference=older, staff=worker, text="Second reply", now=NOW)
        await issues.close_with_outcome(session, reference=closed, staff=worker, outcome="Fixed", now=NOW)

    async with db.session() as session:
        mine = await issues.own_issues(session, participant_id=me)
        finished = await issues.own_issues(session, participant_id=me, finished=True)
        thread = await issues.own_issue(session, reference=older.lower(), participant_id=me)
        quiet = await issues.own_issue(session, reference=newer, participant_id=me)
        with pytest.raises(IssueNotFound):
            await issues.own_issue(session, reference=theirs, participant_id=me)
        with pytest.raises(IssueNotFound):
            await issues.own_issue(session, reference="H-NOPE22", participant_id=me)

    assert [i.reference for i in mine] == [older, newer]  # the one with a reply was active last
    assert [i.reference for i in finished] == [closed] and finished[0].outcome == "Fixed"
    assert thread.issue.status is IssueStatus.REPLIED and thread.issue.topic == "HOUSE"
    assert thread.last_reply == "Second reply" and thread.replies == 2
    assert thread.issue.started_on == (NOW - timedelta(days=2)).date()
    assert quiet.last_reply is None and quiet.replies == 0 and not quiet.issue.contact_shared


async def test_an_alert_recorded_before_the_thread_is_found_and_tied_to_it(
    db: Database, sealer: Sealer
) -> None:
    me, other = await _person(db, sealer, "1"), await _person(db, sealer, "2")
    async with db.session() as session:
        mine = await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level="urgent",
            categories=["suicide_self_harm"],
            text="x",
            now=NOW,
            participant_id=me,
        )
        theirs = await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level="concern",
            categories=[],
            text="y",
            now=NOW,
            participant_id=other,
        )
        earlier = await record_alert(
            session,
            sealer=sealer,
            source="conversation",
            level="concern",
            categories=[],
            text="z",
            now=NOW - timedelta(seconds=1),
            participant_id=me,
        )
    async with db.session() as session:
        found = await issues.alert_recorded_at(session, participant_id=me, now=NOW)
        nothing = await issues.alert_recorded_at(session, participant_id=me, now=NOW + timedelta(seconds=1))
    assert found == issues.FlaggedText(mine, "urgent", ("suicide_self_harm",)) and nothing is None

    reference = await _raise(db, sealer, me, NOW)
    async with db.session() as session:
        [message_id] = [m.id for m in (await issues.get_thread(session, reference)).messages]  # type: ignore[union-attr]
        assert await issues.link_alert(
            session, alert_id=mine, reference=reference, participant_id=me, message_id=message_id
        )
        assert not await issues.link_alert(session, alert_id=theirs, reference=reference, participant_id=me)
        assert await issues.link_alert(session, alert_id=earlier, reference=reference, participant_id=me)
        with pytest.raises(IssueNotFound):
            await issues.link_alert(session, alert_id=theirs, reference=reference, participant_id=other)
    async with db.session() as session:
        linked = await session.get(Alert, mine)
        untouched = await session.get(Alert, theirs)
        contact = await session.get(Alert, earlier)
        issue = await session.get(Issue, linked.issue_id)  # type: ignore[union-attr]
        again = await issues.alert_recorded_at(session, participant_id=me, now=NOW)
    assert linked is not None and untouched is not None and contact is not None and issue is not None
    assert (linked.source, linked.source_id, issue.reference) == ("issue_message", message_id, reference)
    assert untouched.issue_id is None and untouched.source == "conversation"
    assert contact.issue_id == issue.id and contact.source == "conversation" and contact.source_id is None
    assert issue.risk_level == "urgent" and again is None  # a tied alert is not found again
    assert json.loads(linked.categories_json) == ["suicide_self_harm"]
