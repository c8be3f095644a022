"""The webhook through the real app and PTB stack against the fake Bot API.

What a young person sends is POSTed as Telegram would; what Heard answers is
observed at the fake. The conversation engine here is a small test engine:
the real engine's journeys are in ``test_journeys.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.conversation.catalogue import say_in
from feedback.db import Database
from tests.fakes.conversation import EchoEngine
from tests.fakes.heard import RunningHeard, running_heard, telegram_settings
from tests.fakes.telegram import FakeBotApi
from tests.fakes.updates import UpdateFactory


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
def engine() -> EchoEngine:
    return EchoEngine()


@pytest.fixture
async def heard(
    db: Database, db_url: str, fake: FakeBotApi, engine: EchoEngine
) -> AsyncIterator[RunningHeard]:
    async with running_heard(telegram_settings(db_url, fake), engine) as running:
        yield running


async def _inbox_rows(db: Database) -> list[tuple[object, ...]]:
    async with db.session() as session:
        return [tuple(r) for r in (await session.execute(text("SELECT * FROM inbox"))).all()]


async def test_start_registers_the_webhook_with_secret_and_only_the_updates_heard_uses(
    heard: RunningHeard, fake: FakeBotApi
) -> None:
    assert fake.webhook is not None
    assert fake.webhook["url"] == "https://heard.example.org/telegram/webhook"
    assert fake.webhook["secret_token"] == heard.channel.settings.webhook_secret
    allowed = fake.webhook["allowed_updates"]
    assert sorted(allowed if isinstance(allowed, list) else eval(allowed)) == ["callback_query", "message"]


async def test_a_text_is_stored_then_answered_through_the_bot_api(
    heard: RunningHeard, fake: FakeBotApi
) -> None:
    updates = UpdateFactory()
    response = await heard.post_update(updates.text(4242, "hello there"))
    assert response.status == 200
    [sent] = await fake.wait_for_sent(1)
    assert sent.chat_id == 4242
    assert sent.text == "You said: hello there"
    assert sent.callback_data == ["ok", "menu"]


async def test_replies_go_out_from_the_delivery_process_by_default(
    heard: RunningHeard, fake: FakeBotApi
) -> None:
    delivery = heard.channel.delivery_process
    assert delivery is not None and delivery.pid is not None and delivery.starts == 1
    await heard.post_update(UpdateFactory().text(4243, "from the child"))
    [sent] = await fake.wait_for_sent(1)
    assert (sent.chat_id, sent.text) == (4243, "You said: from the child")


async def test_inline_delivery_answers_from_the_server_process(
    db: Database, db_url: str, fake: FakeBotApi, engine: EchoEngine
) -> None:
    settings = telegram_settings(db_url, fake, telegram_delivery="inline")
    async with running_heard(settings, engine) as heard:
        assert heard.channel.delivery_process is None
        await heard.post_update(UpdateFactory().text(4244, "inline"))
        [sent] = await fake.wait_for_sent(1)
    assert (sent.chat_id, sent.text, sent.callback_data) == (4244, "You said: inline", ["ok", "menu"])


async def test_wrong_or_missing_secret_is_refused_and_nothing_is_stored(
    heard: RunningHeard, db: Database, engine: EchoEngine
) -> None:
    updates = UpdateFactory()
    wrong = await heard.post_update(updates.text(1, "hi"), secret="not-the-secret-at-all")
    missing = await heard.post_raw(b'{"update_id": 5}', secret=None)
    assert (wrong.status, missing.status) == (403, 403)
    assert await _inbox_rows(db) == []
    assert engine.handled == []


async def test_bad_json_and_non_updates_are_refused_with_400(heard: RunningHeard, db: Database) -> None:
    assert (await heard.post_raw(b"{not json")).status == 400
    assert (await heard.post_raw(b"\xff\xfe")).status == 400
    assert (await heard.post_raw(b"[1, 2]")).status == 400
    assert (await heard.post_raw(b'{"update_id": "7"}')).status == 400
    assert await _inbox_rows(db) == []


async def test_the_same_update_twice_gets_one_reply(heard: RunningHeard, fake: FakeBotApi) -> None:
    update = UpdateFactory().text(77, "same again")
    assert (await heard.post_update(update)).status == 200
    assert (await heard.post_update(update)).status == 200
    await fake.wait_for_sent(1)
    follow_up = UpdateFactory(first_update_id=5000).text(77, "next")
    await heard.post_update(follow_up)
    sent = await fake.wait_for_sent(2)
    assert [m.text for m in sent] == ["You said: same again", "You said: next"]
    metrics = heard.channel.worker.metrics if heard.channel.worker else None
    assert metrics is not None
    assert metrics.updates_duplicate.labels("telegram")._value.get() == 1


async def test_names_and_usernames_are_not_stored(
    heard: RunningHeard, db: Database, fake: FakeBotApi
) -> None:
    await heard.post_update(UpdateFactory().text(31337, "my text"))
    await fake.wait_for_sent(1)
    raw = " ".join(str(v) for row in await _inbox_rows(db) for v in row)
    for leaked in ("Jordan", "Whitfield", "jordan_w", "31337", "my text"):
        assert leaked not in raw


async def test_location_and_contact_are_discarded_and_answered_kindly(
    heard: RunningHeard, fake: FakeBotApi, engine: EchoEngine, db: Database
) -> None:
    updates = UpdateFactory()
    await heard.post_update(updates.location(900, 51.501364, -0.14189))
    await heard.post_update(updates.contact(900, "+447700900123"))
    sent = await fake.wait_for_sent(2)
    assert [m.text for m in sent] == ["I can only read text for now."] * 2
    assert [(h.unsupported, h.text) for h in engine.handled] == [("location", ""), ("contact", "")]
    opened = [heard.channel.sealer.open(str(row[4])) for row in await _inbox_rows(db)]
    assert all("51.50" not in p and "7700900123" not in p for p in opened)


async def test_a_button_press_is_answered_and_handed_to_the_engine(
    heard: RunningHeard, fake: FakeBotApi, engine: EchoEngine
) -> None:
    await heard.post_update(UpdateFactory().choice(55, "consent:ok", query_id="q-1"))
    [sent] = await fake.wait_for_sent(1)
    assert sent.text == "You chose consent:ok"
    await fake.wait_until(lambda: len(fake.callback_answers) == 1)
    assert fake.callback_answers[0]["callback_query_id"] == "q-1"
    assert "text" not in fake.callback_answers[0]


@pytest.mark.parametrize("data", ["x" * 65, "has space", "émoji🙂", ""])
async def test_forged_callback_data_gets_a_clear_answer_and_never_reaches_the_engine(
    heard: RunningHeard, fake: FakeBotApi, engine: EchoEngine, db: Database, data: str
) -> None:
    response = await heard.post_update(UpdateFactory().choice(56, data, query_id="q-2"))
    assert response.status == 200
    await fake.wait_until(lambda: len(fake.callback_answers) == 1)
    assert "doesn't work" in fake.callback_answers[0]["text"]
    assert engine.handled == []
    assert await _inbox_rows(db) == []


@pytest.mark.parametrize(("app_language", "key"), [("cy", "cy"), ("en-GB", "en"), ("xx", "en"), (None, "en")])
async def test_a_stale_button_is_answered_in_the_language_of_the_telegram_app(
    heard: RunningHeard, fake: FakeBotApi, engine: EchoEngine, app_language: str | None, key: str
) -> None:
    """Heard answers a stale button before looking anyone up, so it uses the app's language."""
    update = UpdateFactory().choice(57, "x" * 65, query_id="q-3")
    if app_language is None:
        update["callback_query"]["from"].pop("language_code", None)
    else:
        update["callback_query"]["from"]["language_code"] = app_language
    await heard.post_update(update)
    await fake.wait_until(lambda: len(fake.callback_answers) == 1)
    assert fake.callback_answers[0]["text"] == say_in(key, "telegram.bad_choice")
    assert engine.handled == []


async def test_group_messages_are_ignored(heard: RunningHeard, db: Database) -> None:
    response = await heard.post_update(UpdateFactory().group_text(1, -100200, "hello group"))
    assert response.status == 200
    assert await _inbox_rows(db) == []


async def test_database_unavailable_answers_503_so_telegram_retries(
    heard: RunningHeard, fake: FakeBotApi, tmp_path: object
) -> None:
    intake = heard.channel.intake
    assert intake is not None
    working, unavailable = intake.arrivals.database, Database("sqlite:////nonexistent-dir/heard.db")
    intake.arrivals.database = unavailable
    update = UpdateFactory().text(808, "are you there")
    try:
        assert (await heard.post_update(update)).status == 503
    finally:
        await unavailable.dispose()
        intake.arrivals.database = working
    assert (await heard.post_update(update)).status == 200  # Telegram's retry
    [sent] = await fake.wait_for_sent(1)
    assert sent.text == "You said: are you there"
