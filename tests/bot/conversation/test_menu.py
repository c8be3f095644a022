"""The menu and everything on it: help from anywhere, my data, pause, placeholders, forged buttons."""

from __future__ import annotations

import pytest

from bot.conversation import ConversationEngine
from feedback.db import Database
from feedback.models import Participant
from tests.bot.conversation.chatting import actions, count, join, said

NUMBERS = ("0800 1111", "116 123", "999", "01632 960 999")


@pytest.fixture
async def member(chat, make_code):
    you = chat("1001")
    await join(you, await make_code("in_care", "16-17"))
    return you


async def test_help_shows_every_number_joined_or_not(member, chat) -> None:
    for replies in (
        await member.send("/help"),
        await member.press("menu:help"),
        await chat("2").send("/help"),
    ):
        text = said(replies)
        for number in NUMBERS:
            assert number in text
        assert replies[0].link is not None and "childline.org.uk" in replies[0].link.url


async def test_help_mid_question_keeps_the_persons_place(member, db: Database) -> None:
    await member.press("menu:forget")
    helped = await member.send("/help")
    assert "0800 1111" in said(helped)
    assert {"forget:yes", "forget:no"} <= actions(helped)  # the question is asked again
    kept = await member.press("forget:no")  # and still answerable
    assert "nothing has been deleted" in said(kept)
    assert await count(db, Participant) == 1


async def test_help_without_an_out_of_hours_number_says_how_to_get_it(
    sealer, pseudonymiser, db, clock
) -> None:
    from bot.conversation.collecting import CollectingChannel

    bare = ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, clock=clock)
    text = said(await CollectingChannel(bare, db).send("/help"))
    assert "out of hours: ask your worker" in text and "0800 1111" in text


async def test_my_data_shows_exactly_what_is_stored(member) -> None:
    text = said(await member.press("menu:mydata"))
    assert "in care, age 16 to 17" in text
    assert "22 November 2026" in text  # joined, consented and last seen: dates only
    assert "version 2026-11" in text
    assert "Messages from Heard: on" in text
    assert "Language: English" in text
    assert "Surveys you have started or answered: 0" in text
    assert "Things you have told us: 0" in text
    assert "Messages our safety team was asked to read" not in text  # no alerts, no line
    assert "10:00" not in text and "1001" not in text


async def test_my_data_command_matches_the_button(member) -> None:
    assert said(await member.send("/mydata")) == said(await member.press("menu:mydata"))


async def test_pause_and_resume_set_the_flag_and_swap_the_button(member, db: Database) -> None:
    paused = await member.press("menu:pause")
    assert (
        "paused" in said(paused) and "menu:resume" in actions(paused) and "menu:pause" not in actions(paused)
    )
    assert await count(db, Participant, paused=True) == 1
    assert "Messages from Heard: paused" in said(await member.send("/mydata"))
    resumed = await member.send("/resume")
    assert "back on" in said(resumed) and "menu:pause" in actions(resumed)
    assert await count(db, Participant, paused=False) == 1


async def test_survey_and_tell_routes_are_answered_by_their_flows(member) -> None:
    # The route names stay stable whatever the survey and "tell us something" flows say.
    for replies in (
        await member.press("menu:survey"),
        await member.send("/survey"),
        await member.press("menu:tell"),
        await member.send("/tell"),
    ):
        assert replies and "button has expired" not in said(replies)
        assert "don't know that command" not in said(replies)


@pytest.mark.parametrize(
    "forged",
    [
        "menu:launch",
        "menu:help:extra",
        "admin:delete",
        "forget:yes",  # not asked yet
        "consent:no",  # already joined
        "menu",
        "",
        "x" * 65,
        "menu:survey\x00",
        "menu:💥",
        "'; DROP TABLE participant; --",
    ],
)
async def test_forged_or_stale_buttons_get_the_menu_and_change_nothing(
    member, db: Database, forged: str
) -> None:
    replies = await member.press(forged)
    assert "button has expired" in said(replies)
    assert "menu:mydata" in actions(replies)
    assert await count(db, Participant) == 1


async def test_buttons_from_someone_not_joined_say_how_to_join(chat, db: Database) -> None:
    for action in ("menu:mydata", "forget:yes", "nonsense"):
        replies = await chat("77").press(action)
        assert "invite code" in said(replies)
    assert await count(db, Participant) == 0


async def test_free_text_and_unknown_commands_at_the_menu_show_the_menu(member) -> None:
    for text in ("what is this", "/dance"):
        replies = await member.send(text)
        assert "menu:survey" in actions(replies)


async def test_every_button_fits_telegram_callback_data(member, chat, make_code) -> None:
    seen = set()
    for replies in (
        await member.press("menu:mydata"),
        await member.press("menu:forget"),
        await member.send("/help"),
        await chat("5").send(f"/start {await make_code()}"),
    ):
        seen |= actions(replies)
    assert seen and all(len(a.encode()) <= 64 for a in seen)


async def test_last_seen_is_a_date_that_moves_by_day(member, db: Database, clock) -> None:
    clock.advance(days=3, hours=5)
    await member.send("/menu")
    async with db.session() as session:
        row = (await session.execute(Participant.__table__.select())).one()  # type: ignore[attr-defined]
    assert row.last_seen_on == clock.now.date()
    assert row.joined_on != row.last_seen_on
