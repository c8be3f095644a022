"""Taking a survey in the chat: choosing, every kind of screen, back, help, resume, risk, Welsh, closing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.conversation import Reply
from bot.conversation.collecting import CollectingChannel
from feedback import campaigns
from feedback.db import Database
from feedback.models import Alert, AnswerRecord, Participant, Response
from surveys import load_bank
from surveys.texts import word_survey
from tests.bot.conversation.chatting import actions, count, join, said
from tests.bot.conversation.conftest import START
from tests.feedback.rounds import install_bank, make_round

URGENT = "I want to kill myself tonight"


@pytest.fixture
async def promise_round(db: Database) -> campaigns.SurveyRound:
    await install_bank(db, START)
    return await make_round(
        db, START, opens_at=START - timedelta(days=1), closes_at=START + timedelta(days=14),
        cohorts=("in_care:16-17",),
    )  # fmt: skip


@pytest.fixture
async def member(chat, make_code, promise_round) -> CollectingChannel:
    you = chat("1001")
    await join(you, await make_code("in_care", "16-17"))
    return you


def last(replies: list[Reply]) -> Reply:
    return replies[-1]


def button(reply: Reply, starts: str, *, label: str | None = None) -> str:
    """Return the action of the first button whose action starts with ``starts`` (and label contains)."""
    for row in reply.buttons:
        for b in row:
            if b.action.startswith(starts) and (label is None or label in b.label):
                return b.action
    raise AssertionError(f"no {starts!r} button in {reply!r}")


async def finish(
    you: CollectingChannel, *, text: str = "More say in my reviews would help.", best: bool = False
) -> list[Reply]:
    """Answer every screen left (first option, two ticks, ``text``); return the final replies.

    ``best`` picks the last option instead, so no promise is answered as not kept and no
    "what would help?" follows: the only free text is the last question's.
    """
    replies = you.replies[-1:]
    for _ in range(60):
        screen = last(replies)
        acts = [b.action for row in screen.buttons for b in row]
        if any(a.startswith("survey:next:") for a in acts):
            replies = await you.press(button(screen, "survey:next:"))
        elif any(a.startswith("survey:toggle:") for a in acts):
            toggles = [a for a in acts if a.startswith("survey:toggle:")]
            await you.press(toggles[0])
            ticked = await you.press(toggles[1])
            replies = await you.press(button(last(ticked), "survey:done:"))
        elif picks := [a for a in acts if a.startswith("survey:pick:")]:
            replies = await you.press(picks[-1] if best else picks[0])
        elif any(a.startswith("survey:optout:") for a in acts):
            replies = await you.send(text)
        else:
            return replies
    raise AssertionError("the survey did not end")


async def test_taking_the_promise_survey_from_the_menu_to_the_end(member, db: Database, sealer) -> None:
    opened = await member.press("menu:survey")
    assert opened[0].text.startswith("📝 Our Promise to you")
    assert "no right or wrong answers" in opened[0].text
    first = last(opened)
    assert "5 to 10 minutes" in first.text and button(first, "survey:next:")
    assert not any(a.startswith("survey:back:") for a in actions([first])), "nothing to go back to"
    scale = last(await member.press(button(first, "survey:next:")))
    assert scale.text.startswith("Question 1 of ")
    assert "💡" in scale.text, "help text is shown with the question"
    labels = [b.label for row in scale.buttons for b in row if b.action.startswith("survey:pick:")]
    assert labels == ["😞 Never", "🙁 Rarely", "😐 Sometimes", "🙂 Most of the time", "😀 Always"]
    assert {"menu:help"} <= actions([scale]) and button(scale, "survey:optout:", label="rather not say")
    yes_no = last(await member.press(button(scale, "survey:pick:", label="Most of the time")))
    assert yes_no.text.startswith("Question 2 of ")
    assert [b.label for b in yes_no.buttons[0]] == ["👍 Yes", "👎 No", "🤔 Not sure"], (
        "short choices share a row"
    )
    end = await finish(member)
    assert "Corporate Parenting Board" in said(end)
    assert "Thank you for taking part" in said(end) and "menu:survey" in actions(end)

    async with db.session() as session:
        response = (await session.execute(select(Response))).scalar_one()
        answers = {a.question_id: a for a in (await session.execute(select(AnswerRecord))).scalars()}
    assert response.status == "completed" and response.completed_on == START.date()
    assert json.loads(answers["listen"].value_json or "") == 4
    assert len(json.loads(answers["matters_most"].value_json or "[]")) == 2
    written = answers["anything_else"]
    assert sealer.open(written.text_sealed or "") == "More say in my reviews would help."
    assert (written.redaction_status, written.risk_level) == ("pending", "none")
    again = await member.press("menu:survey")
    assert "isn't a survey open for you" in said(again), "a finished survey is not offered again"


async def test_back_rather_not_say_stale_buttons_and_help_keep_answers_straight(member, db: Database) -> None:
    first = last(await member.press("menu:survey"))
    scale = last(await member.press(button(first, "survey:next:")))
    yes_no = last(await member.press(button(scale, "survey:optout:")))
    assert yes_no.text.startswith("Question 2 of ")
    old_pick = button(yes_no, "survey:pick:", label="Yes")
    back = last(await member.press(button(yes_no, "survey:back:")))
    assert back.text.startswith("Question 1 of ") and "Last time you chose not to answer." in back.text
    changed = last(await member.press(button(back, "survey:pick:", label="Sometimes")))
    back_again = last(await member.press(button(changed, "survey:back:")))
    assert "You said: Sometimes" in back_again.text
    stale = await member.press(old_pick)
    assert "from an earlier question" in said(stale)
    assert last(stale).text.endswith(back_again.text.split("\n\n", 1)[1]), "the current screen again"
    helped = await member.press("menu:help")
    assert "0800 1111" in helped[0].text
    assert last(helped).text == back_again.text, "help shows the question again"
    moved = last(await member.press(button(last(helped), "survey:pick:", label="Always")))
    assert moved.text.startswith("Question 2 of ")
    await member.press(button(moved, "survey:later:"))
    async with db.session() as session:
        response = (await session.execute(select(Response))).scalar_one()
    assert response.status == "in_progress" and response.state_sealed is not None
    assert await count(db, AnswerRecord) == 0, "answers are stored when the survey ends"


async def test_carrying_on_days_later_from_an_old_message(member, clock) -> None:
    first = last(await member.press("menu:survey"))
    scale = last(await member.press(button(first, "survey:next:")))
    yes_no = last(await member.press(button(scale, "survey:pick:", label="Always")))
    await member.press(button(yes_no, "survey:later:"))
    clock.advance(days=3)
    resumed = await member.press("menu:survey")
    assert "Welcome back! You're on question 2 of" in said(resumed)
    assert "Our Promise to you" in said(resumed)
    await member.press(button(last(resumed), "survey:later:"))
    clock.advance(days=1)
    from_old = await member.press(button(yes_no, "survey:pick:", label="Yes"))
    assert "from an earlier question" in said(from_old), "an old button brings them back to their place"
    moved = await member.press(button(last(from_old), "survey:pick:", label="Yes"))
    assert last(moved).text.startswith("Question 3 of ")


async def test_typed_answers_and_multiple_choice(member) -> None:
    first = last(await member.press("menu:survey"))
    scale = last(await member.press(button(first, "survey:next:")))
    typed = last(await member.send("always"))
    assert typed.text.startswith("Question 2 of "), "a typed label answers a button question"
    puzzled = await member.send("what does this mean?")
    assert "Please tap one of the buttons." in said(puzzled)
    assert last(puzzled).text.count("Question 2 of ") == 1
    assert scale.text != typed.text


async def test_multiple_choice_needs_a_tick_or_rather_not_say(member, clock) -> None:
    screen = last(await member.press("menu:survey"))
    for _ in range(40):
        if any(a.startswith("survey:toggle:") for a in actions([screen])):
            break
        acts = actions([screen])
        nxt = next((a for a in acts if a.startswith(("survey:next:", "survey:pick:"))), None)
        screen = last(await member.press(nxt or button(screen, "survey:optout:")))  # skip "what would help?"
    assert "Pick as many as you like" in screen.text
    nothing = last(await member.press(button(screen, "survey:done:")))
    assert "Please pick at least one" in nothing.text
    ticked = last(await member.press(button(nothing, "survey:toggle:")))
    assert [b.label[0] for row in ticked.buttons for b in row if "toggle" in b.action].count("✅") == 1
    unticked = last(await member.press(button(ticked, "survey:toggle:", label="✅")))
    assert not any(b.label.startswith("✅") for row in unticked.buttons for b in row)


async def test_urgent_free_text_is_signposted_first_then_stored_with_its_level(
    member, db: Database, sealer
) -> None:
    await member.press("menu:survey")
    end = await finish(member, text=URGENT, best=True)
    async with db.session() as session:
        alert = (await session.execute(select(Alert))).scalar_one()
        written = (
            await session.execute(select(AnswerRecord).where(AnswerRecord.question_id == "anything_else"))  # type: ignore[arg-type]
        ).scalar_one()
    assert alert.level == "urgent"
    assert written.risk_level == "urgent"
    assert sealer.open(written.text_sealed or "") == URGENT
    [urgent] = end  # the numbers and "contact you?" in one message, in the same turn: nothing before it
    assert "0800 1111" in urgent.text and "worried" in urgent.text and "contact you?" in urgent.text
    assert not any(a.startswith(("survey:", "menu:survey")) for a in actions(end))


async def test_welsh_and_easy_read_follow_the_persons_settings(chat, make_code, db: Database) -> None:
    await install_bank(db, START)
    await make_round(
        db, START, survey="check-in", opens_at=START, closes_at=START + timedelta(days=7),
        cohorts=("in_care:16-17",), name="Check-in",
    )  # fmt: skip
    you = chat("2002")
    await join(you, await make_code("in_care", "16-17"))
    async with db.session() as session:
        person = (await session.execute(select(Participant))).scalar_one()
        person.language, person.easy_read = "cy", True
        session.add(person)
    opened = await you.press("menu:survey")
    screen = last(opened)
    assert "Cwestiwn 1 o" in screen.text
    labels = {b.label for row in screen.buttons for b in row}
    assert "Byddai'n well gen i beidio â dweud" in labels and "⬅️ Yn ôl" not in labels
    assert "Parhau wedyn" in labels


async def test_a_round_that_closes_mid_survey_says_so_kindly(
    member, promise_round, db: Database, clock
) -> None:
    first = last(await member.press("menu:survey"))
    async with db.session() as session:
        await campaigns.close_round(session, promise_round.id, now=clock.now)
    closed = await member.press(button(first, "survey:next:"))
    assert "this survey has now closed" in said(closed)
    assert "menu:survey" in actions(closed)


async def test_several_open_rounds_are_offered_as_a_choice(chat, make_code, db: Database) -> None:
    await install_bank(db, START)
    for survey, name in (("promise-11-17", "Promise"), ("check-in", "Check-in")):
        await make_round(
            db, START, survey=survey, opens_at=START, closes_at=START + timedelta(days=7),
            cohorts=("in_care:16-17",), name=name,
        )  # fmt: skip
    you = chat("3003")
    await join(you, await make_code("in_care", "16-17"))
    choice = await you.press("menu:survey")
    assert "Which survey would you like to do?" in said(choice)
    opens = [b for row in last(choice).buttons for b in row if b.action.startswith("survey:open:")]
    assert len(opens) == 2
    started = await you.press(opens[1].action)
    assert started[0].text.startswith("📝 ")


@pytest.mark.parametrize(("language", "easy"), [("cy", False), ("en", True)])
async def test_the_choice_names_each_survey_as_its_file_words_it_for_the_reader(
    chat, make_code, db: Database, language: str, easy: bool
) -> None:
    await install_bank(db, START)
    surveys = {s.id: s for s in load_bank().surveys}
    for survey in ("promise-11-17", "check-in"):
        await make_round(
            db, START, survey=survey, opens_at=START, closes_at=START + timedelta(days=7),
            cohorts=("in_care:16-17",), name=survey,
        )  # fmt: skip
    you = chat("3004")
    await join(you, await make_code("in_care", "16-17"))
    await you.press(f"settings:lang:{language}")
    if easy:
        await you.press("settings:easy:on")
    choice = await you.press("menu:survey")
    labels = {b.label for row in last(choice).buttons for b in row if b.action.startswith("survey:open:")}
    expected = {
        word_survey(surveys[name], language=language, easy_read=easy).title
        for name in ("promise-11-17", "check-in")
    }
    english = {surveys[name].title for name in ("promise-11-17", "check-in")}
    assert labels == expected
    assert labels != english, "the reader's own wording, not the English titles"


async def test_forged_and_foreign_buttons_change_nothing(member, chat, make_code, db: Database) -> None:
    first = last(await member.press("menu:survey"))
    other = chat("4004")
    await join(other, await make_code("in_care", "16-17"))
    for forged in (
        button(first, "survey:next:"),
        "survey:pick:99999-0-0",
        "survey:open:999",
        "survey:zap:1-1",
    ):
        replies = await other.press(forged)
        assert "expired" in said(replies) or "from an earlier question" not in said(replies)
    async with db.session() as session:
        rows = (await session.execute(select(Response))).scalars().all()
    assert len(rows) == 1, "nobody can answer someone else's survey"
