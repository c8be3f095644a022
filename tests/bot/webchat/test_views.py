"""The web chat over HTTP as a browser without JavaScript uses it, and the JSON routes its script uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import init_app
from bot.conversation import InboundKind, Reply
from bot.conversation.types import inbound_from_json
from bot.outgoing import queue_replies
from bot.settings import Settings
from bot.webchat.views import WEBCHAT
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.invites import create_invites, display_code
from feedback.models import InboxItem, Participant
from tests.bot.webchat.conftest import chat_settings
from tests.bot.webchat.page import Page, read_page

OWN = {"Sec-Fetch-Site": "none"}  # what a browser sends for a typed address or a bookmark


async def _code(db: Database, settings: Settings, band: str = "11-15", status: str = "in_care") -> str:
    now = datetime.now(UTC)
    async with db.session() as session:
        [code] = await create_invites(
            session,
            pseudonymiser=Pseudonymiser.from_setting(settings.pseudonym_key),
            care_status=status,
            age_band=band,
            count=1,
            expires_at=now + timedelta(days=7),
            max_uses=1,
            batch=None,
            now=now,
        )
    return code


async def _count(db: Database, model: Any) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings, db: Database) -> TestClient:
    return await aiohttp_client(init_app(settings))


async def _open(client: TestClient, path: str = "/chat") -> Page:
    response = await client.get(path, headers=OWN)
    assert response.status == 200, await response.text()
    return read_page(await response.text())


async def _press(client: TestClient, page: Page, label: str) -> Page:
    form, action = page.button(label)
    response = await client.post("/chat", data={**form.hidden, "action": action}, headers=OWN)
    assert response.status == 200 and response.url.path == "/chat"  # redirected back to the page
    return read_page(await response.text())


async def _say(client: TestClient, page: Page, text: str) -> Page:
    response = await client.post("/chat", data={**page.compose.hidden, "text": text}, headers=OWN)
    assert response.status == 200
    return read_page(await response.text())


async def test_arriving_from_another_site_gets_a_continue_page_and_no_cookie(client: TestClient) -> None:
    response = await client.get("/chat?code=K7MX-Q2PD", headers={"Sec-Fetch-Site": "cross-site"})
    html = await response.text()
    assert response.status == 200 and "Set-Cookie" not in response.headers
    assert 'href="/chat?code=K7MX-Q2PD"' in html and "Open the chat" in html
    unknown = await client.get("/chat")  # no Sec-Fetch-Site at all (older browsers): the same, to be safe
    assert "Set-Cookie" not in unknown.headers


async def test_the_identity_cookie_is_httponly_and_strict(client: TestClient) -> None:
    response = await client.get("/chat", headers=OWN)
    cookie = response.cookies["heard_chat_local"]  # plain-http development: __Host- needs https
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert not cookie["secure"]  # plain http here
    assert int(cookie["max-age"]) > 30 * 86400
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


async def test_the_cookie_is_secure_when_served_over_https(aiohttp_client: Any, tmp_path, db_url, db) -> None:
    settings = chat_settings(tmp_path, db_url, public_url="https://heard.example.org")
    client = await aiohttp_client(init_app(settings))
    response = await client.get("/chat", headers=OWN)
    cookie = response.cookies["__Host-heard_chat"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]


async def test_join_consent_menu_help_my_data_and_forget_me_without_javascript(
    client: TestClient, db: Database, settings: Settings
) -> None:
    first = await _open(client)
    assert "invite code" in first.text
    code = await _code(db, settings, band="8-10")
    response = await client.get(f"/chat?code={display_code(code)}", headers=OWN)
    assert (
        response.url.path == "/chat" and "code" not in response.url.query
    )  # the code leaves the address bar
    card = read_page(await response.text())
    assert "It is private, but it is not a secret" in card.text
    assert await _count(db, Participant) == 0

    menu = await _press(client, card, "OK")
    assert "Welcome to Heard" in menu.text and await _count(db, Participant) == 1
    helped = await _press(client, menu, "Get help now")
    assert {"0800 1111", "116 123", "999", "01632 960 999"} <= set(helped.links)  # tappable numbers
    assert helped.links["0800 1111"] == "tel:08001111"
    mine = await _press(client, helped, "Back to the menu")
    mydata = await _press(client, mine, "My data")
    assert "in care, age 8 to 10" in mydata.text and "the web chat" in mydata.text
    asked = await _press(client, mydata, "Forget me")
    gone = await _press(client, asked, "Yes, forget me")
    assert "forgotten you" in gone.text
    assert await _count(db, Participant) == 0


async def test_reopening_the_page_shows_the_menu_and_typing_reaches_the_engine(
    client: TestClient, db: Database, settings: Settings
) -> None:
    card = read_page(await (await client.get(f"/chat?code={await _code(db, settings)}", headers=OWN)).text())
    await _press(client, card, "OK")
    again = await _open(client)
    assert "Welcome back" in again.text
    assert again.button("Take a survey")[1] == "menu:survey"
    answered = await _say(client, again, "I feel really lonely and sad all the time")
    assert "Thank you for telling me" in answered.text


async def test_a_form_sent_twice_is_handled_once(
    client: TestClient, db: Database, settings: Settings
) -> None:
    card = read_page(await (await client.get(f"/chat?code={await _code(db, settings)}", headers=OWN)).text())
    menu = await _press(client, card, "OK")
    items = await _count(db, InboxItem)
    form, action = menu.button("My data")
    data = {**form.hidden, "action": action}
    first = await client.post("/chat", data=data, headers=OWN)
    again = await client.post("/chat", data=data, headers=OWN)  # double tap, or back and resend
    assert "the web chat" in read_page(await first.text()).text
    assert "the web chat" not in read_page(await again.text()).text
    assert await _count(db, InboxItem) == items + 1


async def test_the_inbox_keeps_a_web_message_in_the_one_form_without_its_words(
    client: TestClient, db: Database, settings: Settings
) -> None:
    card = read_page(await (await client.get(f"/chat?code={await _code(db, settings)}", headers=OWN)).text())
    menu = await _press(client, card, "OK")
    await _say(client, menu, "my flat is cold and QZ-words-41 is broken")
    async with db.session() as session:
        sealed = (await session.execute(select(InboxItem.payload_sealed))).scalars().all()  # type: ignore[call-overload]
    stored = [inbound_from_json(Sealer(settings.secret_keys).open(payload)) for payload in sealed]
    assert stored and all(s.channel == "web" and s.text == "" for s in stored)
    assert InboundKind.TEXT in {s.kind for s in stored}


async def test_someone_not_joined_is_answered_but_leaves_no_row(
    client: TestClient, db: Database, settings: Settings
) -> None:
    page = await _open(client)
    data = {**page.compose.hidden, "text": f"/start {await _code(db, settings)}"}
    first = await client.post("/chat", data=data, headers=OWN)
    assert first.status == 200 and "Tap OK to start" in read_page(await first.text()).text
    assert await _count(db, InboxItem) == 0


async def test_posts_without_the_pages_csrf_token_are_refused(
    client: TestClient, aiohttp_client: Any
) -> None:
    page = await _open(client)
    good = page.compose.hidden
    for data in ({"nonce": good["nonce"], "text": "hi"}, {**good, "csrf": "x" * 32, "text": "hi"}):
        response = await client.post("/chat", data=data, headers=OWN)
        assert response.status == 403
    async with TestClient(client.server, cookie_jar=CookieJar(unsafe=True)) as stranger:
        await stranger.get("/chat", headers=OWN)
        stolen = await stranger.post("/chat", data={**good, "text": "hi"}, headers=OWN)  # another's token
        assert stolen.status == 403


async def test_javascript_gets_json_with_the_same_markup(
    client: TestClient, db: Database, settings: Settings
) -> None:
    page = await _open(client)
    data = {**page.compose.hidden, "text": await _code(db, settings)}
    response = await client.post("/chat", data=data, headers={**OWN, "Accept": "application/json"})
    body = await response.json()
    fragment = read_page(body["html"])
    assert body["count"] == 1 and "Tap OK to start" in fragment.text
    form, action = fragment.button("OK")
    assert form.hidden["csrf"] == page.compose.hidden["csrf"] and action.startswith("consent:ok:")


async def test_messages_queued_later_reach_the_page_once(
    client: TestClient, db: Database, settings: Settings
) -> None:
    card = read_page(await (await client.get(f"/chat?code={await _code(db, settings)}", headers=OWN)).text())
    await _press(client, card, "OK")
    sealer = Sealer(settings.secret_keys)
    async with db.session() as session:
        participant = (await session.execute(select(Participant))).scalar_one()
        assert participant.chat_id_sealed is not None
        await queue_replies(
            session,
            sealer=sealer,
            pseudonymiser=Pseudonymiser.from_setting(settings.pseudonym_key),
            channel="web",
            address=sealer.open(participant.chat_id_sealed),
            replies=[Reply("A worker replied: thank you, we are fixing the heating.")],
            now=datetime.now(UTC),
        )
    polled = await (await client.get("/chat/messages")).json()
    assert polled["count"] == 1 and "fixing the heating" in read_page(polled["html"]).text
    assert (await (await client.get("/chat/messages")).json())["count"] == 0


async def test_a_failure_inside_still_answers_with_help_numbers(client: TestClient) -> None:
    class Broken:
        async def handle(self, *args: object, **kwargs: object) -> list[Reply]:
            raise RuntimeError("database went away")

    page = await _open(client)
    client.server.app[WEBCHAT].engine = Broken()  # type: ignore[assignment]
    response = await client.post("/chat", data={**page.compose.hidden, "text": "hello"}, headers=OWN)
    assert response.status == 500
    assert "0800 1111" in read_page(await response.text()).text


async def test_static_files_are_served_for_the_page(client: TestClient) -> None:
    html = await (await client.get("/chat", headers=OWN)).text()
    for name in ("chat.css", "chat.js"):
        start = html.index(f"/chat/static/{name}")
        url = html[start : html.index('"', start)].replace("&amp;", "&")
        response = await client.get(url)
        assert response.status == 200, url


async def test_words_typed_before_ok_get_the_card_again_and_leave_nothing(
    client: TestClient, db: Database, settings: Settings
) -> None:
    """Consent first, in the web chat without JavaScript: the card and its buttons come back,
    nothing is kept or alerted, and words of danger still get the help numbers at once."""
    from feedback.models import Alert, JoinAttempt, OutboxItem

    card = await _open(client, f"/chat?code={await _code(db, settings)}")
    assert "Before we start" in card.text
    again = await _say(client, card, "i want to kill myself tonight, call me on 07700 900123")
    assert "999" in again.text and "116 123" in again.text  # danger gets the numbers at once
    assert "Please read this first, then tap OK." in again.text
    assert "Before we start" in again.text
    for model in (Alert, InboxItem, OutboxItem, JoinAttempt, Participant):
        assert await _count(db, model) == 0
    helped = await _press(client, again, "Get help now")  # help for anyone; the card is still open
    assert "0800 1111" in helped.text
    once_more = await _say(client, helped, "hello?")
    assert once_more.text.startswith("Please read this first")
    welcome = await _press(client, once_more, "OK")
    assert "Welcome to Heard" in welcome.text and await _count(db, Participant) == 1
    assert await _count(db, Alert) == 0


async def test_tell_us_something_has_one_send_button(
    client: TestClient, db: Database, settings: Settings
) -> None:
    """The message box's Send adds to the message; the flow's own button is "Done", not a second Send."""
    card = await _open(client, f"/chat?code={await _code(db, settings)}")
    menu = await _press(client, card, "OK")
    writing = await _press(client, menu, "Tell us something")
    typed = {**writing.compose.hidden, "text": "the wifi is slow"}
    kept = await client.post("/chat", data=typed, headers=OWN)
    html = await kept.text()
    assert html.count(">Send</button>") == 1 and "tap Done" in html
    page = read_page(html)
    assert page.button("Done")[1] == "tell:send"
