"""Language and easy read: choosing them, forged choices, the default for 8–10s, the effect on a survey."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.conversation import Reply
from bot.conversation.actions import MAX_ACTION_BYTES
from bot.conversation.catalogue import EASY_READ, say_in
from bot.conversation.collecting import CollectingChannel
from feedback.db import Database
from feedback.models import Participant
from tests.bot.conversation.chatting import actions, count, join, said
from tests.bot.conversation.conftest import START
from tests.feedback.rounds import install_bank, make_round


async def stored(db: Database) -> tuple[str, bool]:
    """Return the only participant's (language, easy_read) as stored."""
    async with db.session() as session:
        person = (await session.execute(select(Participant))).scalar_one()
        return person.language, person.easy_read


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


@pytest.fixture
async def member(chat, make_code) -> CollectingChannel:
    you = chat("1001")
    await join(you, await make_code("in_care", "16-17"))
    return you


@pytest.fixture
async def check_in(db: Database) -> None:
    """Install the shipped surveys (check-in is in English and Welsh) and open a check-in round."""
    await install_bank(db, START)
    await make_round(
        db, START, survey="check-in", opens_at=START, closes_at=START + timedelta(days=7),
        cohorts=("in_care:8-10", "in_care:16-17"), name="Check-in",
    )  # fmt: skip


async def test_the_menu_has_a_row_and_a_command_for_language_and_easy_read(member, check_in) -> None:
    menu = await member.send("/menu")
    assert "menu:settings" in actions(menu)
    assert "Language and easy read" in labels(menu[-1])
    card = await member.press("menu:settings")
    assert said(card) == said(await member.send("/settings")), "the command matches the button"
    text = said(card)
    assert say_in("en", "settings.language_now", language="English") in text
    assert say_in("en", "settings.easy_read_off") in text
    offered = {"settings:lang:en", "settings:lang:cy", "settings:easy:on", "settings:easy:off"}
    assert offered | {"menu:show", "menu:help"} == actions(card)
    assert "✓ English" in labels(card[-1]) and "Cymraeg" in labels(card[-1])
    assert "✓ Easy read off" in labels(card[-1])
    assert all(len(a.encode()) <= MAX_ACTION_BYTES for a in actions(card))


async def test_every_catalogue_language_is_offered_even_with_no_survey_in_it(member, db: Database) -> None:
    """The whole conversation is in each catalogue's language, so it is offered with no survey installed."""
    card = await member.press("menu:settings")
    assert {"settings:lang:en", "settings:lang:cy"} <= actions(card)
    assert f"settings:lang:{EASY_READ}" not in actions(card), "easy read is its own switch, not a language"
    chosen = await member.press("settings:lang:cy")
    assert say_in("cy", "settings.language_changed") in said(chosen)
    assert await stored(db) == ("cy", False)


async def test_choosing_cymraeg_then_easy_read_is_stored_and_shown(member, check_in, db: Database) -> None:
    chosen = await member.press("settings:lang:cy")
    assert say_in("cy", "settings.language_changed") in said(chosen)
    assert say_in("cy", "settings.language_now", language="Cymraeg") in said(chosen)
    assert "✓ Cymraeg" in labels(chosen[-1]) and "English" in labels(chosen[-1])
    assert say_in("cy", "button.back_to_menu") in labels(chosen[-1]), "the card itself is now in Welsh"
    assert await stored(db) == ("cy", False)

    easy = await member.press("settings:easy:on")
    assert say_in("cy", "settings.easy_read_now_on") in said(easy)
    assert say_in("cy", "settings.easy_read_on") in said(easy)
    assert "✓ " + say_in("cy", "settings.easy_on_button") in labels(easy[-1])
    assert await stored(db) == ("cy", True)
    mine = said(await member.press("menu:mydata"))
    assert say_in("cy", "mydata.language_easy_read", language="Cymraeg") in mine

    await member.press("settings:easy:off")
    await member.press("settings:lang:en")
    assert await stored(db) == ("en", False)
    assert "Language: English" in said(await member.send("/mydata"))
    assert "easy read" not in said(await member.send("/mydata"))


@pytest.mark.parametrize(
    ("presses", "title", "asked", "not_asked"),
    [
        (["settings:lang:cy"], "Holi sydyn: sut mae pethau?", "Sut mae bywyd yn mynd i ti ar hyn o bryd?",
         "How is life"),
        (["settings:easy:on"], "How are you? 🙂", "How is life? 🤔", "at the moment"),
        (["settings:lang:cy", "settings:easy:on"], "Sut wyt ti? 🙂", "Sut mae bywyd? 🤔", "ar hyn o bryd"),
    ],
    ids=["cymraeg", "easy-read", "both"],
)  # fmt: skip
async def test_the_check_in_follows_the_choice(
    member, check_in, presses: list[str], title: str, asked: str, not_asked: str
) -> None:
    for action in presses:
        await member.press(action)
    opened = await member.press("menu:survey")
    assert opened[0].text.startswith(f"📝 {title}")
    question = opened[-1].text
    assert asked in question and not_asked not in question
    if "settings:lang:cy" in presses:
        assert "Cwestiwn 1 o" in question


@pytest.mark.parametrize(
    "forged",
    [
        "settings:lang:fr",  # not a language Heard offers
        "settings:lang:CY",
        "settings:lang",
        "settings:easy:maybe",
        "settings:easy:true",
        "settings:easy",
        "settings:colour:red",
        "settings:show",
        "settings:lang:cy:extra",
        "settings:lang:" + "c" * 60,
    ],
)
async def test_forged_choices_are_refused_like_stale_buttons(
    member, check_in, db: Database, forged: str
) -> None:
    replies = await member.press(forged)
    assert "button has expired" in said(replies)
    assert "menu:settings" in actions(replies), "they get the menu back"
    assert await stored(db) == ("en", False)


async def test_choices_from_someone_not_joined_say_how_to_join(chat, check_in, db: Database) -> None:
    for action in ("settings:lang:cy", "settings:easy:on", "menu:settings"):
        replies = await chat("77").press(action)
        assert "invite code" in said(replies)
    assert await count(db, Participant) == 0


async def test_the_youngest_start_with_easy_read_on_and_are_told(
    chat, make_code, check_in, db: Database
) -> None:
    young = chat("801", channel="web")
    welcome = await join(young, await make_code("in_care", "8-10"))
    assert "Easy read is on" in said(welcome) and "Language and easy read" in said(welcome)
    assert await stored(db) == ("en", True)
    opened = await young.press("menu:survey")
    assert "How is life? 🤔" in opened[-1].text
    turned_off = await young.press("settings:easy:off")
    assert "easy read is off" in said(turned_off)
    assert await stored(db) == ("en", False)


@pytest.mark.parametrize("band", ["11-15", "16-17"])
async def test_older_groups_start_without_easy_read(chat, make_code, db: Database, band: str) -> None:
    you = chat("1501", channel="web")
    welcome = await join(you, await make_code("in_care", band))
    assert "Easy read" not in said(welcome)
    assert await stored(db) == ("en", False)


async def test_help_and_back_from_the_card_go_where_they_say(member, check_in) -> None:
    await member.press("menu:settings")
    helped = await member.send("/help")
    assert "0800 1111" in said(helped)
    back = await member.press("menu:show")
    assert "menu:settings" in actions(back) and "menu:survey" in actions(back)
