"""The issue workflow on both sides, on SQLite and PostgreSQL: raise, reply, answer, close, tag, quote."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from feedback import issues
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.issues import IssueStatus, NothingToSend, RecipientGone, TransitionRefused, Written
from feedback.models import IssueMessage, Participant, StaffUser
from feedback.staff import Role, StaffAccount

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
RAW = "My carer Jasmine Okafor at 14 Elm Road won't let me see my brother QX-RAW-55"
THEMES = {"FAMILY", "CARER", "EDU"}


async def _person(db: Database, sealer: Sealer, chat: str = "4242") -> int:
    async with db.session() as session:
        row = Participant(
            pseudonym=f"p-{chat}",
            channel="telegram",
            care_status="in_care",
            age_band="11-15",
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


async def _anonymise(db: Database, message_id: int, redacted: str, themes: list[str]) -> None:
    """Stand in for the background redaction worker."""
    async with db.session() as session:
        row = await session.get(IssueMessage, message_id)
        assert row is not None
        row.text_anonymised, row.redaction_status = redacted, "done"
        row.themes_json = json.dumps(themes)


async def test_the_whole_loop_from_both_sides(db: Database, sealer: Sealer) -> None:
    pid = await _person(db, sealer)
    worker = await _worker(db)
    async with db.session() as session:
        raised = await issues.raise_issue(
            session,
            sealer=sealer,
            participant_id=pid,
            now=NOW,
            topic="FAMILY",
            messages=[Written(RAW), Written("and it's been weeks", "concern", ("mental_health",))],
        )
    assert raised.reference.startswith("H-") and len(raised.message_ids) == 2

    async with db.session() as session:
        thread = await issues.get_thread(session, raised.reference)
    assert thread is not None
    assert thread.summary.status is IssueStatus.OPEN and thread.summary.risk_level == "concern"
    assert [m.text for m in thread.messages] == [None, None]  # waiting for redaction: nothing shown
    assert thread.summary.care_status == "in_care" and thread.summary.age_band == "11-15"

    await _anonymise(
        db,
        raised.message_ids[0],
        "My carer [NAME_1] at [PLACE_1] won't let me see my brother",
        ["FAMILY", "CARER"],
    )
    async with db.session() as session:
        relay = await issues.staff_reply(
            session,
            reference=raised.reference.lower(),
            staff=worker,
            text="Thanks for telling us. We'll look into it.",
            now=NOW,
        )
    assert relay.channel == "telegram" and sealer.open(relay.address_sealed) == "4242"

    async with db.session() as session:
        await issues.add_young_person_message(
            session,
            sealer=sealer,
            reference=raised.reference,
            participant_id=pid,
            written=Written("ok thanks"),
            now=NOW + timedelta(hours=1),
        )
        inbox = await issues.list_issues(session, status="needs_reply")
    assert [s.reference for s in inbox] == [raised.reference]
    assert inbox[0].status is IssueStatus.ANSWERED and inbox[0].themes == ("CARER", "FAMILY")
    assert inbox[0].preview is not None and "[NAME_1]" in inbox[0].preview

    async with db.session() as session:
        closed = await issues.close_with_outcome(
            session,
            reference=raised.reference,
            staff=worker,
            outcome="Your social worker set up weekly visits.",
            now=NOW + timedelta(days=1),
        )
        await issues.record_helped(
            session, reference=raised.reference, participant_id=pid, helped="yes", now=NOW + timedelta(days=2)
        )
        thread = await issues.get_thread(session, raised.reference)
    assert closed is not None and sealer.open(closed.address_sealed) == "4242"
    assert thread is not None and thread.summary.status is IssueStatus.CLOSED
    assert thread.helped == "yes" and thread.outcome == "Your social worker set up weekly visits."
    assert [m.author for m in thread.messages] == [
        "young_person",
        "young_person",
        "worker",
        "young_person",
        "system",
    ]
    assert thread.messages[2].staff_name == "Ali"

    async with db.session() as session:
        with pytest.raises(TransitionRefused):
            await issues.staff_reply(session, reference=raised.reference, staff=worker, text="hi", now=NOW)
        with pytest.raises(TransitionRefused):
            await issues.add_young_person_message(
                session,
                sealer=sealer,
                reference=raised.reference,
                participant_id=pid,
                written=Written("x"),
                now=NOW,
            )


async def test_raw_text_is_sealed_at_rest(db: Database, sealer: Sealer) -> None:
    pid = await _person(db, sealer)
    async with db.session() as session:
        raised = await issues.raise_issue(
            session, sealer=sealer, participant_id=pid, messages=[Written(RAW)], now=NOW
        )
    async with db.engine.connect() as conn:
        dump = " ".join(str(r) for r in (await conn.execute(text("SELECT * FROM issue_message"))).all())
        dump += " ".join(str(r) for r in (await conn.execute(text("SELECT * FROM issue"))).all())
    assert "QX-RAW-55" not in dump and "Jasmine" not in dump
    async with db.session() as session:
        raw = await issues.raw_thread(session, sealer, raised.issue_id)
    assert [m.text for m in raw] == [RAW]


async def test_a_young_person_cannot_touch_someone_elses_thread(db: Database, sealer: Sealer) -> None:
    owner = await _person(db, sealer, "1")
    other = await _person(db, sealer, "2")
    async with db.session() as session:
        raised = await issues.raise_issue(
            session, sealer=sealer, participant_id=owner, messages=[Written("hello")], now=NOW
        )
    async with db.session() as session:
        for attempt in (
            issues.add_young_person_message(
                session,
                sealer=sealer,
                reference=raised.reference,
                participant_id=other,
                written=Written("x"),
                now=NOW,
            ),
            issues.close_by_young_person(session, reference=raised.reference, participant_id=other, now=NOW),
        ):
            with pytest.raises(issues.IssueNotFound):
                await attempt
    async with db.session() as session:
        await issues.close_by_young_person(session, reference=raised.reference, participant_id=owner, now=NOW)
        thread = await issues.get_thread(session, raised.reference)
        with pytest.raises(NothingToSend):  # withdrawn, not closed with an outcome
            await issues.record_helped(
                session, reference=raised.reference, participant_id=owner, helped="yes", now=NOW
            )
    assert thread is not None and thread.summary.status is IssueStatus.WITHDRAWN


async def test_replies_to_someone_who_left_are_refused_but_closing_works(
    db: Database, sealer: Sealer
) -> None:
    pid = await _person(db, sealer)
    worker = await _worker(db)
    async with db.session() as session:
        raised = await issues.raise_issue(
            session, sealer=sealer, participant_id=pid, messages=[Written("hello")], now=NOW
        )
    async with db.session() as session:  # "forget me"
        await session.execute(text("DELETE FROM participant"))
    async with db.session() as session:
        with pytest.raises(RecipientGone):
            await issues.staff_reply(session, reference=raised.reference, staff=worker, text="hi", now=NOW)
    async with db.session() as session:
        relay = await issues.close_with_outcome(
            session, reference=raised.reference, staff=worker, outcome="Passed to the team.", now=NOW
        )
        thread = await issues.get_thread(session, raised.reference)
    assert relay is None and thread is not None and not thread.can_reach


async def test_tags_and_quotes_are_checked(db: Database, sealer: Sealer) -> None:
    pid = await _person(db, sealer)
    worker = await _worker(db)
    async with db.session() as session:
        raised = await issues.raise_issue(
            session, sealer=sealer, participant_id=pid, messages=[Written(RAW)], now=NOW
        )
        with pytest.raises(NothingToSend, match="unknown"):
            await issues.tag(session, reference=raised.reference, themes=["NOPE"], known=THEMES, now=NOW)
        assert await issues.tag(
            session, reference=raised.reference, themes=["family", "EDU", "FAMILY"], known=THEMES, now=NOW
        ) == ("FAMILY", "EDU")
        with pytest.raises(NothingToSend, match="still being anonymised"):
            await issues.approve_quote(
                session,
                reference=raised.reference,
                message_id=raised.message_ids[0],
                sentence="brother",
                staff=worker,
                now=NOW,
            )
    await _anonymise(db, raised.message_ids[0], "My carer [NAME_1] won't let me see my brother.", [])
    async with db.session() as session:
        with pytest.raises(NothingToSend, match="exactly"):
            await issues.approve_quote(
                session,
                reference=raised.reference,
                message_id=raised.message_ids[0],
                sentence="My carer Jasmine",
                staff=worker,
                now=NOW,
            )
        await issues.approve_quote(
            session,
            reference=raised.reference,
            message_id=raised.message_ids[0],
            sentence="won't let me see my brother",
            staff=worker,
            now=NOW,
        )
        await issues.approve_quote(
            session,
            reference=raised.reference,
            message_id=raised.message_ids[0],
            sentence="My carer [NAME_1] won't let me see my brother.",
            staff=worker,
            now=NOW,
        )
        thread = await issues.get_thread(session, raised.reference)
        rows = (await session.execute(text("SELECT text, theme, age_band FROM quote"))).all()
    assert rows == [("My carer [NAME_1] won't let me see my brother.", "FAMILY", "11-15")]
    assert thread is not None and thread.summary.themes == ("FAMILY", "EDU")


async def test_search_and_filters(db: Database, sealer: Sealer) -> None:
    pid = await _person(db, sealer)
    async with db.session() as session:
        a = await issues.raise_issue(
            session,
            sealer=sealer,
            participant_id=pid,
            now=NOW,
            messages=[Written("about school", "urgent", ("abuse",))],
        )
        b = await issues.raise_issue(
            session, sealer=sealer, participant_id=pid, now=NOW, messages=[Written("about money")]
        )
    await _anonymise(db, a.message_ids[0], "School is 100% rubbish", ["EDU"])
    await _anonymise(db, b.message_ids[0], "I need more money", ["MONEY"])
    async with db.session() as session:
        assert [s.reference for s in await issues.list_issues(session, search="SCHOOL")] == [a.reference]
        assert [s.reference for s in await issues.list_issues(session, search="100%")] == [a.reference]
        assert [s.reference for s in await issues.list_issues(session, theme="MONEY")] == [b.reference]
        assert [s.reference for s in await issues.list_issues(session, risk="urgent")] == [a.reference]
        assert await issues.list_issues(session, status="closed") == []
        counts = await issues.open_issue_themes(session)
    assert counts == {"EDU": 1, "MONEY": 1}


async def test_contact_is_sealed_and_only_opened_on_request(db: Database, sealer: Sealer) -> None:
    pid = await _person(db, sealer)
    async with db.session() as session:
        raised = await issues.raise_issue(
            session, sealer=sealer, participant_id=pid, messages=[Written("hi")], now=NOW
        )
        await issues.share_contact(
            session,
            sealer=sealer,
            reference=raised.reference,
            participant_id=pid,
            contact="Call me Jo, 07700 900123",
            now=NOW,
        )
        thread = await issues.get_thread(session, raised.reference)
        assert "07700" not in str(thread)
        opened = await issues.open_shared_contact(session, sealer, raised.reference)
    assert thread is not None and thread.contact_shared
    assert opened == "Call me Jo, 07700 900123"
