"""Tell us something through the collecting channel: drafts until Send, topics, references, risk, restarts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from anonymiser.themes import load_taxonomy
from bot.conversation import ConversationEngine
from bot.conversation.collecting import CollectingChannel
from bot.conversation.flows.tell_drafts import MAX_DRAFTS
from bot.conversation.flows.tell_topics import ALL_TOPICS, topics_for
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import Alert, ConversationState, Issue, IssueMessage, table_of
from tests.bot.conversation.chatting import actions, count, join, press_offered, said
from tests.bot.conversation.conftest import CONFIG
from tests.conftest import db_url  # noqa: F401  (these run on SQLite and PostgreSQL)

REFERENCE = re.compile(r"\bH-[A-Z0-9]{6}\b")
FIRST = "My carer won't let me stay at my friend's house on Saturdays"
SECOND = "Everyone else in my year can and I feel left out"
URGENT = "I want to kill myself tonight"


@dataclass(frozen=True)
class Verdict:
    """A risk check's answer, fixed by the test rather than by the tuned detector."""

    level: str
    categories: tuple[str, ...] = ()


def keyword_risk(text: str) -> Verdict:
    """Return urgent for ``URGENT`` and none for everything else, so other texts never signpost."""
    return Verdict("urgent", ("suicide_self_harm",)) if text == URGENT else Verdict("none")


@pytest.fixture
def engine(sealer, pseudonymiser, clock) -> ConversationEngine:
    return ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, config=CONFIG, clock=clock,
                              assess=keyword_risk)  # fmt: skip


@pytest.fixture
async def member(chat, make_code) -> CollectingChannel:
    you = chat("1001", channel="web")  # under-16s use the web chat
    await join(you, await make_code("in_care", "11-15"))
    return you


async def urgent_alerts(db: Database) -> list[Alert]:
    """Return the urgent alerts (other texts may raise a concern as the detector is tuned)."""
    async with db.session() as session:
        found = await session.execute(select(Alert).where(table_of(Alert).c.level == "urgent"))
        return list(found.scalars())


async def _messages(db: Database) -> list[IssueMessage]:
    async with db.session() as session:
        found = await session.execute(select(IssueMessage).order_by(table_of(IssueMessage).c.id))
        return list(found.scalars())


async def _issues(db: Database) -> list[Issue]:
    async with db.session() as session:
        return list((await session.execute(select(Issue))).scalars())


async def _write(you: CollectingChannel, *texts: str) -> None:
    await you.press("menu:tell")
    for text in texts:
        await you.send(text)


async def test_several_messages_become_one_issue_only_after_send_and_a_topic(
    member: CollectingChannel, db: Database, sealer: Sealer
) -> None:
    started = await member.press("menu:tell")
    assert "Nothing goes to the team until you tap Done" in said(started)
    assert actions(started) == {"tell:cancel", "menu:help"}  # nothing to send yet
    first = await member.send(FIRST)
    assert {"tell:send", "tell:cancel", "menu:help"} == actions(first)
    second = await member.send(SECOND)
    assert "2 messages so far" in said(second)
    assert await count(db, Issue) == 0 and await count(db, IssueMessage) == 0  # nothing reaches staff yet

    asked = await member.press("tell:send")
    assert "What is it mostly about?" in said(asked)
    offered = actions(asked)
    assert {f"tell:topic:{t.code}" for t in topics_for("in_care", "11-15")} | {"tell:skip"} <= offered
    assert await count(db, Issue) == 0  # still nothing: the topic question is open

    done = await member.press("tell:topic:CARER")
    [issue] = await _issues(db)
    text = said(done)
    assert REFERENCE.findall(text) == [issue.reference]
    assert "Northshire Council" in text and "won't see your name" in text and "not secret" in text
    assert "menu:tell" in actions(done)  # back at the menu
    assert (issue.topic, issue.status) == ("CARER", "open")
    assert (issue.care_status, issue.age_band) == ("in_care", "11-15")
    rows = await _messages(db)
    assert [sealer.open(r.text_sealed or "") for r in rows] == [FIRST, SECOND]
    assert {(r.author, r.redaction_status, r.text_anonymised, r.issue_id) for r in rows} == {
        ("young_person", "pending", None, issue.id)
    }


async def test_skip_leaves_the_topic_empty_and_a_typed_number_picks_one(
    member: CollectingChannel, db: Database
) -> None:
    await _write(member, FIRST)
    await member.press("tell:send")
    await member.press("tell:skip")
    await _write(member, SECOND)
    await member.press("tell:send")
    position = next(i for i, t in enumerate(topics_for("in_care", "11-15"), start=1) if t.code == "EDU")
    await member.send(str(position))
    topics = sorted((i.topic or "-") for i in await _issues(db))
    assert topics == ["-", "EDU"]


async def test_typing_while_the_topic_is_asked_adds_to_the_message(
    member: CollectingChannel, db: Database
) -> None:
    await _write(member, FIRST)
    await member.press("tell:send")
    again = await member.send(SECOND)
    assert "added that" in said(again) and "tell:skip" in actions(again)
    await member.press("tell:skip")
    assert await count(db, IssueMessage) == 2


async def test_cancel_throws_the_drafts_away(member: CollectingChannel, db: Database) -> None:
    await _write(member, FIRST, SECOND)
    cancelled = await member.press("tell:cancel")
    assert "didn't send anything" in said(cancelled) and "menu:tell" in actions(cancelled)
    assert await count(db, Issue) == 0 and await count(db, IssueMessage) == 0
    assert "didn't understand" in said(await member.send("hello?"))  # back at the menu, not drafting
    assert "button has expired" in said(await member.press("tell:send"))  # the old Send does nothing
    assert await count(db, Issue) == 0


async def test_drafts_are_sealed_at_rest(member: CollectingChannel, db: Database) -> None:
    await _write(member, "QX-draft-marker-91 is what I wanted to say")
    async with db.session() as session:
        [state] = list((await session.execute(select(ConversationState))).scalars())
    assert "QX-draft-marker-91" not in state.state_sealed


async def test_urgent_words_in_a_draft_signpost_at_once_and_the_alert_is_tied_to_the_issue(
    member: CollectingChannel, db: Database
) -> None:
    await _write(member, FIRST)
    replies = await member.send(URGENT)
    assert "999" in replies[0].text and "0800 1111" in replies[0].text  # signposting comes first
    back = await press_offered(member, replies, "safe:no_contact:")
    assert "tap Done" in back[-1].text and "tell:send" in actions(back)  # the draft is still there
    [alert] = await urgent_alerts(db)
    assert alert.level == "urgent" and alert.issue_id is None  # recorded at once, before any issue

    await member.press("tell:send")
    await member.press("tell:skip")
    [issue] = await _issues(db)
    rows = await _messages(db)
    [alert] = await urgent_alerts(db)
    assert (alert.issue_id, alert.source, alert.source_id) == (issue.id, "issue_message", rows[1].id)
    assert issue.risk_level == "urgent"
    assert [r.risk_level for r in rows] == ["none", "urgent"]
    assert json.loads(rows[1].risk_categories_json or "[]") == ["suicide_self_harm"]


async def test_a_restart_mid_draft_resumes_where_they_were(
    member: CollectingChannel, db: Database, sealer, pseudonymiser, clock
) -> None:
    await _write(member, FIRST, SECOND)
    restarted = ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, config=CONFIG, clock=clock,
                                   assess=keyword_risk)  # fmt: skip
    again = CollectingChannel(restarted, db, user_id=member.user_id, channel=member.channel, clock=clock)
    helped = await again.send("/help")
    assert "0800 1111" in said(helped) and "2 messages waiting to go" in said(helped)
    assert "tell:send" in actions(helped)
    await again.press("tell:send")
    await again.press("tell:topic:FAMILY")
    [issue] = await _issues(db)
    assert issue.topic == "FAMILY" and await count(db, IssueMessage, issue_id=issue.id) == 2


async def test_limits_on_one_send(member: CollectingChannel, db: Database) -> None:
    await member.press("menu:tell")
    assert "too long" in said(await member.send("a" * 4001))
    for n in range(MAX_DRAFTS):
        await member.send(f"part {n}")
    refused = await member.send("one more")
    assert "as many as I can send" in said(refused) and "tell:send" in actions(refused)
    await member.press("tell:send")
    await member.press("tell:skip")
    assert await count(db, IssueMessage) == MAX_DRAFTS


async def test_a_topic_not_offered_to_this_cohort_is_refused_mid_draft(member: CollectingChannel) -> None:
    await _write(member, FIRST)
    await member.press("tell:send")
    replies = await member.press("tell:topic:HOUSE")  # a care leavers' topic
    assert "button has expired" in said(replies) and "tell:skip" in actions(replies)  # asked again


def test_every_topic_is_a_theme_of_the_taxonomy_and_fits_a_button() -> None:
    codes = set(load_taxonomy().codes)
    assert {t.code for t in ALL_TOPICS} <= codes
    for care_status, band in (("in_care", "8-10"), ("in_care", "11-15"), ("in_care", "16-17"),
                              ("care_leaver", "16-25")):  # fmt: skip
        topics = topics_for(care_status, band)
        assert 6 <= len(topics) <= 10 and len({t.code for t in topics}) == len(topics)
        assert all(len(f"tell:topic:{t.code}".encode()) <= 64 for t in topics)
