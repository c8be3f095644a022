"""Asking when unsure: "Are you safe right now?", the answers, and "Do you want someone to contact you?".

The engine is given a scripted risk check, so each test decides the verdict
(a borderline concern that asks, or an urgent one) rather than the tuned
detector; one test at the end uses the real detector on an unmistakable text.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.conversation import ConversationEngine, Inbound, InboundKind, Reply
from bot.conversation.collecting import CollectingChannel
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.models import Alert, AnswerRecord, ConversationState
from tests.bot.conversation.chatting import actions, join, press_offered, said
from tests.bot.conversation.conftest import CONFIG, START
from tests.conftest import db_url  # noqa: F401  (these run on SQLite and PostgreSQL)
from tests.fakes.risk import BORDERLINE, URGENT, ScriptedRisk
from tests.feedback.rounds import install_bank, make_round

WOBBLY = "i keep looking at the blade"  # scripted as a borderline concern (ask)
DANGER = "he hit me again and he is coming back"  # scripted as urgent
CHECK = "Are you safe right now?"


@pytest.fixture
def risk() -> ScriptedRisk:
    return ScriptedRisk({WOBBLY: BORDERLINE, DANGER: URGENT})


@pytest.fixture
def engine(sealer, pseudonymiser, clock, risk: ScriptedRisk) -> ConversationEngine:
    return ConversationEngine(
        sealer=sealer, pseudonymiser=pseudonymiser, config=CONFIG, clock=clock, assess=risk
    )


@pytest.fixture
async def member(chat, make_code) -> CollectingChannel:
    you = chat("1001")
    await join(you, await make_code("in_care", "16-17"))
    return you


async def _alerts(db: Database) -> list[Alert]:
    async with db.session() as session:
        return list((await session.execute(select(Alert).order_by(Alert.id))).scalars())  # type: ignore[arg-type]


def _asks_check(replies: list[Reply]) -> bool:
    return replies[-1].text.startswith(CHECK) and {"I'm OK", "I need help now"} <= {
        b.label for row in replies[-1].buttons for b in row
    }


async def test_a_borderline_message_is_met_with_one_gentle_question(
    member: CollectingChannel, db: Database
) -> None:
    replies = await member.send(WOBBLY)
    assert "Thank you for telling me" in replies[0].text and "0800 1111" in replies[0].text
    assert _asks_check(replies) and "tell me in your own words" in replies[-1].text
    assert not any(a.startswith("menu:") and a != "menu:help" for a in actions(replies))  # not the menu
    [alert] = await _alerts(db)
    assert (alert.level, alert.check_answer, alert.reasons) == ("concern", None, list(BORDERLINE.reasons))
    assert alert.check_asked_at == START


async def test_im_ok_gets_a_kind_answer_and_goes_back_to_the_menu(
    member: CollectingChannel, db: Database
) -> None:
    asked = await member.send(WOBBLY)
    ok = await press_offered(member, asked, "safe:ok:")
    assert "I'm glad" in said(ok) and "Get help now" in said(ok)
    assert "menu:survey" in actions(ok)
    [alert] = await _alerts(db)
    assert (alert.level, alert.check_answer) == ("concern", "ok")

    again = await member.send(WOBBLY)  # joins the same open alert: not asked twice about it
    assert "0800 1111" in said(again) and CHECK not in said(again) and "menu:survey" in actions(again)
    [alert] = await _alerts(db)
    assert alert.repeats == 1


async def test_i_need_help_now_is_urgent_on_the_same_alert_then_asks_about_contact(
    member: CollectingChannel, db: Database
) -> None:
    asked = await member.send(WOBBLY)
    urgent = await press_offered(member, asked, "safe:help:")
    [message] = urgent  # one message: the numbers, then the question; not the menu first
    for number in ("999", "0800 1111", "116 123", "01632 960 999"):
        assert number in message.text
    assert message.text.endswith("Do you want someone from our safety team to contact you?")
    assert {b.label for row in message.buttons for b in row} >= {"Yes", "No thanks"}
    assert "menu:survey" not in actions(urgent)
    [alert] = await _alerts(db)  # raised, not a second alert
    assert (alert.level, alert.check_answer, alert.raised_at, alert.notified_at) == (
        "urgent",
        "help",
        START,
        None,
    )
    assert alert.contact_asked_at == START

    yes = await press_offered(member, urgent, "safe:contact:")
    assert "Someone from our safety team will get in touch" in said(yes) and "menu:survey" in actions(yes)
    [alert] = await _alerts(db)
    assert alert.contact_wanted is True and alert.contact_answered_at == START


async def test_an_urgent_reply_in_words_raises_the_same_alert_and_keeps_the_words(
    member: CollectingChannel, db: Database, sealer: Sealer, risk: ScriptedRisk
) -> None:
    await member.send(WOBBLY)
    urgent = await member.send(DANGER)
    assert (
        "contact you?" in urgent[0].text and "999" in urgent[0].text and "menu:survey" not in actions(urgent)
    )
    [alert] = await _alerts(db)
    assert (alert.level, alert.check_answer) == ("urgent", "words")
    assert sealer.open(alert.check_reply_sealed or "") == DANGER
    assert json.loads(alert.categories_json) == ["suicide_self_harm", "abuse"]  # the words' category joins in
    assert alert.reasons == [*BORDERLINE.reasons, *URGENT.reasons]

    no = await member.send("no thanks")  # typed, not tapped
    assert "That's OK" in said(no) and "menu:survey" in actions(no)
    [alert] = await _alerts(db)
    assert alert.contact_wanted is False


async def test_other_words_are_the_answer_too_and_never_asked_twice(
    member: CollectingChannel, db: Database
) -> None:
    await member.send(WOBBLY)
    answer = await member.send(WOBBLY)  # borderline again: it is their answer, not a new question
    assert not any(r.text.startswith(CHECK) for r in answer)
    assert "safety team will read what you wrote" in said(answer) and "menu:survey" in actions(answer)
    [alert] = await _alerts(db)  # still one alert
    assert (alert.level, alert.check_answer) == ("concern", "words")

    later = await member.send("my placement is ok")  # the question is answered: ordinary text again
    assert "didn't understand" in said(later)


async def test_help_while_asked_shows_the_numbers_then_the_question_again(member: CollectingChannel) -> None:
    await member.send(WOBBLY)
    helped = await member.press("menu:help")
    assert "0800 1111" in helped[0].text and _asks_check(helped)
    typed = await member.send("/help")
    assert _asks_check(typed)


async def test_another_button_moves_on_and_an_old_question_still_works(
    member: CollectingChannel, db: Database
) -> None:
    asked = await member.send(WOBBLY)
    await member.press("menu:mydata")  # moved on without answering
    [alert] = await _alerts(db)
    assert alert.check_answer is None  # the lead sees "asked; no answer yet"
    later = await press_offered(member, asked, "safe:help:")  # the old button is still theirs
    assert "contact you?" in later[0].text
    [alert] = await _alerts(db)
    assert (alert.level, alert.check_answer) == ("urgent", "help")


async def test_someone_elses_or_a_forged_button_changes_nothing_but_help_still_helps(
    member: CollectingChannel, chat, make_code, db: Database
) -> None:
    asked = await member.send(WOBBLY)
    other = chat("2002")
    await join(other, await make_code("in_care", "16-17"))
    [alert] = await _alerts(db)
    forged = await other.press(f"safe:help:{alert.id}")
    assert "0800 1111" in said(forged) and "contact you?" not in said(forged)
    assert "expired" in said(await other.press(f"safe:ok:{alert.id}"))
    assert "expired" in said(await other.press("safe:help:not-a-number"))
    [alert] = await _alerts(db)
    assert (alert.level, alert.check_answer) == ("concern", None)
    assert _asks_check(asked)


@pytest.fixture
async def surveyed(chat, make_code, db: Database) -> CollectingChannel:
    await install_bank(db, START)
    await make_round(
        db,
        START,
        opens_at=START - timedelta(days=1),
        closes_at=START + timedelta(days=14),
        cohorts=("in_care:16-17",),
    )
    you = chat("3003")
    await join(you, await make_code("in_care", "16-17"))
    return you


async def test_im_ok_returns_to_the_same_survey_question(surveyed: CollectingChannel) -> None:
    screen = (await surveyed.press("menu:survey"))[-1]
    asked = await surveyed.send(WOBBLY)  # typed on a question that wants a button
    assert _asks_check(asked) and not any(a.startswith("survey:") for a in actions(asked))
    ok = await press_offered(surveyed, asked, "safe:ok:")
    assert "carry on where you left off" in ok[0].text
    assert screen.text in ok[-1].text and actions([ok[-1]]) == actions([screen])  # the same question


async def test_a_borderline_last_answer_is_saved_and_the_thanks_come_after_the_answer(
    surveyed: CollectingChannel, db: Database, risk: ScriptedRisk
) -> None:
    screen = (await surveyed.press("menu:survey"))[-1]
    for _ in range(60):  # answer with buttons up to the question that takes words
        offered = sorted(actions([screen]))
        picks = [a for a in offered if a.startswith(("survey:next:", "survey:pick:"))]
        toggles = [a for a in offered if a.startswith("survey:toggle:")]
        if picks:
            screen = (await surveyed.press(picks[0]))[-1]
        elif toggles:
            await surveyed.press(toggles[0])
            screen = (await surveyed.press(next(a for a in offered if a.startswith("survey:done:"))))[-1]
        elif "anything else" not in screen.text:  # a "what would help?" on the way: skip it
            screen = (await surveyed.press(next(a for a in offered if a.startswith("survey:optout:"))))[-1]
        else:
            break
    assert any(a.startswith("survey:optout:") for a in actions([screen])), "no free-text question"
    asked = await surveyed.send(WOBBLY)
    assert _asks_check(asked) and "Thank you for taking part" not in said(asked)
    async with db.session() as session:
        levels = (
            (await session.execute(select(AnswerRecord.risk_level).where(AnswerRecord.risk_level != "none")))
            .scalars()
            .all()
        )  # type: ignore[call-overload]
    assert levels == ["concern"]  # the answer was saved, with its level
    ok = await press_offered(surveyed, asked, "safe:ok:")
    assert "I'm glad" in ok[0].text and "Thank you for taking part" in said(ok)


async def test_not_joined_yet_gets_no_question_and_help_one_tap_away(chat, db: Database) -> None:
    you = chat("4004")
    replies = await you.send(WOBBLY)  # consent first: not checked before OK, nowhere to keep an answer
    assert CHECK not in said(replies) and "menu:help" in actions(replies)
    assert "0800 1111" in said(await you.press("menu:help"))
    assert await _alerts(db) == []


async def test_the_question_survives_a_restart_and_the_web_chat_greets_with_it(
    member: CollectingChannel, db: Database, engine: ConversationEngine
) -> None:
    await member.send(WOBBLY)
    async with db.session() as session:
        sealed = (await session.execute(select(ConversationState.state_sealed))).scalar_one()  # type: ignore[call-overload]
        greeting = await engine.greet(
            session, Inbound("telegram", member.pseudonym, InboundKind.TEXT), now=START
        )
    assert WOBBLY not in sealed
    assert _asks_check(greeting) and len(greeting) == 1


async def test_every_keyboard_offers_help(member: CollectingChannel, chat, make_code) -> None:
    screens: list[Reply] = []
    newcomer = chat("5005")
    screens += await newcomer.send(f"/start {await make_code('in_care', '16-17')}")  # the privacy card
    for press in (
        "menu:show",
        "menu:settings",
        "menu:mydata",
        "menu:forget",
        "forget:no",
        "menu:tell",
        "menu:issues",
        "menu:survey",
    ):
        screens += await member.press(press)
    screens += await member.send("something to tell")
    screens += await member.press("tell:send")
    screens += await member.send(WOBBLY)
    screens += await press_offered(member, screens, "safe:help:")
    helped = await member.press("menu:help")
    card, *rest = helped
    screens += rest
    keyboards = [r for r in screens if r.buttons]
    assert len(keyboards) >= 12
    for reply in keyboards:
        offered = actions([reply])
        assert "menu:help" in offered or any(a.startswith("safe:help:") for a in offered), reply.text[:60]
    assert "menu:help" not in actions([card])  # the help card itself needs no "Get help now"


async def test_the_real_detector_on_an_unmistakable_text(
    chat, make_code, db: Database, sealer, pseudonymiser, clock
) -> None:
    real = ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, config=CONFIG, clock=clock)
    you = CollectingChannel(real, db, user_id="6006", clock=clock)
    await join(you, await make_code("in_care", "16-17"))
    replies = await you.send("I am going to kill myself tonight")
    assert "contact you?" in replies[0].text and "menu:survey" not in actions(replies)
    [alert] = await _alerts(db)
    assert alert.level == "urgent" and alert.reasons and alert.contact_asked_at == START
    async with db.session() as session:
        total = (await session.execute(select(func.count()).select_from(Alert))).scalar_one()
    assert total == 1
