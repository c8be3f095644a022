"""Young people's journeys on Telegram with the real conversation engine, driven through the webhook.

Replies are observed where Telegram would deliver them: at the fake Bot API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.appkeys import PSEUDONYMISER
from feedback.db import Database
from feedback.invites import create_invites
from feedback.models import Participant
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi, SentMessage
from tests.fakes.updates import UpdateFactory

CHAT = 424242


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def heard(db: Database, db_url: str, fake: FakeBotApi) -> AsyncIterator[RunningHeard]:
    async with running_heard(telegram_settings(db_url, fake), conversation=None) as running:
        yield running


async def invite(heard: RunningHeard, db: Database, care_status: str, age_band: str) -> str:
    now = datetime.now(UTC)
    async with db.session() as session:
        [code] = await create_invites(
            session, pseudonymiser=heard.app[PSEUDONYMISER], care_status=care_status, age_band=age_band,
            count=1, expires_at=now + timedelta(days=7), max_uses=1, batch=None, now=now,
        )  # fmt: skip
    return code


class Chat:
    """One young person's Telegram chat: send something, get what Heard answered."""

    def __init__(self, heard: RunningHeard, fake: FakeBotApi, chat_id: int) -> None:
        self.heard, self.fake, self.chat_id = heard, fake, chat_id
        self.updates = UpdateFactory(first_update_id=(chat_id % 97) * 1000 + 1)

    async def send(self, update: dict[str, object]) -> list[SentMessage]:
        before = len(self.fake.messages_to(self.chat_id))
        assert (await self.heard.post_update(update)).status == 200
        await self.fake.wait_until(lambda: len(self.fake.messages_to(self.chat_id)) > before)
        await self.heard.channel.worker_idle()
        return self.fake.messages_to(self.chat_id)[before:]

    async def say(self, words: str) -> list[SentMessage]:
        return await self.send(self.updates.text(self.chat_id, words))

    async def press(self, data: str) -> list[SentMessage]:
        return await self.send(self.updates.choice(self.chat_id, data))


async def participants(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(Participant))).scalar_one())


async def test_join_by_deep_link_consent_menu_help_my_data_and_forget_me(
    heard: RunningHeard, fake: FakeBotApi, db: Database
) -> None:
    chat = Chat(heard, fake, CHAT)
    code = await invite(heard, db, "care_leaver", "16-25")

    [card] = await chat.say(f"/start {code}")
    ok = next(d for d in card.callback_data if d.startswith("consent:ok"))
    assert await participants(db) == 0  # nothing is stored before OK

    [welcome] = await chat.press(ok)
    assert {"menu:help", "menu:mydata", "menu:forget"} <= set(welcome.callback_data)
    assert await participants(db) == 1

    help_text = " ".join(m.text for m in await chat.say("/help"))
    for number in ("0800 1111", "116 123", "999"):
        assert number in help_text

    my_data = " ".join(m.text for m in await chat.press("menu:mydata"))
    assert "care leaver" in my_data.lower()
    assert str(CHAT) not in my_data and "Jordan" not in my_data

    [question] = await chat.press("menu:forget")
    assert "forget:yes" in question.callback_data
    await chat.press("forget:yes")
    assert await participants(db) == 0

    [after] = await chat.say("hello again")
    assert after.callback_data == ["menu:help"]  # not joined any more: no menu; how to get a code, and help


async def test_an_under_16_invite_on_telegram_points_kindly_to_the_web_chat(
    heard: RunningHeard, fake: FakeBotApi, db: Database
) -> None:
    code = await invite(heard, db, "in_care", "11-15")
    [reply] = await Chat(heard, fake, CHAT + 1).say(f"/start {code}")
    assert any(url.startswith("https://heard.example.org/chat") for url in reply.urls)
    assert await participants(db) == 0


async def test_stickers_get_a_friendly_text_only_answer(heard: RunningHeard, fake: FakeBotApi) -> None:
    chat = Chat(heard, fake, CHAT + 2)
    [reply] = await chat.send(chat.updates.sticker(CHAT + 2))
    assert "text" in reply.text.lower()


async def test_nothing_readable_about_the_young_person_is_stored(
    heard: RunningHeard, fake: FakeBotApi, db: Database
) -> None:
    chat = Chat(heard, fake, CHAT + 3)
    code = await invite(heard, db, "care_leaver", "16-25")
    [card] = await chat.say(f"/start {code}")
    await chat.press(next(d for d in card.callback_data if d.startswith("consent:ok")))
    await chat.say("my placement is ok but QX-marker-77 is late")
    async with db.session() as session:
        tables = [
            r[0] for r in (await session.execute(text("SELECT name FROM sqlite_master WHERE type='table'")))
        ]
        values = []
        for table in tables:
            for row in await session.execute(text(f'SELECT * FROM "{table}"')):
                values.extend(str(v) for v in row)
    dump = " ".join(values)
    for leaked in ("Jordan", "Whitfield", "jordan_w", str(CHAT + 3), "QX-marker-77", code):
        assert leaked not in dump


async def test_words_typed_before_ok_are_not_stored_or_alerted_and_ok_still_works(
    heard: RunningHeard, fake: FakeBotApi, db: Database
) -> None:
    """Consent first on Telegram: the card keeps its buttons; what was typed is answered (danger
    with the help numbers at once), not kept or alerted."""
    from feedback.models import Alert, JoinAttempt

    chat = Chat(heard, fake, CHAT + 3)
    code = await invite(heard, db, "care_leaver", "16-25")
    [card] = await chat.say(f"/start {code}")
    ok = next(d for d in card.callback_data if d.startswith("consent:ok"))
    before = len(fake.messages_to(chat.chat_id))
    await chat.say("i want to kill myself tonight")
    await fake.wait_until(lambda: len(fake.messages_to(chat.chat_id)) >= before + 2)
    help_now, answer = fake.messages_to(chat.chat_id)[before : before + 2]
    assert "999" in help_now.text and "116 123" in help_now.text
    assert answer.text.startswith("Please read the message about privacy first, then tap OK")
    assert answer.callback_data == ["menu:help"]
    assert "consent:no" in card.callback_data  # Telegram keeps the card's keyboard: nothing edits it
    async with db.session() as session:
        for model in (Alert, JoinAttempt, Participant):
            assert (await session.execute(select(func.count()).select_from(model))).scalar_one() == 0
    [welcome] = await chat.press(ok)
    assert "Welcome to Heard" in welcome.text
