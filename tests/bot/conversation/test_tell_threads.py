"""Threads already raised, through the collecting channel: answer, close, talk by name, did it help, list."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.conversation import Reply
from bot.conversation.collecting import CollectingChannel
from bot.portal.relay import outcome_message, reply_message
from feedback import issues
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import Alert, Issue, IssueMessage, StaffUser, table_of
from feedback.staff import Role, StaffAccount
from tests.bot.conversation.chatting import actions, count, join, press_offered, said
from tests.bot.conversation.test_tell import (
    URGENT,
    engine,  # noqa: F401  (the engine with a fixed risk check)
)
from tests.conftest import db_url  # noqa: F401  (these run on SQLite and PostgreSQL)

_issue, _message = table_of(Issue), table_of(IssueMessage)
REFERENCE = re.compile(r"\bH-[A-Z0-9]{6}\b")


@pytest.fixture
async def member(chat, make_code) -> CollectingChannel:
    you = chat("1001")
    await join(you, await make_code("care_leaver", "16-25"))
    return you


@pytest.fixture
async def worker(db: Database, clock) -> StaffAccount:
    async with db.session() as session:
        row = StaffUser(
            username="priya", display_name="Priya", role="participation_worker", created_at=clock.now
        )
        session.add(row)
        await session.flush()
        return StaffAccount(int(row.id or 0), "priya", "Priya", Role.PARTICIPATION_WORKER, True, None, None)


async def urgent_alerts(db: Database) -> list[Alert]:
    """Return the urgent alerts (other texts may raise a concern as the detector is tuned)."""
    async with db.session() as session:
        found = await session.execute(select(Alert).where(table_of(Alert).c.level == "urgent"))
        return list(found.scalars())


async def raise_one(you: CollectingChannel, *texts: str) -> str:
    """Raise an issue through the flow; return its reference."""
    await you.press("menu:tell")
    for text in texts:
        await you.send(text)
    await you.press("tell:send")
    [reference] = REFERENCE.findall(said(await you.press("tell:skip")))
    return reference


async def staff_replies(
    db: Database, worker: StaffAccount, reference: str, text: str, now: datetime
) -> Reply:
    """Reply as the portal does; return the message the young person is sent."""
    async with db.session() as session:
        await issues.staff_reply(session, reference=reference, staff=worker, text=text, now=now)
    return reply_message(reference, text)


async def issue_of(db: Database, reference: str) -> Issue:
    async with db.session() as session:
        found = await session.execute(select(Issue).where(_issue.c.reference == reference))
        return found.scalars().one()


async def test_answering_a_reply_adds_to_the_same_thread_after_send(
    member: CollectingChannel, db: Database, worker: StaffAccount, clock, sealer: Sealer
) -> None:
    reference = await raise_one(member, "My pathway plan meeting keeps getting moved")
    relayed = await staff_replies(db, worker, reference, "Sorry about that. When suits you?", clock.now)
    [answer, close, get_help] = [b.action for row in relayed.buttons for b in row]
    assert get_help == "menu:help"

    started = await member.press(answer)
    assert reference in said(started) and actions(started) == {"tell:cancel", "menu:help"}
    await member.send("After college is best")
    await member.send("Tuesdays or Thursdays")
    assert await count(db, IssueMessage, author="young_person") == 1  # held until Send
    sent = await member.press("tell:send")
    assert "Sent" in said(sent) and reference in said(sent) and "menu:tell" in actions(sent)

    issue = await issue_of(db, reference)
    async with db.session() as session:
        stmt = select(IssueMessage).where(_message.c.issue_id == issue.id).order_by(_message.c.id)
        rows = list((await session.execute(stmt)).scalars())
    assert [r.author for r in rows] == ["young_person", "worker", "young_person", "young_person"]
    answers = [sealer.open(r.text_sealed or "") for r in rows[2:]]
    assert answers == ["After college is best", "Tuesdays or Thursdays"]
    assert issue.status == "answered" and {r.redaction_status for r in rows[2:]} == {"pending"}
    assert close == f"tell:close:{reference}"


async def test_urgent_words_in_an_answer_signpost_and_tie_the_alert_to_the_thread(
    member: CollectingChannel, db: Database, worker: StaffAccount, clock
) -> None:
    reference = await raise_one(member, "I don't like my new flat")
    await staff_replies(db, worker, reference, "What is wrong with it?", clock.now)
    await member.press(f"tell:answer:{reference}")
    replies = await member.send(URGENT)
    assert "999" in replies[0].text
    assert "tell:send" in actions(await press_offered(member, replies, "safe:no_contact:"))
    await member.press("tell:send")
    issue = await issue_of(db, reference)
    [alert] = await urgent_alerts(db)
    async with db.session() as session:
        message = await session.get(IssueMessage, alert.source_id)
    assert (alert.issue_id, alert.source, alert.level) == (issue.id, "issue_message", "urgent")
    assert message is not None and message.issue_id == issue.id and message.risk_level == "urgent"
    assert issue.risk_level == "urgent"


async def test_the_young_person_closes_their_thread_after_confirming(
    member: CollectingChannel, db: Database
) -> None:
    reference = await raise_one(member, "The bus pass still hasn't come")
    asked = await member.press(f"tell:close:{reference}")
    assert {f"tell:close_yes:{reference}", f"tell:close_no:{reference}", "menu:help"} == actions(asked)
    kept = await member.press(f"tell:close_no:{reference}")
    assert "still open" in said(kept) and (await issue_of(db, reference)).status == "open"

    await member.press(f"tell:close:{reference}")
    closed = await member.press(f"tell:close_yes:{reference}")
    assert "has ended" in said(closed) and (await issue_of(db, reference)).status == "withdrawn"
    again = await member.press(f"tell:answer:{reference}")
    assert "closed" in said(again) and (await count(db, IssueMessage)) == 1


async def test_close_yes_without_the_question_asks_first(member: CollectingChannel, db: Database) -> None:
    reference = await raise_one(member, "The bus pass still hasn't come")
    asked = await member.press(f"tell:close_yes:{reference}")
    assert f"Do you want to end this conversation ({reference})" in said(asked)
    assert (await issue_of(db, reference)).status == "open"


async def test_talking_to_someone_by_name_passes_on_only_what_was_typed_and_confirmed(
    member: CollectingChannel, db: Database, sealer: Sealer
) -> None:
    reference = await raise_one(member, "I'd rather talk to someone about my rent")
    offer = await member.press(f"tell:named:{reference}")
    assert "Only what you type next is passed on" in said(offer)
    checked = await member.send("Sam, text me on 07700 900123 after 4")
    assert "Sam, text me on 07700 900123 after 4" in said(checked)
    assert (await issue_of(db, reference)).shared_contact_sealed is None  # not before Yes

    shared = await member.press(f"tell:share_yes:{reference}")
    assert "can now see what you wrote" in said(shared)
    issue = await issue_of(db, reference)
    assert sealer.open(issue.shared_contact_sealed or "") == "Sam, text me on 07700 900123 after 4"
    async with db.session() as session:
        revealed = await issues.open_shared_contact(session, sealer, reference)
    assert revealed == "Sam, text me on 07700 900123 after 4"

    await member.press(f"tell:named:{reference}")
    await member.send("Actually, call me Alex")
    await member.press("tell:cancel")
    issue = await issue_of(db, reference)
    assert sealer.open(issue.shared_contact_sealed or "") == "Sam, text me on 07700 900123 after 4"


async def test_saying_whether_the_outcome_helped(
    member: CollectingChannel, db: Database, worker: StaffAccount, clock
) -> None:
    reference = await raise_one(member, "There's no cooker in my flat")
    early = await member.press(f"tell:helped_yes:{reference}")  # not closed yet: nothing to rate
    assert "button has expired" in said(early) and (await issue_of(db, reference)).helped is None
    async with db.session() as session:
        await issues.close_with_outcome(session, reference=reference, staff=worker,
                                        outcome="We bought you a cooker.", now=clock.now)  # fmt: skip
    told = outcome_message(reference, "We bought you a cooker.")
    partly = next(b.action for row in told.buttons for b in row if b.action.startswith("tell:helped_partly"))
    thanks = await member.press(partly)
    assert "Thank you" in said(thanks) and "menu:tell" in actions(thanks)
    assert (await issue_of(db, reference)).helped == "partly"
    await member.press(f"tell:helped_no:{reference}")  # a second answer does not replace the first
    assert (await issue_of(db, reference)).helped == "partly"


async def test_my_messages_lists_open_threads_and_shows_the_latest_reply(
    member: CollectingChannel, chat, make_code, db: Database, worker: StaffAccount, clock
) -> None:
    assert "haven't told us anything yet" in said(await member.press("menu:issues"))
    first = await raise_one(member, "My PA hasn't called back")
    second = await raise_one(member, "Can I get help with driving lessons?")
    other = chat("2002")
    await join(other, await make_code("care_leaver", "16-25"))
    theirs = await raise_one(other, "someone else's thread")
    await staff_replies(db, worker, first, "Your PA will call on Monday.", clock.now)

    listed = await member.press("menu:issues")
    assert {f"tell:open:{first}", f"tell:open:{second}"} <= actions(listed)
    assert theirs not in said(listed) and all(theirs not in a for a in actions(listed))
    assert "new reply" in " ".join(b.label for r in listed for row in r.buttons for b in row)

    shown = await member.press(f"tell:open:{first}")
    assert "Your PA will call on Monday." in said(shown) and "The team has replied" in said(shown)
    assert {f"tell:answer:{first}", f"tell:close:{first}", f"tell:named:{first}"} <= actions(shown)
    assert said(await member.send("/messages")) == said(listed)


async def test_someone_elses_reference_is_refused_like_one_that_does_not_exist(
    member: CollectingChannel, chat, make_code, db: Database, worker: StaffAccount, clock
) -> None:
    other = chat("2002")
    await join(other, await make_code("care_leaver", "16-25"))
    theirs = await raise_one(other, "QX-private-words-17")
    async with db.session() as session:
        await issues.close_with_outcome(
            session, reference=theirs, staff=worker, outcome="QX-outcome", now=clock.now
        )
    await member.press("menu:tell")
    await member.send("my own draft")
    for verb in ("open", "answer", "close", "close_yes", "named", "helped_yes"):
        forged = await member.press(f"tell:{verb}:{theirs}")
        unknown = await member.press(f"tell:{verb}:H-ZZZZZZ")
        assert said(forged) == said(unknown) and "button has expired" in said(forged)
        assert "QX-private" not in said(forged) and "QX-outcome" not in said(forged)
        assert "tell:send" in actions(forged)  # the draft in progress is kept
    issue = await issue_of(db, theirs)
    assert (issue.status, issue.helped, issue.shared_contact_sealed) == ("closed", None, None)
    await member.press("tell:send")
    await member.press("tell:skip")
    assert await count(db, IssueMessage, author="young_person") == 2


async def test_an_answer_to_a_thread_closed_meanwhile_can_be_sent_as_something_new(
    member: CollectingChannel, db: Database, worker: StaffAccount, clock
) -> None:
    reference = await raise_one(member, "My heating is broken")
    await staff_replies(db, worker, reference, "We'll send someone.", clock.now)
    await member.press(f"tell:answer:{reference}")
    await member.send("It's still broken")
    async with db.session() as session:
        await issues.close_with_outcome(session, reference=reference, staff=worker,
                                        outcome="The engineer came.", now=clock.now)  # fmt: skip
    moved = await member.press("tell:send")
    assert "wasn't sent" in said(moved) and "tell:send" in actions(moved)
    await member.press("tell:send")
    done = await member.press("tell:skip")
    [new] = [r for r in REFERENCE.findall(said(done)) if r != reference]
    async with db.session() as session:
        rows = list((await session.execute(select(_issue.c.reference))).scalars())
    assert sorted(rows) == sorted([reference, new])


async def test_my_messages_is_a_readable_history_with_plain_titles_that_survives_a_reload(
    member: CollectingChannel,
    db: Database,
    worker: StaffAccount,
    clock,
    engine,  # noqa: F811
) -> None:
    """Titles say what, when and where it stands; the thread shows each reply; coming back says so."""
    from bot.conversation import Inbound, InboundKind

    reference = await raise_one(member, "My PA hasn't called back")
    await staff_replies(db, worker, reference, "Your PA will call on Monday.", clock.now)
    await staff_replies(db, worker, reference, "Did your PA call?", clock.now)
    ended = await raise_one(member, "The bus pass came, thanks")
    await member.press(f"tell:close:{ended}")
    await member.press(f"tell:close_yes:{ended}")

    listed = await member.press("menu:issues")
    labels = [b.label for r in listed for row in r.buttons for b in row if b.action.startswith("tell:open:")]
    assert len(labels) == 2 and all(not re.search(r"\bH-[A-Z0-9]{6}\b", label) for label in labels)
    assert "(new reply)" in labels[0] and "(closed)" in labels[1]  # open first, then ended ones

    shown = said(await member.press(f"tell:open:{reference}"))
    assert "You wrote to us" in shown and "My PA" not in shown  # never another copy of their words
    assert shown.index("Your PA will call on Monday.") < shown.index("Did your PA call?")
    assert f"Your reference, if you want to ask about it: {reference}" in shown
    assert "End this conversation" in " ".join(
        b.label for r in await member.press(f"tell:open:{reference}") for row in r.buttons for b in row
    )

    async with db.session() as session:  # the web chat reloaded: the greeting points at the reply
        greeting = await engine.greet(session, Inbound(member.channel, member.pseudonym, InboundKind.TEXT))
    assert "The team has replied to something you told us" in said(greeting)
    assert "menu:issues" in actions(greeting)
