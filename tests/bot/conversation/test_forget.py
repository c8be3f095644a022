"""Forget me: confirmed first, then sealed data and the pseudonym link go; aggregates stay."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import SQLModel

from bot.conversation import Reply
from bot.outgoing import chat_key, queue_replies
from feedback import inbox
from feedback.db import Database
from feedback.models import (
    Alert,
    AnswerRecord,
    ConversationState,
    InboxItem,
    Issue,
    IssueMessage,
    JoinAttempt,
    OutboxItem,
    Participant,
    Quote,
    Response,
    SurveyRecord,
    SurveyVersion,
)
from tests.bot.conversation.chatting import actions, count, join, said
from tests.conftest import db_url  # noqa: F401  (these run on SQLite and PostgreSQL)


async def _give_them_history(db: Database, sealer, pseudonymiser, member, clock) -> None:
    """Store an answered survey, an issue thread, an alert and messages, as later flows will."""
    async with db.session() as session:
        pid = (await session.execute(select(Participant.id))).scalar_one()
        survey = SurveyRecord(slug="promise", title="Promise", created_at=clock.now)
        session.add(survey)
        await session.flush()
        version = SurveyVersion(
            survey_id=survey.id, version=1, content_hash="x", definition_json="{}", created_at=clock.now
        )
        session.add(version)
        await session.flush()
        response = Response(
            survey_version_id=version.id,
            participant_id=pid,
            care_status="in_care",
            age_band="16-17",
            status="complete",
            state_sealed=sealer.seal('{"draft": "SECRET-DRAFT"}'),
            started_on=date(2026, 11, 1),
        )
        session.add(response)
        await session.flush()
        session.add_all(
            [
                AnswerRecord(response_id=response.id, question_id="q1", value_json="4"),
                AnswerRecord(
                    response_id=response.id,
                    question_id="q2",
                    text_sealed=sealer.seal("SECRET-ANSWER"),
                    text_redacted="my [NAME_1] is kind",
                    themes_json='["relationships"]',
                    redaction_status="done",
                ),
                AnswerRecord(
                    response_id=response.id,
                    question_id="q3",
                    text_sealed=sealer.seal("SECRET-PENDING"),
                    redaction_status="pending",
                ),
            ]
        )
        issue = Issue(
            reference="H-7Q2K",
            participant_id=pid,
            care_status="in_care",
            age_band="16-17",
            shared_contact_sealed=sealer.seal("07700 900123"),
            created_at=clock.now,
            updated_at=clock.now,
        )
        session.add(issue)
        await session.flush()
        message = IssueMessage(
            issue_id=issue.id,
            author="young_person",
            text_sealed=sealer.seal("SECRET-ISSUE"),
            text_anonymised="my room is cold",
            redaction_status="done",
            created_at=clock.now,
        )
        session.add(message)
        await session.flush()
        session.add(
            Quote(
                issue_id=issue.id,
                issue_message_id=message.id,
                text="my room is cold",
                age_band="16-17",
                approved_at=clock.now,
            )
        )
        session.add(
            Alert(
                source="conversation",
                participant_id=pid,
                issue_id=issue.id,
                level="urgent",
                categories_json="[]",
                text_sealed=sealer.seal("SECRET-ALERT"),
                created_at=clock.now,
            )
        )
        session.add(
            Alert(
                source="conversation",
                participant_id=pid,
                level="concern",
                categories_json="[]",
                text_sealed=sealer.seal("SECRET-HANDLED"),
                check_reply_sealed=sealer.seal("SECRET-REPLY"),
                created_at=clock.now,
                acknowledged_at=clock.now,
            )
        )
        await queue_replies(
            session,
            sealer=sealer,
            pseudonymiser=pseudonymiser,
            channel="telegram",
            address=member.user_id,
            replies=[Reply("a survey invite")],
            now=clock.now,
        )
        await inbox.accept(
            session,
            channel="telegram",
            update_id=99,
            chat_key=chat_key(pseudonymiser, "telegram", member.user_id),
            payload_sealed=sealer.seal("old update"),
            now=clock.now,
        )
        item = (await inbox.claim(session, now=clock.now))[0]
        await inbox.mark_done(session, item.id, now=clock.now)


async def test_forget_needs_confirmation_and_no_keeps_everything(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    asked = await you.send("/forget")
    assert "forget you" in said(asked) and {"forget:yes", "forget:no"} <= actions(asked)
    assert "Do you want" in said(await you.send("yes please"))  # typing is not confirming
    assert await count(db, Participant) == 1
    await you.press("forget:no")
    assert await count(db, Participant) == 1
    assert "button has expired" in said(await you.press("forget:yes"))  # the question was closed
    assert await count(db, Participant) == 1


async def test_forget_me_deletes_sealed_data_and_the_link_and_keeps_aggregates(
    db: Database, chat, make_code, sealer, pseudonymiser, clock
) -> None:
    you = chat("1001")
    await join(you, await make_code())
    await you.send("/mydata")
    await _give_them_history(db, sealer, pseudonymiser, you, clock)
    assert "Things you have told us: 1" in said(await you.send("/mydata"))
    await you.press("menu:forget")
    done = await you.press("forget:yes")
    assert "forgotten you" in said(done)

    assert await count(db, Participant) == 0
    assert await count(db, ConversationState) == 0
    assert await count(db, JoinAttempt) == 0
    assert await count(db, OutboxItem) == 0 and await count(db, InboxItem) == 0
    async with db.session() as session:
        answers = {a.question_id: a for a in (await session.execute(select(AnswerRecord))).scalars()}
        response = (await session.execute(select(Response))).scalar_one()
        alerts = list((await session.execute(select(Alert).order_by(Alert.id))).scalars())  # type: ignore[arg-type]
        alert, handled = alerts
        opened = [
            sealer.open(value)
            for table in SQLModel.metadata.sorted_tables
            for column in table.columns
            if column.info.get("sealed")
            for value in (await session.execute(select(column).where(column.is_not(None)))).scalars()
        ]
    assert all(a.text_sealed is None and a.text_redacted is None for a in answers.values())  # words go
    assert answers["q1"].value_json == "4"  # the button answer stays in the totals
    assert answers["q2"].themes_json  # counted by theme, without the words
    assert answers["q3"].redaction_status == "forgotten"  # never redacted, never will be
    assert response.participant_id is None and response.state_sealed is None
    assert (response.care_status, response.age_band) == ("in_care", "16-17")  # as the forget card says
    # The thread carried their cohort and words: it goes whole, with its messages and its quote.
    assert await count(db, Issue) == 0 and await count(db, IssueMessage) == 0 and await count(db, Quote) == 0
    assert alert.participant_id is None and alert.issue_id is None
    assert sealer.open(alert.text_sealed) == "SECRET-ALERT"  # open: kept for the lead, unlinked
    assert handled.text_sealed is None  # already dealt with: nothing needs the words any more
    assert [o for o in opened if "SECRET" in o or "07700" in o] == ["SECRET-ALERT"]

    again = await you.send("/mydata")
    assert "invite code" in said(again)  # a stranger now


async def test_a_forgotten_person_can_join_again_with_a_new_code(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    await you.press("menu:forget")
    await you.press("forget:yes")
    assert "Welcome" in said(await join(you, await make_code("care_leaver", "16-25")))
    assert await count(db, Participant, care_status="care_leaver") == 1


async def test_an_open_alert_keeps_its_words_only_until_a_lead_deals_with_it(
    db: Database, chat, make_code, sealer, pseudonymiser, clock
) -> None:
    """What "forget me" promises: the safety team keeps those words until they have dealt with them."""
    from feedback.triage import acknowledge

    you = chat("1001")
    await join(you, await make_code())
    await _give_them_history(db, sealer, pseudonymiser, you, clock)
    await you.press("menu:forget")
    await you.press("forget:yes")
    async with db.session() as session:
        alert_id = (await session.execute(select(Alert.id).where(Alert.level == "urgent"))).scalar_one()
        assert await acknowledge(session, alert_id=alert_id, staff_id=None, now=clock.now)  # type: ignore[arg-type]
        await session.commit()
    async with db.session() as session:
        alert = (await session.execute(select(Alert).where(Alert.id == alert_id))).scalar_one()
    assert alert.text_sealed is None and alert.check_reply_sealed is None
