"""The safety question on Telegram, through the real webhook, worker, outbox and the fake Bot API.

Two young people write something the (scripted) risk check finds
borderline. One taps "I'm OK" and is back at the menu; the other taps "I
need help now", gets the numbers with "Do you want someone to contact you?"
(never the menu first) and says "No thanks". Both answers are on their
alerts. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import select

from bot.conversation import ConversationEngine
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.models import Alert
from tests.bot.telegram.test_journeys import invite
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.risk import BORDERLINE, ScriptedRisk
from tests.fakes.telegram import FakeBotApi, SentMessage
from tests.fakes.updates import UpdateFactory

WOBBLY = "i keep looking at the blade"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def heard(db: Database, db_url: str, fake: FakeBotApi) -> AsyncIterator[RunningHeard]:
    settings = telegram_settings(db_url, fake)
    engine = ConversationEngine(  # the app's own keys, with a risk check the test decides
        sealer=Sealer(settings.secret_keys),
        pseudonymiser=Pseudonymiser.from_setting(settings.pseudonym_key),
        assess=ScriptedRisk({WOBBLY: BORDERLINE}),
    )
    async with running_heard(settings, conversation=engine) as running:
        yield running


class Chat:
    """One young person's Telegram chat; each step waits for the message it is about."""

    def __init__(self, heard: RunningHeard, fake: FakeBotApi, chat_id: int) -> None:
        self.heard, self.fake, self.chat_id = heard, fake, chat_id
        self.updates = UpdateFactory(first_update_id=chat_id * 100)

    async def _send(
        self, update: dict[str, object], until: Callable[[SentMessage], bool]
    ) -> list[SentMessage]:
        before = len(self.fake.messages_to(self.chat_id))
        assert (await self.heard.post_update(update)).status == 200
        await self.fake.wait_until(
            lambda: any(until(m) for m in self.fake.messages_to(self.chat_id)[before:])
        )
        await self.heard.channel.worker_idle()
        return self.fake.messages_to(self.chat_id)[before:]

    async def say(self, text: str, until: Callable[[SentMessage], bool]) -> list[SentMessage]:
        return await self._send(self.updates.text(self.chat_id, text), until)

    async def press(self, data: str, until: Callable[[SentMessage], bool]) -> list[SentMessage]:
        return await self._send(self.updates.choice(self.chat_id, data), until)

    async def join(self, code: str) -> None:
        [card] = await self.say(
            f"/start {code}", lambda m: any(d.startswith("consent:ok") for d in m.callback_data)
        )
        ok = next(d for d in card.callback_data if d.startswith("consent:ok"))
        await self.press(ok, lambda m: "menu:survey" in m.callback_data)


def offers(prefix: str) -> Callable[[SentMessage], bool]:
    return lambda m: any(d.startswith(prefix) for d in m.callback_data)


def button(messages: list[SentMessage], prefix: str) -> str:
    return next(d for m in messages for d in m.callback_data if d.startswith(prefix))


async def _alerts(db: Database) -> dict[int, Alert]:
    async with db.session() as session:
        return {a.id or 0: a for a in (await session.execute(select(Alert))).scalars()}


async def test_the_check_question_and_both_answers_on_telegram(
    heard: RunningHeard, fake: FakeBotApi, db: Database
) -> None:
    fine, worried = Chat(heard, fake, 810001), Chat(heard, fake, 810002)
    await fine.join(await invite(heard, db, "care_leaver", "16-25"))
    await worried.join(await invite(heard, db, "care_leaver", "16-25"))

    asked = await fine.say(WOBBLY, offers("safe:ok:"))
    assert "Are you safe right now?" in asked[-1].text
    assert {"safe:ok", "safe:help"} == {d.rsplit(":", 1)[0] for d in asked[-1].callback_data}
    assert not any("menu:survey" in m.callback_data for m in asked)  # the question, not the menu
    ok = await fine.press(button(asked, "safe:ok:"), lambda m: "menu:survey" in m.callback_data)
    assert "I'm glad" in ok[-1].text and "menu:help" in ok[-1].callback_data

    asked = await worried.say(WOBBLY, offers("safe:help:"))
    urgent = await worried.press(button(asked, "safe:help:"), offers("safe:no_contact:"))
    [message] = urgent  # the numbers and the question in one message: nothing before it
    assert "0800 1111" in message.text and "999" in message.text
    assert message.text.endswith("Do you want someone from our safety team to contact you?")
    assert "menu:survey" not in message.callback_data
    declined = await worried.press(
        button(urgent, "safe:no_contact:"), lambda m: "menu:survey" in m.callback_data
    )
    assert "That's OK" in declined[-1].text

    alerts = await _alerts(db)
    answers = sorted((a.level, a.check_answer, a.contact_wanted) for a in alerts.values())
    assert answers == [("concern", "ok", None), ("urgent", "help", False)]
    assert all(a.reasons == list(BORDERLINE.reasons) for a in alerts.values())
