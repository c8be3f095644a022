"""The whole "tell us something" loop through the real entry points, on SQLite and PostgreSQL.

A young person on Telegram (the fake Bot API, through the webhook) raises an
issue; the text worker anonymises it; a participation worker signs in to the
portal over HTTP and replies; the reply reaches the young person, who presses
Answer and answers back; the worker closes with an outcome; the young person
is told and says it helped. Every portal page the worker saw is checked for
the raw words, which must never be there.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from aiohttp import ClientSession, CookieJar
from argon2 import PasswordHasher
from sqlalchemy import func, select

from bot.portal import PORTAL, PORTAL_APP
from bot.textworker import TEXT_WORKER
from feedback.db import Database
from feedback.models import Alert, Issue, IssueMessage, table_of
from feedback.staff import Passwords, Role, add_staff
from tests.bot.telegram.test_journeys import invite
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi, SentMessage
from tests.fakes.updates import UpdateFactory

CHAT = 880011
PASSWORD = "a long test passphrase"
RAW_NAME, RAW_PHONE = "Jasmine Okafor", "07700 900123"
RAISED = [
    f"My PA {RAW_NAME} hasn't rung me back for three weeks.",
    f"You can tell her my number is {RAW_PHONE}",
]
ANSWER = f"Monday after college works. {RAW_NAME} knows where I live."
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
REFERENCE = re.compile(r"\bH-[A-Z0-9]{6}\b")
_message = table_of(IssueMessage)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def heard(db: Database, db_url: str, fake: FakeBotApi) -> AsyncIterator[RunningHeard]:
    # One redaction thread in this process (no worker processes), so the test can drain it itself.
    settings = telegram_settings(db_url, fake, redaction_workers=0)
    async with running_heard(settings) as running:
        running.app[PORTAL_APP][PORTAL].secure_cookies = False  # plain http on 127.0.0.1 in tests
        yield running


class YoungPerson:
    """A young person's Telegram chat: each step waits for the message it expects from Heard.

    A turn can bring several messages (signposting, then the answer), sent one by
    one by the outbox sender, so a step waits for the one it is about.
    """

    def __init__(self, heard: RunningHeard, fake: FakeBotApi) -> None:
        self.heard, self.fake, self.updates = heard, fake, UpdateFactory()

    async def _send(self, update: dict[str, object], until: Callable[[SentMessage], bool]) -> SentMessage:
        before = len(self.fake.messages_to(CHAT))
        assert (await self.heard.post_update(update)).status == 200

        def arrived() -> list[SentMessage]:
            return [m for m in self.fake.messages_to(CHAT)[before:] if until(m)]

        await self.fake.wait_until(lambda: bool(arrived()))
        return arrived()[0]

    async def say(self, text: str, until: Callable[[SentMessage], bool]) -> SentMessage:
        return await self._send(self.updates.text(CHAT, text), until)

    async def press(self, data: str, until: Callable[[SentMessage], bool]) -> SentMessage:
        return await self._send(self.updates.choice(CHAT, data), until)


def offers(action: str) -> Callable[[SentMessage], bool]:
    """Return a check for a message with a button carrying ``action``."""
    return lambda message: action in message.callback_data


def says(words: str) -> Callable[[SentMessage], bool]:
    """Return a check for a message containing ``words``."""
    return lambda message: words in message.text


class Worker:
    """A participation worker using the portal over HTTP; keeps every page they were shown."""

    def __init__(self, http: ClientSession, base: str) -> None:
        self.http, self.base, self.token, self.pages = http, base, "", list[str]()

    async def get(self, path: str) -> str:
        async with self.http.get(f"{self.base}{path}") as response:
            assert response.status == 200, path
            page = await response.text()
        self.pages.append(page)
        found = CSRF.search(page)
        self.token = found.group(1) if found else self.token
        return page

    async def post(self, path: str, **form: str) -> str:
        async with self.http.post(f"{self.base}{path}", data={"_csrf": self.token, **form}) as response:
            assert response.status == 200, path
            page = await response.text()
        self.pages.append(page)
        return page

    async def sign_in(self, username: str) -> None:
        await self.get("/staff/login")
        await self.post("/staff/login", username=username, password=PASSWORD)
        await self.get("/staff/dashboard")


async def _anonymise(heard: RunningHeard, db: Database) -> None:
    """Run the text worker until nothing written by a young person is waiting."""
    worker = heard.app[TEXT_WORKER]
    for _ in range(5):
        await worker.run_once()
        async with db.session() as session:
            waiting = await session.execute(
                select(func.count()).select_from(_message).where(_message.c.redaction_status == "pending")
            )
            if waiting.scalar_one() == 0:
                return
    raise AssertionError("texts still waiting for redaction")


async def test_raise_reply_answer_close_and_helped_end_to_end(
    heard: RunningHeard, fake: FakeBotApi, db: Database
) -> None:
    async with db.session() as session:
        cheap = Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        await add_staff(session, username="priya", role=Role.PARTICIPATION_WORKER, password=PASSWORD,
                        passwords=cheap, now=datetime.now(UTC), display_name="Priya")  # fmt: skip
    young = YoungPerson(heard, fake)
    code = await invite(heard, db, "care_leaver", "16-25")
    card = await young.say(f"/start {code}", lambda m: any(d.startswith("consent:") for d in m.callback_data))
    ok = next(d for d in card.callback_data if d.startswith("consent:ok"))
    await young.press(ok, offers("menu:tell"))

    # The young person writes twice, then sends, then says what it is about.
    await young.press("menu:tell", offers("tell:cancel"))
    await young.say(RAISED[0], offers("tell:send"))
    await young.say(RAISED[1], says("2 messages so far"))
    await young.press("tell:send", offers("tell:topic:SW"))
    raised = await young.press("tell:topic:SW", says("Your reference is"))
    [reference] = REFERENCE.findall(raised.text)

    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
        worker = Worker(http, heard.base_url)
        await worker.sign_in("priya")
        waiting = await worker.get(f"/staff/issues/{reference}")  # maybe not anonymised yet: never raw
        assert reference in waiting
        await _anonymise(heard, db)
        thread = await worker.get(f"/staff/issues/{reference}")
        assert "rung me back for three weeks" in thread  # the anonymised words are shown

        # The worker replies; it reaches the young person with Answer and Close buttons.
        before = len(fake.messages_to(CHAT))
        await worker.post(f"/staff/issues/{reference}/reply", text="Sorry. When can your PA ring you?")
        await fake.wait_until(lambda: len(fake.messages_to(CHAT)) > before)
        relayed = fake.messages_to(CHAT)[-1]
        assert "When can your PA ring you?" in relayed.text and "Priya" not in relayed.text
        answer = f"tell:answer:{reference}"
        assert answer in relayed.callback_data

        # The young person presses Answer, writes, and sends.
        await young.press(answer, offers("tell:cancel"))
        await young.say(ANSWER, offers("tell:send"))
        sent = await young.press("tell:send", says("Sent."))
        assert reference in sent.text
        await _anonymise(heard, db)
        thread = await worker.get(f"/staff/issues/{reference}")
        assert "Monday after college works." in thread

        # The worker closes with an outcome; the young person is told and says it helped.
        before = len(fake.messages_to(CHAT))
        await worker.post(f"/staff/issues/{reference}/close", outcome="Your PA will ring you on Monday at 4.")
        await fake.wait_until(lambda: len(fake.messages_to(CHAT)) > before)
        told = fake.messages_to(CHAT)[-1]
        assert "You said, we did" in told.text and "Monday at 4" in told.text
        await young.press(f"tell:helped_yes:{reference}", says("glad it helped"))
        await worker.get("/staff/issues?status=all")

    async with db.session() as session:
        found = await session.execute(select(Issue).where(table_of(Issue).c.reference == reference))
        issue = found.scalar_one()
        stmt = select(IssueMessage).where(_message.c.issue_id == issue.id).order_by(_message.c.id)
        rows = (await session.execute(stmt)).scalars().all()
        alerts = (await session.execute(select(Alert))).scalars().all()
    assert (issue.status, issue.helped, issue.topic) == ("closed", "yes", "SW")
    assert [r.author for r in rows] == ["young_person", "young_person", "worker", "young_person", "system"]
    assert all(r.redaction_status == "done" for r in rows)
    # The risk check may judge a message a concern; any alert it raised is tied to this thread.
    assert all(alert.issue_id == issue.id for alert in alerts)
    seen = "\n".join(worker.pages)
    for raw in (RAW_NAME, "Jasmine", "Okafor", RAW_PHONE, "07700", str(CHAT)):
        assert raw not in seen, f"staff were shown {raw!r}"
