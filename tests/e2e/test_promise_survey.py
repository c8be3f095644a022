"""A young person joins, is invited to an open Promise round, and completes the survey, end to end.

Once through Telegram (webhook, inbox worker, outbox sender, the fake Bot
API) and once through the web chat as a browser without JavaScript uses it.
Afterwards the free-text answer is stored sealed, then the text worker runs
once and it holds redacted text and themes, as board papers will read it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from anonymiser.risk import assess
from bot.app import init_app
from bot.appkeys import SETTINGS
from bot.campaign_jobs import ROUND_JOBS, TickReport
from bot.settings import Settings
from bot.textworker import TextWorker, pipeline_config
from feedback import campaigns
from feedback.campaigns import RoundPlan
from feedback.crypto import Pseudonymiser, Sealer, generate_fernet_key, generate_pseudonym_key
from feedback.db import Database
from feedback.invites import create_invites, display_code
from feedback.models import AnswerRecord, Response
from surveys import Cohort
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi, SentMessage
from tests.fakes.updates import UpdateFactory

WRITTEN = "My social worker Jo Bloggs keeps changing and never rings me back on 07700 900123."
OWN = {"Sec-Fetch-Site": "none"}


@pytest.fixture(scope="module")
def executor() -> Iterator[ThreadPoolExecutor]:
    """One thread for the text worker, shared so the spaCy pipeline loads once per module."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-text") as pool:
        yield pool


async def open_round(db: Database, cohort: str) -> campaigns.SurveyRound:
    """Open a Promise round now, with no quiet or school hours so the test does not depend on the hour."""
    now = datetime.now(UTC)
    plan = RoundPlan(
        name="Promise survey", survey_id="promise-11-17", cohorts=(Cohort(*cohort.split(":")),),  # type: ignore[arg-type]
        opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(days=14),
        quiet_hours=None, school_hours=None,
    )  # fmt: skip
    async with db.session() as session:
        return await campaigns.create_round(session, plan, now=now)


async def make_code(db: Database, settings: Settings, cohort: str) -> str:
    now = datetime.now(UTC)
    care_status, band = cohort.split(":")
    async with db.session() as session:
        [code] = await create_invites(
            session, pseudonymiser=Pseudonymiser.from_setting(settings.pseudonym_key),
            care_status=care_status, age_band=band, count=1, expires_at=now + timedelta(days=7), max_uses=1,
            batch=None, now=now,
        )  # fmt: skip
    return code


Screen = dict[str, str]  # button label -> action


async def answer_survey(screen: Screen, press: Callable[[str], Any], say: Callable[[str], Any]) -> Screen:
    """Answer every screen: first option, two ticks on multiple choice, ``WRITTEN`` for free text."""
    for _ in range(80):
        acts = list(screen.values())
        by_verb = {
            verb: [a for a in acts if a.startswith(f"survey:{verb}:")] for verb in ("next", "pick", "toggle")
        }
        if by_verb["next"]:
            screen = await press(by_verb["next"][0])
        elif by_verb["toggle"]:
            await press(by_verb["toggle"][0])
            ticked = await press(by_verb["toggle"][1])
            screen = await press(next(a for a in ticked.values() if a.startswith("survey:done:")))
        elif by_verb["pick"]:
            screen = await press(by_verb["pick"][0])
        elif any(a.startswith("survey:optout:") for a in acts):
            screen = await say(WRITTEN)
        else:
            return screen
    raise AssertionError("the survey did not end")


async def check_stored(db: Database, settings: Settings, executor: ThreadPoolExecutor, channel: str) -> None:
    """The response is complete; its free text is sealed, then redacted and themed by the worker."""
    sealer = Sealer(settings.secret_keys)
    async with db.session() as session:
        response = (await session.execute(select(Response))).scalar_one()
        written = (
            await session.execute(select(AnswerRecord).where(AnswerRecord.question_id == "anything_else"))  # type: ignore[arg-type]
        ).scalar_one()
        scale = (
            await session.execute(select(AnswerRecord).where(AnswerRecord.question_id == "listen"))  # type: ignore[arg-type]
        ).scalar_one()
        # "What would help?" follows each of the three promises answered with the first option, the worst.
        follow_ups = (
            (
                await session.execute(
                    select(AnswerRecord.question_id).where(AnswerRecord.question_id.endswith("_better"))
                )  # type: ignore[attr-defined]
            )
            .scalars()
            .all()
        )
    assert (response.status, response.completed_on) == ("completed", datetime.now(UTC).date())
    assert json.loads(scale.value_json or "null") == 1
    assert written.text_sealed is not None and "07700" not in written.text_sealed
    assert sealer.open(written.text_sealed) == WRITTEN
    # The answer carries the detector's own verdict on what was written (checked before storing).
    expected_level = str(assess(WRITTEN).level)
    stored = (written.redaction_status, written.text_redacted, written.risk_level)
    assert stored == ("pending", None, expected_level)

    worker = TextWorker(db, sealer, pipeline_config(settings), executor)
    assert sorted(follow_ups) == ["feelings_better", "listen_better", "social_worker_better"]
    assert await worker.run_once() == 1 + len(follow_ups)
    async with db.session() as session:
        done = await session.get(AnswerRecord, written.id)
    assert done is not None and done.redaction_status == "done"
    assert done.text_redacted is not None
    assert "Jo Bloggs" not in done.text_redacted and "07700 900123" not in done.text_redacted
    assert "social worker" in done.text_redacted
    assert json.loads(done.themes_json or "[]"), f"themes for the {channel} answer"
    assert sealer.open(done.text_sealed or "") == WRITTEN, (
        "the raw text stays sealed until the retention purge"
    )


# -- Telegram ------------------------------------------------------------------------------------------
CHAT = 515151


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def heard(db: Database, db_url: str, fake: FakeBotApi) -> AsyncIterator[RunningHeard]:
    async with running_heard(telegram_settings(db_url, fake), conversation=None) as running:
        yield running


def _buttons(message: SentMessage) -> Screen:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


async def test_promise_survey_on_telegram(
    heard: RunningHeard, fake: FakeBotApi, db: Database, executor: ThreadPoolExecutor
) -> None:
    settings = heard.app[SETTINGS]
    updates = UpdateFactory(first_update_id=77000)
    await open_round(db, "in_care:16-17")

    def ended_with_buttons() -> bool:
        return bool(_buttons(fake.messages_to(CHAT)[-1]))

    async def send(update: dict[str, object]) -> Screen:
        before = len(fake.messages_to(CHAT))
        assert (await heard.post_update(update)).status == 200
        await heard.channel.worker_idle()
        # Every turn ends with a message that has buttons (the next screen, or the menu).
        await fake.wait_until(lambda: len(fake.messages_to(CHAT)) > before and ended_with_buttons())
        return _buttons(fake.messages_to(CHAT)[-1])

    async def press(action: str) -> Screen:
        return await send(updates.choice(CHAT, action))

    async def say(text: str) -> Screen:
        return await send(updates.text(CHAT, text))

    card = await say(f"/start {await make_code(db, settings, 'in_care:16-17')}")
    await press(card["OK"])
    before = len(fake.messages_to(CHAT))
    report = await heard.app[ROUND_JOBS].tick(datetime.now(UTC))
    assert report == TickReport(opened=1, invites=1)
    await fake.wait_until(lambda: len(fake.messages_to(CHAT)) > before)
    invite = fake.messages_to(CHAT)[-1]
    assert "There's a new survey for you: Our Promise to you" in invite.text
    assert "Pause messages" in _buttons(invite)

    first = await press(_buttons(invite)["Start the survey"])
    assert "Our Promise to you" in " ".join(m.text for m in fake.messages_to(CHAT)[-2:])
    end = await answer_survey(first, press, say)
    assert "Thank you for taking part" in fake.messages_to(CHAT)[-1].text
    assert "Take a survey" in end
    assert await heard.app[ROUND_JOBS].tick(datetime.now(UTC)) == TickReport(), "no reminder to someone done"
    await check_stored(db, settings, executor, "telegram")


# -- Web chat ------------------------------------------------------------------------------------------
@pytest.fixture
def web_settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path, database_url=db_url, secret_keys=(generate_fernet_key(),),
        pseudonym_key=generate_pseudonym_key(), webhook_secret="w" * 8 + "0123456789abcdef",
        council_name="Northshire Council",
    )  # fmt: skip


async def test_promise_survey_in_the_web_chat(
    aiohttp_client: Any, web_settings: Settings, db: Database, executor: ThreadPoolExecutor
) -> None:
    from tests.bot.webchat.page import Page, read_page

    client: TestClient = await aiohttp_client(init_app(web_settings))
    await open_round(db, "in_care:11-15")
    page: Page = read_page(await (await client.get("/chat", headers=OWN)).text())

    async def press(action: str) -> Screen:
        nonlocal page
        form = next(f for f in page.forms if action in f.buttons.values())
        response = await client.post("/chat", data={**form.hidden, "action": action}, headers=OWN)
        assert response.status == 200
        page = read_page(await response.text())
        return _last_buttons(page)

    async def say(text: str) -> Screen:
        nonlocal page
        response = await client.post("/chat", data={**page.compose.hidden, "text": text}, headers=OWN)
        assert response.status == 200
        page = read_page(await response.text())
        return _last_buttons(page)

    code = await make_code(db, web_settings, "in_care:11-15")
    page = read_page(await (await client.get(f"/chat?code={display_code(code)}", headers=OWN)).text())
    await press(page.button("OK")[1])
    assert await client.app[ROUND_JOBS].tick(datetime.now(UTC)) == TickReport(opened=1, invites=1)
    page = read_page(await (await client.get("/chat", headers=OWN)).text())
    assert "There's a new survey for you: Our Promise to you" in page.text, "the invite waits in the chat"
    first = await press(page.button("Start the survey")[1])
    assert "Question" not in page.messages[0] and "Our Promise to you" in page.text
    end = await answer_survey(first, press, say)
    assert "Thank you for taking part" in page.text
    assert "Take a survey" in end
    await check_stored(db, web_settings, executor, "web chat")


def _last_buttons(page: Any) -> Screen:
    """Return the buttons of the last message that has any (the screen being shown)."""
    with_buttons = [f for f in page.forms if f.buttons and not f.has_textarea]
    return dict(with_buttons[-1].buttons) if with_buttons else {}
