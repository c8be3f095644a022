"""The whole conversation in English, easy read and Welsh through the web chat, as a browser without script.

Each walk chooses its language on the privacy card, then goes to the menu,
help, "tell us something", a survey question and "my data". What comes back
is compared with the catalogue of that language (and the survey file's own
wording), never with typed-in text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import init_app
from bot.conversation.catalogue import BASE, say_in
from bot.settings import Settings
from feedback.db import Database
from feedback.invites import display_code
from tests.bot.conversation.languages import LANGUAGES, flat, reads, survey_title
from tests.bot.webchat.page import Page, read_page
from tests.bot.webchat.test_views import OWN, _code, _press, _say
from tests.feedback.rounds import install_bank, make_round


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings, db: Database) -> TestClient:
    now = datetime.now(UTC)
    await install_bank(db, now - timedelta(days=1))
    await make_round(
        db, now - timedelta(days=1), survey="check-in", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7), cohorts=("in_care:16-17",), name="Check-in",
    )  # fmt: skip
    return await aiohttp_client(init_app(settings))


async def _card(client: TestClient, db: Database, settings: Settings, locale: str) -> Page:
    """Return the privacy card for a new 16-17 code, in ``locale`` (chosen on the card when not English)."""
    code = await _code(db, settings, band="16-17")
    response = await client.get(f"/chat?code={display_code(code)}", headers=OWN)
    card = read_page(await response.text())
    assert reads(BASE, "consent.card.older", card.text), "the card first comes in English"
    if locale != BASE:
        card = await _press(client, card, say_in(locale, "language.choose"))
        assert reads(locale, "consent.card.older", card.text)
    return card


@pytest.mark.parametrize(("locale", "language", "easy"), LANGUAGES, ids=[w[0] for w in LANGUAGES])
async def test_the_whole_conversation_in_each_language(
    client: TestClient, db: Database, settings: Settings, locale: str, language: str, easy: bool
) -> None:
    card = await _card(client, db, settings, locale)
    menu = await _press(client, card, say_in(locale, "consent.ok"))
    assert reads(locale, "welcome.new", menu.text)

    helped = await _press(client, menu, say_in(locale, "button.get_help"))
    assert reads(locale, "help.opening", helped.text) and reads(locale, "help.numbers.childline", helped.text)
    menu = await _press(client, helped, say_in(locale, "button.back_to_menu"))

    writing = await _press(client, menu, say_in(locale, "menu.tell"))
    assert reads(locale, "tell.write_start", writing.text)
    kept = await _say(client, writing, "The bus to college is always late")
    assert reads(locale, "tell.draft_kept_first", kept.text)
    topics = await _press(client, kept, say_in(locale, "button.done"))
    assert reads(locale, "tell.topic_ask", topics.text)
    sent = await _press(client, topics, say_in(locale, "button.skip"))
    assert reads(locale, "tell.raised", sent.text)

    survey = await _press(client, sent, say_in(locale, "menu.survey"))
    assert flat(survey_title("check-in", language, easy_read=easy)) in flat(survey.text)
    later = await _press(client, survey, say_in(locale, "survey.later"))
    assert reads(locale, "survey.later_ok", later.text)

    mine = await _press(client, later, say_in(locale, "menu.my_data"))
    assert reads(locale, "mydata.heading", mine.text) and reads(locale, "mydata.never_ask", mine.text)
    if locale != BASE:
        assert not reads(BASE, "mydata.heading", mine.text), "no English left in another language"

    page = unescape(await (await client.get("/chat", headers=OWN)).text())  # the page's own frame too
    assert f'<html lang="{"cy" if locale == "cy" else "en-GB"}">' in page
    for key in ("web.hint", "web.send", "web.hide", "web.private"):
        assert say_in(locale, key) in page, key


async def test_crisis_signposting_comes_in_welsh(
    client: TestClient, db: Database, settings: Settings
) -> None:
    card = await _card(client, db, settings, "cy")
    menu = await _press(client, card, say_in("cy", "consent.ok"))
    urgent = await _say(client, menu, "I am going to kill myself tonight")
    assert reads("cy", "signpost.urgent.opening", urgent.text)
    assert reads("cy", "help.numbers.childline", urgent.text) and reads(
        "cy", "help.numbers.danger", urgent.text
    )
    assert reads("cy", "safe.contact_question", urgent.text)
    assert {settings.childline_phone, settings.samaritans_phone, "999"} <= set(urgent.links)
    assert not reads(BASE, "signpost.urgent.opening", urgent.text)
    answered = await _say(client, urgent, "Ie")  # "yes", typed in Welsh, answers "contact you?"
    assert reads("cy", "safe.contact_yes", answered.text)
