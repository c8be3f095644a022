"""Every typed text is risk-checked first: signposting at once, an alert stored with the text sealed."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from bot.conversation import ConversationEngine
from bot.conversation.collecting import CollectingChannel
from bot.conversation.safety import default_assess
from feedback.db import Database
from feedback.models import Alert, Participant
from tests.bot.conversation.chatting import actions, count, join, press_offered, said
from tests.conftest import db_url  # noqa: F401  (these run on SQLite and PostgreSQL)

URGENT = "I want to kill myself tonight"
CONCERN = "I feel really lonely and sad all the time"


async def _alerts(db: Database) -> list[Alert]:
    async with db.session() as session:
        return list((await session.execute(select(Alert))).scalars())


async def test_urgent_text_at_the_menu_signposts_at_once_and_stores_a_sealed_alert(
    db: Database, chat, make_code, sealer
) -> None:
    you = chat("1001")
    await join(you, await make_code())
    replies = await you.send(URGENT)
    first = replies[0].text
    for number in ("999", "0800 1111", "116 123", "01632 960 999"):
        assert number in first
    assert "safety team will read" in first
    assert "contact you?" in first and "menu:survey" not in actions(replies)  # not the menu first
    [alert] = await _alerts(db)
    async with db.session() as session:
        pid = (await session.execute(select(Participant.id))).scalar_one()
        raw = " ".join(str(v) for v in (await session.execute(text("SELECT * FROM alert"))).one())
    assert (alert.level, alert.source, alert.participant_id) == ("urgent", "conversation", pid)
    assert json.loads(alert.categories_json) == ["suicide_self_harm"]
    assert URGENT not in raw and "myself tonight" not in raw  # sealed at rest (reasons name rules, not words)
    assert sealer.open(alert.text_sealed) == URGENT


async def test_concern_gets_gentle_signposting_and_a_concern_alert(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    replies = await you.send(CONCERN)
    assert "Thank you for telling me" in replies[0].text and "0800 1111" in replies[0].text
    assert "worried" not in said(replies)
    assert [a.level for a in await _alerts(db)] == ["concern"]


async def test_no_risk_no_alert(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    await you.send("my placement is ok but the wifi is slow")
    assert await count(db, Alert) == 0


async def test_before_ok_nothing_typed_is_kept_or_alerted_but_danger_gets_help_at_once(
    db: Database, sealer, pseudonymiser, clock, make_code
) -> None:
    """Consent first: they have not yet read that Heard is private, not secret, so nothing is kept
    and no alert is raised; the check runs in memory so that danger still gets the numbers."""
    seen: list[str] = []

    def assess(text: str):  # type: ignore[no-untyped-def]
        seen.append(text)
        return default_assess(text)

    engine = ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, assess=assess, clock=clock)
    you = CollectingChannel(engine, db, user_id="1001")
    code = await make_code()
    await you.send(f"/start {code}")
    replies = await you.send(URGENT)
    assert seen[-1] == URGENT and "999" in said(replies) and "Please read" in said(replies)
    assert "menu:help" in actions(replies)
    assert "999" in said(await you.press("menu:help"))  # help for anyone who asks, joined or not
    assert await count(db, Alert) == 0
    assert await count(db, Participant) == 0
    await you.press(f"consent:ok:{code}")
    assert "999" in said(await you.send(URGENT)) and seen[-1] == URGENT  # after OK, every text
    assert await count(db, Alert) == 1


async def test_risk_is_checked_mid_question_and_inside_commands(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    await you.press("menu:forget")
    replies = await you.send("I want to die")
    assert "999" in replies[0].text
    back = await press_offered(you, replies, "safe:no_contact:")
    assert {"forget:yes", "forget:no"} <= actions(back)  # asked again: their place was kept
    await you.send(f"/start {URGENT}")
    [alert] = await _alerts(db)  # the second joins the first, still open, alert
    assert alert.level == "urgent" and alert.repeats == 1


async def test_over_long_text_is_still_checked_then_refused_kindly(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    long = "blah " * 1000 + URGENT
    replies = await you.send(long)
    assert "999" in replies[0].text and "contact you?" in replies[0].text  # help first, even so
    assert await count(db, Alert) == 1
    assert "too long" in said(await you.send("blah " * 1000))


async def test_the_engine_uses_the_assessor_it_is_given(
    db: Database, sealer, pseudonymiser, clock, make_code
) -> None:
    seen: list[str] = []

    class Verdict:
        level = "urgent"
        categories = ("abuse",)

    def assess(text: str) -> Verdict:
        seen.append(text)
        return Verdict()

    engine = ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, assess=assess, clock=clock)
    you = CollectingChannel(engine, db)
    await join(you, await make_code())
    seen.clear()
    replies = await you.send("  hello\u200b there  ")
    assert seen == ["hello there"]
    assert "999" in replies[0].text  # its verdict decides the signposting


async def test_an_invite_code_that_reads_like_shorthand_is_not_taken_for_words(
    db: Database, chat, make_code, monkeypatch
) -> None:
    from anonymiser.risk import assess

    assert str(assess("/start SH9PWJNT").level.value) == "urgent"  # "SH" reads as self-harm to the detector
    monkeypatch.setattr("feedback.invites._new_code", lambda: "SH9PWJNT")
    code = await make_code()
    assert code == "SH9PWJNT"
    by_link = await chat("1001").send(f"/start {code}")  # what a deep link sends
    typed = await chat("1002").send("sh9p-wjnt")  # typed when asked for the code
    for replies in (by_link, typed):
        assert f"consent:ok:{code}" in actions(replies)
        assert "worried" not in said(replies).lower() and "Childline" not in said(replies)
    assert await _alerts(db) == []


def test_only_a_lone_code_is_left_out_of_the_risk_check() -> None:
    from bot.conversation.safety import own_words

    assert own_words("/start SH9PWJNT") == ""
    assert own_words("/start@HeardBot SH9P-WJNT") == ""
    assert own_words("SH9P-WJNT") == own_words(" 5h8rwxew ") == ""
    for words in ("suffered", "beat me up", "hurt 2day", "sh9p wjnt", "/start I want to kill myself", URGENT):
        assert own_words(words) == words  # fit the code alphabet, or are words: checked whole
