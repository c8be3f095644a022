"""The whole conversation in English, easy read and Welsh on Telegram, through the webhook and fake Bot API.

The language is chosen on the privacy card; every reply is compared with
that language's catalogue (and the survey file's own wording), and so are
the labels of the buttons Telegram shows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.conversation.catalogue import BASE, EASY_READ, say_in
from feedback.db import Database
from tests.bot.conversation.languages import LANGUAGES, flat, reads, survey_title
from tests.bot.telegram.test_journeys import Chat, invite
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi, SentMessage
from tests.feedback.rounds import install_bank, make_round


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def heard(db: Database, db_url: str, fake: FakeBotApi) -> AsyncIterator[RunningHeard]:
    now = datetime.now(UTC)
    await install_bank(db, now - timedelta(days=1))
    await make_round(
        db, now - timedelta(days=1), survey="check-in", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7), cohorts=("in_care:16-17",), name="Check-in",
    )  # fmt: skip
    async with running_heard(telegram_settings(db_url, fake), conversation=None) as running:
        yield running


def text(messages: list[SentMessage]) -> str:
    return "\n".join(m.text for m in messages)


def labels(messages: list[SentMessage]) -> set[str]:
    return {
        b["text"] for m in messages for row in (m.reply_markup or {}).get("inline_keyboard", []) for b in row
    }


def data(messages: list[SentMessage], prefix: str) -> str:
    return next(d for m in messages for d in m.callback_data if d.startswith(prefix))


_CARD_VERB = {BASE: "card", EASY_READ: "card_easy", "cy": "card_cy"}


async def joined(heard: RunningHeard, fake: FakeBotApi, db: Database, locale: str, chat_id: int) -> Chat:
    """Return a chat that joined with a 16-17 code, having chosen ``locale`` on the privacy card."""
    chat = Chat(heard, fake, chat_id)
    card = await chat.say(f"/start {await invite(heard, db, 'in_care', '16-17')}")
    assert reads(BASE, "consent.card.older", text(card)), "the card first comes in English"
    if locale != BASE:
        assert say_in(locale, "language.choose") in labels(card)
        card = await chat.press(data(card, f"consent:{_CARD_VERB[locale]}:"))
        assert reads(locale, "consent.card.older", text(card))
    assert say_in(locale, "consent.ok") in labels(card)
    menu = await chat.press(data(card, "consent:ok"))
    assert reads(locale, "welcome.new", text(menu))
    assert {
        say_in(locale, k) for k in ("menu.survey", "menu.tell", "menu.my_data", "button.get_help")
    } <= labels(menu)
    return chat


async def walk(
    heard: RunningHeard, fake: FakeBotApi, db: Database, locale: str, language: str, easy: bool
) -> None:
    """Walk one young person through the conversation in ``locale``, checking every reply against it."""
    chat = await joined(heard, fake, db, locale, 515000 + LANGUAGES.index((locale, language, easy)))

    helped = await chat.press("menu:help")
    assert reads(locale, "help.opening", text(helped)) and reads(
        locale, "help.numbers.samaritans", text(helped)
    )
    assert say_in(locale, "help.childline_link") in labels(helped)

    writing = await chat.press("menu:tell")
    assert reads(locale, "tell.write_start", text(writing))
    kept = await chat.say("The bus to college is always late")
    assert reads(locale, "tell.draft_kept_first", text(kept)) and say_in(locale, "button.done") in labels(
        kept
    )
    topics = await chat.press("tell:send")
    assert reads(locale, "tell.topic_ask", text(topics)) and say_in(locale, "button.skip") in labels(topics)
    sent = await chat.press("tell:skip")
    assert reads(locale, "tell.raised", text(sent))

    before = len(fake.messages_to(chat.chat_id))
    await chat.press("menu:survey")
    await fake.wait_until(
        lambda: len(fake.messages_to(chat.chat_id)) >= before + 2
    )  # the title, then a question
    survey = fake.messages_to(chat.chat_id)[before:]
    assert flat(survey_title("check-in", language, easy_read=easy)) in flat(text(survey))
    assert say_in(locale, "survey.later") in labels(survey)

    mine = await chat.press("menu:mydata")
    assert reads(locale, "mydata.heading", text(mine)) and reads(locale, "mydata.words", text(mine))
    if locale != BASE:
        assert not reads(BASE, "mydata.heading", text(mine)), "no English left in another language"


async def test_three_young_people_each_go_through_the_conversation_in_their_own_language(
    heard: RunningHeard, fake: FakeBotApi, db: Database
) -> None:
    """English, easy read and Welsh on one Heard: each person's language is theirs alone."""
    for locale, language, easy in LANGUAGES:
        await walk(heard, fake, db, locale, language, easy)

    welsh = await joined(heard, fake, db, "cy", 525252)
    urgent = await welsh.say("I am going to kill myself tonight")
    assert reads("cy", "signpost.urgent.opening", text(urgent))
    assert reads("cy", "help.numbers.childline", text(urgent)) and reads(
        "cy", "safe.contact_question", text(urgent)
    )
    assert {say_in("cy", "safe.yes"), say_in("cy", "safe.no_thanks")} <= labels(urgent)
    answered = await welsh.press(data(urgent, "safe:contact:"))
    assert reads("cy", "safe.contact_yes", text(answered))


async def test_a_message_that_fails_every_try_gets_a_sorry_in_the_young_person_s_language(
    db: Database, db_url: str, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inbox worker's last-resort sorry: the person's catalogue, the helpline number from Settings."""
    childline = "0800 555 0199"  # a council's own setting, so the number cannot come from anywhere else
    async with running_heard(telegram_settings(db_url, fake, childline_phone=childline)) as heard:
        people = [(locale, await joined(heard, fake, db, locale, 535000 + n)) for n, (locale, _, _) in
                  enumerate(LANGUAGES)]  # fmt: skip
        people.append((BASE, Chat(heard, fake, 535050)))  # not joined: no language known, so English
        assert heard.channel.worker is not None
        engine = heard.channel.worker.conversation

        async def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("this turn cannot be handled")

        monkeypatch.setattr(engine, "handle", broken)  # every try of every update fails
        for locale, chat in people:
            [sorry] = await chat.say("Can you hear me?")
            assert flat(sorry.text) == flat(say_in(locale, "error.gave_up", childline=childline))
            assert say_in(locale, "button.get_help") in labels([sorry])
